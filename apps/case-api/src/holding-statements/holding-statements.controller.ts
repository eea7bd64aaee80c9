import {
  Body,
  Controller,
  Get,
  Headers,
  HttpCode,
  HttpStatus,
  Inject,
  NotFoundException,
  Param,
  Post,
  Put,
  Query,
  Res,
} from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { Db } from 'mongodb';
import { Roles } from '#libs/platform';
import type { HoldingStatementDraftedPayload } from '#libs/domain';
import { type HoldingStatementsDocument, isStatementStale, ReadModelCatalog } from '#libs/read-models';
import { CaseCommandRunner } from '../cases/case-command-runner.js';
import { ReadYourWritesQueryDto } from '../cases/dto/case-queries.dto.js';
import { CaseIdPipe } from '../http/case-id.pipe.js';
import { ReadYourWrites } from '../http/read-your-writes.js';
import { sendDocument } from '../documents/document-output.js';
import { composeHoldingStatementDocument } from '../documents/holding-statement-document.composer.js';
import { CommandRequest, type RequestContext } from '../http/request-context.decorator.js';
import { HoldingStatementComposer } from './holding-statement-composer.js';
import {
  DraftHoldingStatementDto,
  LatestStatementQueryDto,
  WithdrawHoldingStatementDto,
} from './holding-statement.dtos.js';
import { OrganisationProfileDto } from './organisation-profile.dto.js';
import { StatementSettings } from './statement-settings.js';

type StatementView = HoldingStatementsDocument['statements'][number] & { stale: boolean };

/** The PR team's holding statements: composed from verified facts, approved by a second person, kept current. */
@ApiTags('Holding statements')
@Controller()
export class HoldingStatementsController {
  constructor(
    @Inject(CaseCommandRunner) private readonly commands: CaseCommandRunner,
    @Inject(HoldingStatementComposer) private readonly composer: HoldingStatementComposer,
    @Inject(StatementSettings) private readonly settings: StatementSettings,
    @Inject(ReadModelCatalog) private readonly catalog: ReadModelCatalog,
    @Inject(Db) private readonly db: Db,
    @Inject(ReadYourWrites) private readonly reads: ReadYourWrites,
  ) {}

  @Post('v1/cases/:caseId/holding-statements')
  @ApiOperation({
    summary: 'Draft a holding statement from the verified facts',
    description:
      'Composed by the server from the case’s events and the organisation profile; refused (422) if it would break a guardrail.',
  })
  @Roles('pr', 'admin')
  @HttpCode(HttpStatus.CREATED)
  async draft(
    @Param('caseId', CaseIdPipe) caseId: string,
    @Body() dto: DraftHoldingStatementDto,
    @CommandRequest() request: RequestContext,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    const now = new Date();
    const command = await this.composer.draftCommand(caseId, dto, now);
    const result = await this.commands.run(command, request, { reply, now });
    const drafted = result.events[0].payload as HoldingStatementDraftedPayload;
    reply.header('Location', `/v1/cases/${caseId}/holding-statements/${drafted.statementId}`);
    return { caseId, version: result.version, statementId: drafted.statementId, statement: drafted };
  }

  @Post('v1/cases/:caseId/holding-statements/:statementId/approval')
  @ApiOperation({
    summary: 'Approve a draft (not by its drafter)',
    description:
      'Four-eyes: the drafter is refused (403, rule `four-eyes`); a draft whose facts changed since is refused (409).',
  })
  @Roles('pr', 'admin')
  @HttpCode(HttpStatus.OK)
  approve(
    @Param('caseId', CaseIdPipe) caseId: string,
    @Param('statementId') statementId: string,
    @CommandRequest() request: RequestContext,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    return this.transition({ type: 'ApproveHoldingStatement', data: { caseId, statementId } }, request, reply);
  }

  @Post('v1/cases/:caseId/holding-statements/:statementId/publication')
  @ApiOperation({ summary: 'Publish an approved statement' })
  @Roles('pr', 'admin')
  @HttpCode(HttpStatus.OK)
  publish(
    @Param('caseId', CaseIdPipe) caseId: string,
    @Param('statementId') statementId: string,
    @CommandRequest() request: RequestContext,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    return this.transition({ type: 'PublishHoldingStatement', data: { caseId, statementId } }, request, reply);
  }

  @Post('v1/cases/:caseId/holding-statements/:statementId/withdrawal')
  @ApiOperation({ summary: 'Withdraw a statement' })
  @Roles('pr', 'admin')
  @HttpCode(HttpStatus.OK)
  withdraw(
    @Param('caseId', CaseIdPipe) caseId: string,
    @Param('statementId') statementId: string,
    @Body() { reason }: WithdrawHoldingStatementDto,
    @CommandRequest() request: RequestContext,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    return this.transition({ type: 'WithdrawHoldingStatement', data: { caseId, statementId, reason } }, request, reply);
  }

