import { randomUUID } from 'node:crypto';
import { Body, Controller, HttpCode, HttpStatus, Inject, Param, Post, Res } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import type { FastifyReply } from 'fastify';
import type { CaseCommand } from '#libs/domain';
import type { StoredEvent } from '#libs/event-store';
import { Roles } from '#libs/platform';
import { CaseIdPipe } from '../http/case-id.pipe.js';
import { CommandRequest, type RequestContext } from '../http/request-context.decorator.js';
import { NotificationContentCheck } from '../regulators/notification-content.check.js';
import { RecordCaseFactCommand } from './record-case-fact.command.js';
import { ReceiveReportDto } from './dto/receive-report.dto.js';
import {
  AssessRiskDto,
  AssignInvestigatorDto,
  CloseCaseDto,
  NotifyDataSubjectsDto,
  NotifyRegulatorDto,
  RecordRegulatorAcknowledgementDto,
  ReopenCaseDto,
  SupplementRegulatorNotificationDto,
  TraceSourceDto,
  VerifySampleDto,
} from './dto/case-fact.dtos.js';

type CommandBody = CaseCommand extends infer C ? (C extends CaseCommand ? Omit<C, 'metadata'> : never) : never;

export interface CommandAccepted {
  caseId: string;
  version: number;
}

/** Investigators' commands: each records one fact and answers the case's new version (also as ETag). */
@Controller('v1/cases')
@Roles('investigator', 'admin')
export class CaseCommandsController {
  constructor(
    @Inject(CommandBus) private readonly commandBus: CommandBus,
    @Inject(NotificationContentCheck) private readonly notificationContent: NotificationContentCheck,
  ) {}

