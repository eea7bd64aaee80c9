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
import { QueryBus } from '@nestjs/cqrs';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import type { HoldingStatementDraftedPayload, UnstampedCaseCommand } from '#libs/domain';
import { Roles } from '#libs/platform';
import { CaseCommandRunner } from '../cases/case-command-runner.js';
import { ReadYourWritesQueryDto } from '../cases/dto/case-queries.dto.js';
import { CaseIdPipe } from '../http/case-id.pipe.js';
import { sendDocument } from '../documents/document-output.js';
import { CommandRequest, type RequestContext } from '../http/request-context.decorator.js';
import {
  GetHoldingStatementQuery,
  GetHoldingStatementsQuery,
  GetLatestHoldingStatementQuery,
  type StatementView,
} from '../queries/holding-statement-queries.js';
import { HoldingStatementComposer } from './holding-statement-composer.js';
import { HoldingStatementRenderer, representationFromAccept } from './holding-statement.renderer.js';
import {
  DraftHoldingStatementDto,
  LatestStatementQueryDto,
  WithdrawHoldingStatementDto,
} from './holding-statement.dtos.js';
import { OrganisationProfileDto } from './organisation-profile.dto.js';
import { StatementSettings } from './statement-settings.js';

/** The PR team's holding statements: composed from verified facts, approved by a second person, kept current. */
@ApiTags('Holding statements')
@Controller()
export class HoldingStatementsController {
  constructor(
    @Inject(CaseCommandRunner) private readonly commands: CaseCommandRunner,
    @Inject(HoldingStatementComposer) private readonly composer: HoldingStatementComposer,
    @Inject(StatementSettings) private readonly settings: StatementSettings,
    @Inject(QueryBus) private readonly queryBus: QueryBus,
    @Inject(HoldingStatementRenderer) private readonly renderer: HoldingStatementRenderer,
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
    const statements = await this.queryBus.execute(new GetHoldingStatementsQuery(caseId, minVersion));
    if (!statements) throw new NotFoundException(`Case ${caseId} not found`);
    return statements;
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
    const result = await this.queryBus.execute(new GetLatestHoldingStatementQuery(caseId, language, minVersion));
    if (result === 'unknown-case') throw new NotFoundException(`Case ${caseId} not found`);
    if (!result.statement) throw new NotFoundException(`No published ${language} holding statement for case ${caseId}`);
    return this.answer(result.statement, accept, reply);
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
    const result = await this.queryBus.execute(new GetHoldingStatementQuery(caseId, statementId));
    if (result === 'unknown-case') throw new NotFoundException(`Case ${caseId} not found`);
    if (!result.statement) throw new NotFoundException(`Case ${caseId} has no holding statement ${statementId}`);
    return this.answer(result.statement, accept, reply);
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

  /** The representation `Accept` asks for; the renderer writes the text. */
  private async answer(statement: StatementView, accept: string | undefined, reply: FastifyReply) {
    reply.header('Breachline-Stale', String(statement.stale)).header('Vary', 'Accept');
    switch (representationFromAccept(accept)) {
      case 'pdf':
        return sendDocument(
          await this.renderer.document(statement),
          'pdf',
          `holding-statement-${statement.statementId}`,
          reply,
        );
      case 'markdown':
        reply.type('text/markdown; charset=utf-8');
        return this.renderer.markdown(statement);
      case 'text':
        reply.type('text/plain; charset=utf-8');
        return this.renderer.plainText(statement);
      case 'json':
        return statement;
    }
  }

  private async transition(command: UnstampedCaseCommand, request: RequestContext, reply: FastifyReply) {
    const { caseId, version } = await this.commands.run(command, request, { reply });
    return { caseId, version };
  }
}
