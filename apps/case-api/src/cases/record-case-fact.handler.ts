import { Inject } from '@nestjs/common';
import { CommandHandler as CqrsCommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { CaseCommand, CaseEvent, CaseState } from '#libs/domain';
import { CommandHandler } from '#libs/event-store';
import { RelayNudger } from './relay-nudger.js';
import { type CaseFactRecorded, RecordCaseFactCommand } from './record-case-fact.command.js';

export const CASE_COMMAND_HANDLER = Symbol('CASE_COMMAND_HANDLER');
export type CaseCommandHandler = CommandHandler<CaseCommand, CaseEvent, CaseState>;

@CqrsCommandHandler(RecordCaseFactCommand)
export class RecordCaseFactHandler implements ICommandHandler<RecordCaseFactCommand, CaseFactRecorded> {
  constructor(
    @Inject(CASE_COMMAND_HANDLER) private readonly handler: CaseCommandHandler,
    @Inject(RelayNudger) private readonly relay: RelayNudger,
  ) {}

  async execute({ caseId, command, request }: RecordCaseFactCommand): Promise<CaseFactRecorded> {
    const { actor } = request;
    const result = await this.handler.handle(caseId, command, {
      actor,
      correlationId: request.correlationId,
      causationId: request.requestId,
      occurredAt: command.metadata.now,
      ...(request.expectedVersion !== undefined && { expectedVersion: request.expectedVersion }),
      ...(request.idempotencyKey !== undefined && {
        idempotency: { key: `${actor.name}:${request.idempotencyKey}`, requestHash: request.requestHash },
      }),
    });
    if (!result.replayed) this.relay.nudge();
    return { caseId: result.streamId, version: result.version, replayed: result.replayed, events: result.events };
  }
}
