import { randomUUID } from 'node:crypto';
import { Body, Controller, HttpStatus, Inject, Post, Res } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import type { FastifyReply } from 'fastify';
import type { Actor, CaseCommand } from '#libs/domain';
import { CurrentActor, Roles } from '#libs/platform';
import { CommandRequest, type RequestContext } from '../http/request-context.decorator.js';
import { type CaseFactRecorded, RecordCaseFactCommand } from './record-case-fact.command.js';
import { ReceiveReportDto } from './dto/receive-report.dto.js';

@Controller('v1/cases')
@Roles('investigator', 'admin')
export class CaseCommandsController {
  constructor(@Inject(CommandBus) private readonly commandBus: CommandBus) {}

  @Post()
  async receiveReport(
    @Body() dto: ReceiveReportDto,
    @CurrentActor() actor: Actor,
    @CommandRequest() request: RequestContext,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    const caseId = randomUUID();
    const result = await this.record(caseId, actor, request, reply, (metadata) => ({
      type: 'ReceiveReport',
      data: { caseId, title: dto.title, jurisdictions: dto.jurisdictions, report: { ...dto.report } },
      metadata,
    }));
    reply.status(HttpStatus.CREATED).header('Location', `/v1/cases/${result.caseId}`);
    return result;
  }

  private async record(
    caseId: string,
    actor: Actor,
    request: RequestContext,
    reply: FastifyReply,
    build: (metadata: CaseCommand['metadata']) => CaseCommand,
  ): Promise<Omit<CaseFactRecorded, 'replayed'>> {
    const command = build({ now: new Date(), actor });
    const result = await this.commandBus.execute(new RecordCaseFactCommand(caseId, command, actor, request));
    reply.header('ETag', `"${result.version}"`);
    if (result.replayed) reply.header('Idempotent-Replayed', 'true');
    return { caseId: result.caseId, version: result.version };
  }
}