  @Get('v1/cases/:caseId/holding-statements')
  @ApiOperation({
    summary: 'A case’s holding statements',
    description: 'In the order drafted; `stale` when built on older facts than the case now has.',
  })
  @Roles('pr', 'admin', 'investigator')
  async history(@Param('caseId', CaseIdPipe) caseId: string, @Query() { minVersion }: ReadYourWritesQueryDto) {
    const document = await this.document(caseId, minVersion);
    return {
      caseId,
      factsVersion: document.factsVersion,
      statements: document.statements.map((s) => view(s, document)),
    };
  }

  /** The statement in force: application/json (default), text/markdown, text/plain or application/pdf. */
  @Get('v1/cases/:caseId/holding-statements/latest')
  @ApiOperation({
    summary: 'The statement in force',
    description:
      'application/json (default), text/markdown, text/plain or application/pdf by `Accept`; `Breachline-Stale` ' +
      'says whether it is stale (the PDF then says "superseded").',
  })
  @Roles('pr', 'admin', 'investigator')
  async latest(
    @Param('caseId', CaseIdPipe) caseId: string,
    @Query() { language, minVersion }: LatestStatementQueryDto,
    @Headers('accept') accept: string | undefined,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    const document = await this.document(caseId, minVersion);
    const published = document.statements.filter((s) => s.status === 'published' && s.language === language).at(-1);
    if (!published) throw new NotFoundException(`No published ${language} holding statement for case ${caseId}`);
    return this.answer(view(published, document), accept, reply);
  }

  @Get('v1/cases/:caseId/holding-statements/:statementId')
  @ApiOperation({
    summary: 'One statement, whatever its status',
    description:
      'application/json (default), text/markdown, text/plain or application/pdf by `Accept`; the PDF of a statement ' +
      'not in force is marked "DRAFT — not approved", "superseded" or "withdrawn".',
  })
  @Roles('pr', 'admin', 'investigator')
  async statement(
    @Param('caseId', CaseIdPipe) caseId: string,
    @Param('statementId') statementId: string,
    @Headers('accept') accept: string | undefined,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    const document = await this.document(caseId);
    const statement = document.statements.find((s) => s.statementId === statementId);
    if (!statement) throw new NotFoundException(`Case ${caseId} has no holding statement ${statementId}`);
    return this.answer(view(statement, document), accept, reply);
  }

  @Get('v1/organisation-profile')
  @ApiOperation({ summary: 'Read the organisation profile' })
  @Roles('pr', 'admin')
  organisationProfile() {
    return this.settings.profile();
  }

  @Put('v1/organisation-profile')
  @ApiOperation({
    summary: 'Set the organisation profile',
    description: 'Who speaks in holding statements: the organisation’s public facts only.',
  })
  @Roles('admin')
  async setOrganisationProfile(@Body() profile: OrganisationProfileDto) {
    await this.settings.saveProfile(profile);
    return this.settings.profile();
  }

  private async answer(statement: StatementView, accept: string | undefined, reply: FastifyReply) {
    reply.header('Breachline-Stale', String(statement.stale)).header('Vary', 'Accept');
    if (accept?.includes('application/pdf')) {
      const model = composeHoldingStatementDocument(statement, await this.settings.profile(), statement.stale);
      return sendDocument(model, 'pdf', `holding-statement-${statement.statementId}`, reply);
    }
    const staleNote = statement.stale
      ? statement.language === 'id'
        ? 'Catatan: pernyataan ini disusun dari fakta yang lebih lama daripada fakta kasus saat ini.'
        : 'Note: this statement was built on older facts than the case now has.'
      : undefined;
    if (accept?.includes('text/markdown')) {
      reply.type('text/markdown; charset=utf-8');
      const points = statement.points.map((point, index) => `${index + 1}. ${point}`).join('\n');
      return `# ${statement.heading}\n\n${points}\n${staleNote ? `\n_${staleNote}_\n` : ''}`;
    }
    if (accept?.includes('text/plain')) {
      reply.type('text/plain; charset=utf-8');
      return `${statement.text}\n${staleNote ? `\n${staleNote}\n` : ''}`;
    }
    return statement;
  }

  private async document(caseId: string, minVersion?: number): Promise<HoldingStatementsDocument> {
    const name = await this.catalog.readCollection('holding_statements');
    const collection = this.db.collection<HoldingStatementsDocument>(name);
    const read = () => collection.findOne({ _id: caseId }, { projection: { _id: 0 } });
    const document = await this.reads.readAtLeast(`${name}:${caseId}`, read, minVersion);
    if (!document) throw new NotFoundException(`Case ${caseId} not found`);
    return document;
  }

  private async transition(
    command: Parameters<CaseCommandRunner['run']>[0],
    request: RequestContext,
    reply: FastifyReply,
  ) {
    const { caseId, version } = await this.commands.run(command, request, { reply });
    return { caseId, version };
  }
}

function view(
  statement: HoldingStatementsDocument['statements'][number],
  document: HoldingStatementsDocument,
): StatementView {
  return { ...statement, stale: isStatementStale(statement, document) };
}
