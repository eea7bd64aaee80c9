import { Body, Controller, HttpCode, HttpStatus, Inject, Param, Post, Res } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { IllegalTransitionError } from '#libs/domain';
import { Roles } from '#libs/platform';
import { DataKeyStore } from '#libs/privacy';
import { CaseIdPipe } from '../http/case-id.pipe.js';
import { CommandRequest, type RequestContext } from '../http/request-context.decorator.js';
import { EraseCaseDataDto, ErasureRecordDto } from './dto/erase-case-data.dto.js';
import { RecordCaseFactCommand, recordCaseFact } from './record-case-fact.command.js';
import { CASE_COMMAND_HANDLER, type CaseCommandHandler } from './record-case-fact.handler.js';

/**
 * Erasure destroys the case's data key first (so nothing can decrypt its personal fields from then on), then records
 * PersonalDataErased through the decider. Repeating it, or retrying after a failure between the two steps, answers
 * the first erasure's record and appends nothing more.
 */
@ApiTags('Cases')
@Controller('v1/cases')
@Roles('admin')
export class CaseErasureController {
  constructor(
    @Inject(CommandBus) private readonly commandBus: CommandBus,
    @Inject(CASE_COMMAND_HANDLER) private readonly handler: CaseCommandHandler,
    @Inject(DataKeyStore) private readonly keys: DataKeyStore,
  ) {}

  @Post(':caseId/erasure')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({
    summary: "Erase a case's personal data (destroys its data key; idempotent)",
    description:
      'Every personal field of the case then reads `{ "erased": true }` (or "[erased]" in text), in every read model ' +
      'and replay. The case accepts no further command. A second call answers the same record.',
  })
  @ApiOkResponse({ type: ErasureRecordDto })
  async erase(
    @Param('caseId', CaseIdPipe) caseId: string,
    @Body() dto: EraseCaseDataDto,
    @CommandRequest() request: RequestContext,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<ErasureRecordDto> {
    const loaded = await this.handler.load(caseId);
    if (loaded.state.status === 'absent') {
      throw new IllegalTransitionError('case-not-found', `Case ${caseId} does not exist`);
    }
    const tombstone = await this.keys.destroy({
      _id: caseId,
      erasedAt: new Date().toISOString(),
      erasedBy: request.actor.name,
      reason: dto.reason,
    });
    const record = { caseId, erasedAt: tombstone.erasedAt, erasedBy: tombstone.erasedBy, reason: tombstone.reason };
    if (loaded.state.erasedAt !== null) return { ...record, version: loaded.version };
    try {
      const command = new RecordCaseFactCommand(
        caseId,
        {
          type: 'EraseCaseData',
          data: { caseId, reason: tombstone.reason },
          metadata: { now: new Date(tombstone.erasedAt), actor: { ...request.actor, name: tombstone.erasedBy } },
        },
        request,
      );
      const { version } = await recordCaseFact(this.commandBus, command, reply);
      return { ...record, version };
    } catch (error) {
      // A concurrent erasure recorded it first.
      if (!(error instanceof IllegalTransitionError) || error.rule !== 'personal-data-erased') throw error;
      return { ...record, version: (await this.handler.load(caseId)).version };
    }
  }
}
