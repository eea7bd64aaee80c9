import type { DomainEvent } from '#libs/domain';
import { ConcurrentAppendError, IdempotencyKeyReusedError, WrongExpectedVersionError } from './event-store-errors.js';
import type { EventStore } from './event-store.js';
import type { StateCache, VersionedState } from './state-cache.js';
import type { AppendContext, CommitDocument, StoredEvent } from './stored-event.js';

export interface Decider<C, E extends DomainEvent, S> {
  decide(command: C, state: S): E[];
  evolve(state: S, event: E): S;
  initialState(): S;
}

export interface HandleOptions extends AppendContext {
  /** From If-Match: the command applies only to this version (else WrongExpectedVersionError). */
  expectedVersion?: number;
}

export interface LoadedState<S> extends VersionedState<S> {
  /** False when taken from memory without looking for newer commits. */
  verified: boolean;
}

export interface HandleResult {
  streamId: string;
  version: number;
  events: StoredEvent[];
  replayed: boolean;
}

const MAX_ATTEMPTS = 8;
const backoff = (attempt: number) =>
  new Promise((resolve) => setTimeout(resolve, Math.random() * Math.min(5 * 2 ** attempt, 200)));

/**
 * Runs a command against a stream: load → decide → append, retried (with jitter) on a concurrent append unless the
 * caller pinned a version. Named for what it does, apart from the application's command handlers (@nestjs/cqrs).
 */
export class DecideAndAppend<C, E extends DomainEvent, S> {
  constructor(
    private readonly store: EventStore,
    private readonly decider: Decider<C, E, S>,
    private readonly cache: StateCache<S>,
  ) {}

  async handle(streamId: string, command: C, options: HandleOptions): Promise<HandleResult> {
    const { idempotency } = options;
    try {
      return await this.decideWithRetries(streamId, command, options);
    } catch (error) {
      // A repeated key either fails the append on the commits' unique idempotency key (answered as a replay by the
      // store) or is refused by the decider, since the state already holds its effect: look for its commit then.
      if (idempotency && !(error instanceof IdempotencyKeyReusedError)) {
        const earlier = await this.store.findByIdempotencyKey(idempotency.key);
        if (earlier) return replay(earlier, idempotency.requestHash);
      }
      throw error;
    }
  }

  /**
   * The decision state. With `trustMemory`, the state this process last appended is used as it is: a stale one (another
   * process appended since) fails the append on the commit's unique `_id`, so checking for newer commits on every
   * command, a lookup that misses, would only cost time. Otherwise: cached state plus the commits after it.
   */
  async load(streamId: string, { trustMemory = false } = {}): Promise<LoadedState<S>> {
    const cached = (await this.cache.get(streamId)) ?? {
      version: 0,
      state: this.decider.initialState(),
      fromMemory: false,
    };
    if (trustMemory && cached.fromMemory) return { version: cached.version, state: cached.state, verified: false };
    const newer = await this.store.readStream(streamId, { afterVersion: cached.version });
    if (newer.length === 0) return { version: cached.version, state: cached.state, verified: true };
    const state = newer.reduce((s, event) => this.decider.evolve(s, event as unknown as E), cached.state);
    const version = newer[newer.length - 1].version;
    await this.cache.put(streamId, { version, state }, cached.version);
    return { version, state, verified: true };
  }

  private async decideWithRetries(streamId: string, command: C, options: HandleOptions): Promise<HandleResult> {
    let trustMemory = true;
    for (let attempt = 1; ; attempt++) {
      const current = await this.load(streamId, { trustMemory });
      let events: E[];
      try {
        if (options.expectedVersion !== undefined && options.expectedVersion !== current.version) {
          throw new WrongExpectedVersionError(streamId, options.expectedVersion, current.version);
        }
        events = this.decider.decide(command, current.state);
      } catch (refusal) {
        // A refusal is final only when decided on the stream's latest state.
        if (current.verified) throw refusal;
        trustMemory = false;
        continue;
      }
      try {
        const { commit, replayed } = await this.store.append(streamId, current.version, events, options);
        if (replayed) return replay(commit, options.idempotency?.requestHash);
        const state = events.reduce(this.decider.evolve, current.state);
        await this.cache.put(streamId, { version: commit.toVersion, state }, current.version);
        return { streamId, version: commit.toVersion, events: commit.events, replayed: false };
      } catch (error) {
        if (!(error instanceof ConcurrentAppendError)) throw error;
        this.cache.forget(streamId);
        trustMemory = false;
        if (options.expectedVersion !== undefined) {
          throw new WrongExpectedVersionError(streamId, options.expectedVersion, options.expectedVersion + 1);
        }
        if (attempt >= MAX_ATTEMPTS) throw error;
        await backoff(attempt);
      }
    }
  }
}

function replay(commit: CommitDocument, requestHash: string | undefined): HandleResult {
  if (commit.requestHash !== requestHash) throw new IdempotencyKeyReusedError();
  return { streamId: commit.streamId, version: commit.toVersion, events: commit.events, replayed: true };
}
