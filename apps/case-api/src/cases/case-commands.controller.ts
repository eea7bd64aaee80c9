import { randomUUID } from 'node:crypto';
import { Body, Controller, HttpCode, HttpStatus, Inject, Param, Post, Res } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import type { UnstampedCaseCommand } from '#libs/domain';
import type { StoredEvent } from '#libs/event-store';
import { Roles } from '#libs/platform';
import { RegulatorRegistry } from '#libs/regulators';
import { CaseIdPipe } from '../http/case-id.pipe.js';
import { CommandRequest, type RequestContext } from '../http/request-context.decorator.js';
import { NotificationContentCheck } from '../regulators/notification-content.check.js';
import { CaseCommandRunner } from './case-command-runner.js';
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
    @Inject(CaseCommandRunner) private readonly commands: CaseCommandRunner,
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
    const { caseId, version } = await this.commands.run(ReceiveReportDto.toCommand(dto, randomUUID()), request, {
      reply,
    });
    reply.header('Location', `/v1/cases/${caseId}`);
    return { caseId, version };
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
    return this.run(AssignInvestigatorDto.toCommand(dto, caseId), request, reply);
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
    return this.run(AssessRiskDto.toCommand(dto, caseId), request, reply);
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
    return this.run(AssessNotifiabilityDto.toCommand(dto, caseId, regulators), request, reply);
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
    return this.run(VerifySampleDto.toCommand(dto, caseId), request, reply);
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
    return this.run(TraceSourceDto.toCommand(dto, caseId), request, reply);
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
    const { version, events } = await this.commands.run(NotifyRegulatorDto.toCommand(dto, caseId), request, { reply });
    return { caseId, version, notificationId: payloadField(events, 'notificationId') };
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
    const command = SupplementRegulatorNotificationDto.toCommand(dto, caseId, notificationId);
    const { version, events } = await this.commands.run(command, request, { reply });
    return { caseId, version, supplementId: payloadField(events, 'supplementId') };
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
    return this.run(RecordRegulatorAcknowledgementDto.toCommand(dto, caseId, notificationId), request, reply);
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
    return this.run(NotifyDataSubjectsDto.toCommand(dto, caseId), request, reply);
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
    return this.run(CloseCaseDto.toCommand(dto, caseId), request, reply);
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
    return this.run(ReopenCaseDto.toCommand(dto, caseId), request, reply);
  }

  private async run(
    command: UnstampedCaseCommand,
    request: RequestContext,
    reply: FastifyReply,
  ): Promise<CommandAccepted> {
    const { caseId, version } = await this.commands.run(command, request, { reply });
    return { caseId, version };
  }
}

/** Ids generated for a command are read back from its events, so an idempotent replay returns the originals. */
function payloadField(events: StoredEvent[], field: string): string {
  return String((events[0].payload as Record<string, unknown>)[field]);
}