  @Post()
  @HttpCode(HttpStatus.CREATED)
  async receiveReport(
    @Body() dto: ReceiveReportDto,
    @CommandRequest() request: RequestContext,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<CommandAccepted> {
    const caseId = randomUUID();
    const { title, jurisdictions, report } = dto;
    const result = await this.record(caseId, request, reply, {
      type: 'ReceiveReport',
      data: { caseId, title, jurisdictions, report: { ...report } },
    });
    reply.header('Location', `/v1/cases/${result.caseId}`);
    return result;
  }

  @Post(':caseId/assignments')
  @HttpCode(HttpStatus.OK)
  assignInvestigator(
    @Param('caseId', CaseIdPipe) caseId: string,
    @Body() dto: AssignInvestigatorDto,
    @CommandRequest() request: RequestContext,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    return this.record(caseId, request, reply, { type: 'AssignInvestigator', data: { caseId, ...dto } });
  }

  @Post(':caseId/risk-assessments')
  @HttpCode(HttpStatus.OK)
  assessRisk(
    @Param('caseId', CaseIdPipe) caseId: string,
    @Body() dto: AssessRiskDto,
    @CommandRequest() request: RequestContext,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    return this.record(caseId, request, reply, { type: 'AssessRisk', data: { caseId, ...dto } });
  }

  @Post(':caseId/sample-verifications')
  @HttpCode(HttpStatus.OK)
  verifySample(
    @Param('caseId', CaseIdPipe) caseId: string,
    @Body() dto: VerifySampleDto,
    @CommandRequest() request: RequestContext,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    return this.record(caseId, request, reply, { type: 'VerifySample', data: { caseId, ...dto } });
  }

  @Post(':caseId/source-traces')
  @HttpCode(HttpStatus.OK)
  traceSource(
    @Param('caseId', CaseIdPipe) caseId: string,
    @Body() dto: TraceSourceDto,
    @CommandRequest() request: RequestContext,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    return this.record(caseId, request, reply, { type: 'TraceSource', data: { caseId, ...dto } });
  }

  @Post(':caseId/regulator-notifications')
  @HttpCode(HttpStatus.CREATED)
  async notifyRegulator(
    @Param('caseId', CaseIdPipe) caseId: string,
    @Body() dto: NotifyRegulatorDto,
    @CommandRequest() request: RequestContext,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<CommandAccepted & { notificationId: string }> {
    await this.notificationContent.require(dto.regulatorId, dto.content);
    const { events, ...accepted } = await this.recordWithEvents(caseId, request, reply, {
      type: 'NotifyRegulator',
      data: { caseId, notificationId: randomUUID(), ...dto },
    });
    return { ...accepted, notificationId: payloadField(events, 'notificationId') };
  }

  @Post(':caseId/regulator-notifications/:notificationId/supplements')
  @HttpCode(HttpStatus.CREATED)
  async supplementRegulatorNotification(
    @Param('caseId', CaseIdPipe) caseId: string,
    @Param('notificationId') notificationId: string,
    @Body() dto: SupplementRegulatorNotificationDto,
    @CommandRequest() request: RequestContext,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<CommandAccepted & { supplementId: string }> {
    const { events, ...accepted } = await this.recordWithEvents(caseId, request, reply, {
      type: 'SupplementRegulatorNotification',
      data: { caseId, notificationId, supplementId: randomUUID(), ...dto },
    });
    return { ...accepted, supplementId: payloadField(events, 'supplementId') };
  }

  /** For an acknowledgement that reached the investigators by another channel than the regulator feed. */
  @Post(':caseId/regulator-notifications/:notificationId/acknowledgement')
  @HttpCode(HttpStatus.OK)
  recordRegulatorAcknowledgement(
    @Param('caseId', CaseIdPipe) caseId: string,
    @Param('notificationId') notificationId: string,
    @Body() dto: RecordRegulatorAcknowledgementDto,
    @CommandRequest() request: RequestContext,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    return this.record(caseId, request, reply, {
      type: 'RecordRegulatorAcknowledgement',
      data: { caseId, notificationId, ...dto },
    });
  }

  @Post(':caseId/data-subject-notifications')
  @HttpCode(HttpStatus.OK)
  notifyDataSubjects(
    @Param('caseId', CaseIdPipe) caseId: string,
    @Body() dto: NotifyDataSubjectsDto,
    @CommandRequest() request: RequestContext,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    return this.record(caseId, request, reply, { type: 'NotifyDataSubjects', data: { caseId, ...dto } });
  }

  @Post(':caseId/closure')
  @HttpCode(HttpStatus.OK)
  closeCase(
    @Param('caseId', CaseIdPipe) caseId: string,
    @Body() dto: CloseCaseDto,
    @CommandRequest() request: RequestContext,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    return this.record(caseId, request, reply, { type: 'CloseCase', data: { caseId, ...dto } });
  }

  @Post(':caseId/reopening')
  @HttpCode(HttpStatus.OK)
  reopenCase(
    @Param('caseId', CaseIdPipe) caseId: string,
    @Body() dto: ReopenCaseDto,
    @CommandRequest() request: RequestContext,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    return this.record(caseId, request, reply, { type: 'ReopenCase', data: { caseId, ...dto } });
  }

  private async record(
    caseId: string,
    request: RequestContext,
    reply: FastifyReply,
    body: CommandBody,
  ): Promise<CommandAccepted> {
    const { caseId: id, version } = await this.recordWithEvents(caseId, request, reply, body);
    return { caseId: id, version };
  }

  private async recordWithEvents(caseId: string, request: RequestContext, reply: FastifyReply, body: CommandBody) {
    const command = { ...body, metadata: { now: new Date(), actor: request.actor } } as CaseCommand;
    const result = await this.commandBus.execute(new RecordCaseFactCommand(caseId, command, request));
    reply.header('ETag', `"${result.version}"`);
    if (result.replayed) reply.header('Idempotent-Replayed', 'true');
    return { caseId: result.caseId, version: result.version, events: result.events };
  }
}

/** Ids generated for a command are read back from its events, so an idempotent replay returns the originals. */
function payloadField(events: StoredEvent[], field: string): string {
  return String((events[0].payload as Record<string, unknown>)[field]);
}
