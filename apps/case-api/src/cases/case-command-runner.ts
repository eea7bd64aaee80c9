import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { Db } from 'mongodb';
import type { Counter, Histogram } from 'prom-client';
import {
  type CaseCommand,
  type CaseEvent,
  type CaseState,
  decide,
  DomainValidationError,
  evolve,
  IllegalTransitionError,
  initialCaseState,
  type UnstampedCaseCommand,
} from '#libs/domain';
import {
  ConcurrentAppendError,
  DecideAndAppend,
  EVENT_CODEC,
  type EventCodec,
  EventStore,
  type LoadedState,
  StateCache,
  type StoredEvent,
  WrongExpectedVersionError,
} from '#libs/event-store';
import { Metrics } from '#libs/platform';
import type { RequestContext } from '../http/request-context.decorator.js';
import { RelayNudger } from './relay-nudger.js';

/** Bump when CaseState changes shape: older snapshots are then ignored. */
const CASE_STATE_SCHEMA = 'case-state-4';

export interface CaseCommandResult {
  caseId: string;
  version: number;
  replayed: boolean;
  /** The events of the commit: on a replay, the original ones (with their generated ids). */
  events: StoredEvent[];
}

export interface RunOptions {
  /** Answers the new version as ETag, and `Idempotent-Replayed` on a replay. */
  reply?: FastifyReply;
  /** The command's time, when the caller already used it (a statement is composed at the time it is drafted). */
  now?: Date;
}

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

/**
 * Runs any command on a case for an HTTP request: stamps it (time, actor, a fresh id), lets the domain decide and the
 * event store append, counts and times it, and nudges the relay after an append.
 */
@Injectable()
export class CaseCommandRunner {
  private readonly decideAndAppend: DecideAndAppend<CaseCommand, CaseEvent, CaseState>;
  private readonly commands: Counter<'type' | 'outcome'>;
  private readonly latency: Histogram<'type'>;

  constructor(
    @Inject(EventStore) store: EventStore,
    @Inject(Db) db: Db,
    @Inject(RelayNudger) private readonly relay: RelayNudger,
    @Inject(Metrics) metrics: Metrics,
    @Inject(EVENT_CODEC) codec: EventCodec,
  ) {
    this.decideAndAppend = new DecideAndAppend(
      store,
      { decide, evolve, initialState: initialCaseState },
      // Snapshots hold personal data: sealed with the case's data key like its events.
      new StateCache<CaseState>(db, CASE_STATE_SCHEMA, undefined, undefined, codec),
    );
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

  /** The case's decision state as it stands (for a route that must look before it acts, e.g. erasure). */
  load(caseId: string): Promise<LoadedState<CaseState>> {
    return this.decideAndAppend.load(caseId);
  }

  async run(
    unstamped: UnstampedCaseCommand,
    request: RequestContext,
    { reply, now = new Date() }: RunOptions = {},
  ): Promise<CaseCommandResult> {
    const { type } = unstamped;
    const command = { ...unstamped, metadata: { now, actor: request.actor, id: randomUUID() } } as CaseCommand;
    const stopTimer = this.latency.startTimer({ type });
    try {
      const result = await this.append(command, request);
      this.commands.inc({ type, outcome: result.replayed ? 'replayed' : 'accepted' });
      reply?.header('ETag', `"${result.version}"`);
      if (result.replayed) reply?.header('Idempotent-Replayed', 'true');
      return result;
    } catch (error) {
      this.commands.inc({ type, outcome: outcomeOf(error) });
      throw error;
    } finally {
      stopTimer();
    }
  }

  private async append(command: CaseCommand, request: RequestContext): Promise<CaseCommandResult> {
    const { actor } = request;
    const result = await this.decideAndAppend.handle(command.data.caseId, command, {
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
