import { randomUUID } from 'node:crypto';
import type { Actor, DomainEvent } from '#libs/domain';

/** An event as kept forever: the domain event plus who, when, why and where in its stream. */
export interface StoredEvent<E extends DomainEvent = DomainEvent> {
  eventId: string;
  type: E['type'];
  schemaVersion: number;
  caseId: string;
  version: number;
  occurredAt: string;
  recordedAt: string;
  actor: Actor;
  correlationId: string;
  causationId: string;
  payload: E['payload'];
}

/** Keeps a union of domain events discriminated by `type` once stored. */
export type StoredEventOf<E> = E extends DomainEvent ? StoredEvent<E> : never;

/** What a commit's hash covers (see `commitHash` in the ledger library). */
export interface CommitContent {
  commitId: string;
  streamId: string;
  fromVersion: number;
  toVersion: number;
  events: StoredEvent[];
  recordedAt: string;
}

/** One document per command: its 1..n events are written (and conflict) together. Never updated. */
export interface CommitDocument extends CommitContent {
  /** commitKey(streamId, fromVersion): its uniqueness is the version check. */
  _id: string;
  /** The hash of the stream's commit before this one (for the first, derived from the stream id). */
  previousHash: string;
  /** SHA-256 of the prefix, `previousHash` and the canonical JSON of the content: the case's hash chain. */
  hash: string;
  /** Always set (the commit id when the client gave no key) so that a plain unique index works on FerretDB. */
  idempotencyKey: string;
  requestHash?: string;
}

export interface AppendContext {
  actor: Actor;
  correlationId: string;
  causationId: string;
  occurredAt: Date;
  idempotency?: IdempotencyToken;
}

export interface IdempotencyToken {
  /** Scoped by the caller (e.g. API key name + Idempotency-Key header). */
  key: string;
  /** Fingerprint of the request: the same key with a different request is refused. */
  requestHash: string;
}

/** The events of one commit with their envelope, as the domain decided them (before the codec encodes them). */
export function toStoredEvents(
  streamId: string,
  fromVersion: number,
  events: readonly DomainEvent[],
  context: AppendContext,
  recordedAt: string,
): StoredEvent[] {
  return events.map((event, index) => ({
    eventId: randomUUID(),
    type: event.type,
    schemaVersion: event.schemaVersion,
    caseId: streamId,
    version: fromVersion + index,
    occurredAt: context.occurredAt.toISOString(),
    recordedAt,
    actor: context.actor,
    correlationId: context.correlationId,
    causationId: context.causationId,
    payload: event.payload,
  }));
}
