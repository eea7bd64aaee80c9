import { randomUUID } from 'node:crypto';
import { Body, Controller, HttpCode, HttpStatus, Inject, Param, Post, Res } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import type { CaseCommand } from '#libs/domain';
import type { StoredEvent } from '#libs/event-store';
import { Roles } from '#libs/platform';
import { RegulatorRegistry } from '#libs/regulators';
import { CaseIdPipe } from '../http/case-id.pipe.js';
import { CommandRequest, type RequestContext } from '../http/request-context.decorator.js';
import { NotificationContentCheck } from '../regulators/notification-content.check.js';
import { RecordCaseFactCommand, recordCaseFact } from './record-case-fact.command.js';
import { ReceiveReportDto } from './dto/receive-report.dto.js';
import {
  AssessNotifiabilityDto,
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
@ApiTags('Cases')
@Controller('v1/cases')
@Roles('investigator', 'admin')
export class CaseCommandsController {
  constructor(
    @Inject(CommandBus) private readonly commandBus: CommandBus,
    @Inject(NotificationContentCheck) private readonly notificationContent: NotificationContentCheck,
    @Inject(RegulatorRegistry) private readonly registry: RegulatorRegistry,
  ) {}

  @Post()
  @HttpCode(HttpStatus.CREATED)
  @ApiOperation({ summary: 'Open a case from a received report' })
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
  @ApiOperation({ summary: 'Assign an investigator' })
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
  @ApiOperation({ summary: 'Record a risk assessment' })
  @HttpCode(HttpStatus.OK)
  assessRisk(
    @Param('caseId', CaseIdPipe) caseId: string,
    @Body() dto: AssessRiskDto,
    @CommandRequest() request: RequestContext,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    return this.record(caseId, request, reply, { type: 'AssessRisk', data: { caseId, ...dto } });
  }

  @Post(':caseId/notifiability-assessments')
  @ApiOperation({
    summary: 'Record a notifiability assessment',
    description:
      'The facts each law’s test reads. Every applicable regulator’s outcome for the regulator and the data subjects (`required`, `not-required`, `assess`, `annual-log`) is recorded with its clause and reasons and shown in `GET …/status` as `notifiability`; the latest assessment counts. The outcome supports the team’s judgment; it is not legal advice.',
  })
  @HttpCode(HttpStatus.OK)
  async assessNotifiability(
    @Param('caseId', CaseIdPipe) caseId: string,
    @Body() dto: AssessNotifiabilityDto,
    @CommandRequest() request: RequestContext,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    const regulators = await this.registry.definitions();
    return this.record(caseId, request, reply, { type: 'AssessNotifiability', data: { caseId, ...dto }, regulators });
  }

  @Post(':caseId/sample-verifications')
  @ApiOperation({
    summary: 'Record the outcome of a sample check',
    description:
      'Sizes, confirmed categories and verdict only: there is no field for leaked records. A `confirmed` verdict usually starts the legal clocks.',
  })
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
  @ApiOperation({ summary: 'Record where the data came from' })
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
  @ApiOperation({
    summary: 'Notify a regulator',
    description:
      'The content is checked against the fields the regulator’s law requires (400 names the missing ones); needs a confirmed sample.',
  })
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
  @ApiOperation({ summary: 'Supplement a regulator notification' })
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
  @ApiOperation({
    summary: 'Record a regulator’s acknowledgement',
    description: 'For an acknowledgement that reached the investigators by another channel than the regulator feed.',
  })
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
  @ApiOperation({ summary: 'Record that data subjects were notified' })
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
  @ApiOperation({ summary: 'Close the case with a resolution' })
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
  @ApiOperation({ summary: 'Reopen a closed case' })
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
    const result = await recordCaseFact(this.commandBus, new RecordCaseFactCommand(caseId, command, request), reply);
    return { caseId: result.caseId, version: result.version, events: result.events };
  }
}

/** Ids generated for a command are read back from its events, so an idempotent replay returns the originals. */
function payloadField(events: StoredEvent[], field: string): string {
  return String((events[0].payload as Record<string, unknown>)[field]);
}
