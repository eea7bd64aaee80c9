import { Inject } from '@nestjs/common';
import { CommandHandler as CqrsCommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { Counter, Histogram } from 'prom-client';
import {
  type CaseCommand,
  type CaseEvent,
  type CaseState,
  DomainValidationError,
  IllegalTransitionError,
} from '#libs/domain';
import { CommandHandler, ConcurrentAppendError, WrongExpectedVersionError } from '#libs/event-store';
import { Metrics } from '#libs/platform';
import { RelayNudger } from './relay-nudger.js';
import { type CaseFactRecorded, RecordCaseFactCommand } from './record-case-fact.command.js';

export const CASE_COMMAND_HANDLER = Symbol('CASE_COMMAND_HANDLER');
export type CaseCommandHandler = CommandHandler<CaseCommand, CaseEvent, CaseState>;

const outcomeOf = (error: unknown): string =>
  error instanceof IllegalTransitionError
    ? error.rule === 'case-not-found'
      ? 'not-found'
      : 'illegal-transition'
    : error instanceof DomainValidationError
      ? 'invalid'
      : error instanceof WrongExpectedVersionError
        ? 'version-mismatch'
        : error instanceof ConcurrentAppendError
          ? 'concurrent'
          : 'error';

@CqrsCommandHandler(RecordCaseFactCommand)
export class RecordCaseFactHandler implements ICommandHandler<RecordCaseFactCommand, CaseFactRecorded> {
  private readonly commands: Counter<'type' | 'outcome'>;
  private readonly latency: Histogram<'type'>;

  constructor(
    @Inject(CASE_COMMAND_HANDLER) private readonly handler: CaseCommandHandler,
    @Inject(RelayNudger) private readonly relay: RelayNudger,
    @Inject(Metrics) metrics: Metrics,
  ) {
    this.commands = metrics.counter('breachline_commands_total', 'Case commands by type and outcome', [
      'type',
      'outcome',
    ]);
    this.latency = metrics.histogram(
      'breachline_command_append_seconds',
      'Load, decide and append, per command',
      ['type'],
      [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
    );
  }

  async execute(command: RecordCaseFactCommand): Promise<CaseFactRecorded> {
    const type = command.command.type;
    const stopTimer = this.latency.startTimer({ type });
    try {
      const result = await this.record(command);
      this.commands.inc({ type, outcome: result.replayed ? 'replayed' : 'accepted' });
      return result;
    } catch (error) {
      this.commands.inc({ type, outcome: outcomeOf(error) });
      throw error;
    } finally {
      stopTimer();
    }
  }

  private async record({ caseId, command, request }: RecordCaseFactCommand): Promise<CaseFactRecorded> {
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
