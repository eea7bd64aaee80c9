import { randomUUID } from 'node:crypto';
import type { Collection, Db, Filter } from 'mongodb';
import { CASE_EVENT_UPCASTERS, type DomainEvent } from '#libs/domain';
import { commitHash } from '#libs/ledger';
import { ensureIndexes, insertEach } from '#libs/platform';
import { ConcurrentAppendError, isDuplicateKeyError } from './event-store-errors.js';
import { type EventCodec, UNENCRYPTED_CODEC } from './event-codec.js';
import { GroupCommit, type Outcome } from './group-commit.js';
import {
  type AppendContext,
  type CommitContent,
  type CommitDocument,
  type StoredEvent,
  toStoredEvents,
} from './stored-event.js';
import { StreamHeads } from './stream-heads.js';
import { upcast, type Upcaster } from './upcaster.js';

export const COMMITS_COLLECTION = 'case_commits';
export const OUTBOX_COLLECTION = 'case_outbox';
export const OUTBOX_CONFIRMATIONS_COLLECTION = 'case_outbox_confirmed';
export const IDEMPOTENCY_COLLECTION = 'command_idempotency';
export const MAX_EVENTS_PER_COMMIT = 100;
const OUTBOX_LOOKUP_CHUNK = 64;
/** Appends written together at most, in one insertMany per collection. */
const MAX_APPENDS_PER_WRITE = 64;
/** How long an entry may wait for its confirmation before the relay looks its commit up itself. */
const UNCONFIRMED_LOOKUP_AFTER_MS = 2_000;
/**
 * An outbox entry exists from before its commit is written until the relay has published it. It carries the commit,
 * and a confirmation with the same `_id` is inserted once the commit is written, so the relay publishes a batch of
 * commits after reading two small collections instead of looking each commit up (MongoDB could fetch them with one
 * `$in`, but FerretDB pushes only a bare `_id` filter down). The commit is looked up only for an entry whose
 * confirmation is late. Both are inserts, written once per group of appends: FerretDB updates are not atomic.
 */
export interface OutboxEntry {
  _id: string;
  commitKey: string;
  streamId: string;
  fromVersion: number;
  commit: CommitDocument;
  createdAt: string;
}

interface IdempotencyRecord {
  _id: string;
  commitKey: string;
}

interface PendingAppend {
  entry: OutboxEntry;
  commit: CommitDocument;
  idempotencyKey?: string;
}

/** What the unique `_id` of case_commits (or the unique idempotency key) said about one commit. */
type CommitWrite = 'written' | 'duplicate';

export interface AppendResult {
  commit: CommitDocument;
  /** True when an earlier commit with the same idempotency key was returned instead of appending. */
  replayed: boolean;
}

/** A commit's `_id`: stream and first version, so that the unique `_id` is the optimistic-concurrency check. */
export const commitKey = (streamId: string, fromVersion: number): string =>
  `${streamId}:${String(fromVersion).padStart(12, '0')}`;

/**
 * Case streams in MongoDB, one document per commit, keyed by (stream, first version).
 *
 * Correctness rests only on unique inserts, which FerretDB and MongoDB both make atomic. Every hot read
 * is an `_id` lookup because FerretDB 1.24 (SQLite) uses no other index for queries; anything else scans.
 * Publication is tracked in a small outbox written *before* the commit, so a commit can never exist
 * without a way for the relay to find it, and no commit document is ever updated.
 */
export class EventStore {
  private readonly commits: Collection<CommitDocument>;
  private readonly outbox: Collection<OutboxEntry>;
  private readonly confirmations: Collection<{ _id: string }>;
  private readonly idempotency: Collection<IdempotencyRecord>;
  private readonly appends = new GroupCommit<PendingAppend, CommitWrite>(
    (batch) => this.writeAppends(batch),
    MAX_APPENDS_PER_WRITE,
  );
  private readonly heads = new StreamHeads();

  constructor(
    db: Db,
    /** Case events of older schema versions are read as the current ones; stored events are never rewritten. */
    private readonly upcasters: readonly Upcaster[] = CASE_EVENT_UPCASTERS,
    readonly codec: EventCodec = UNENCRYPTED_CODEC,
  ) {
    this.commits = db.collection<CommitDocument>(COMMITS_COLLECTION);
    this.outbox = db.collection<OutboxEntry>(OUTBOX_COLLECTION);
    this.confirmations = db.collection<{ _id: string }>(OUTBOX_CONFIRMATIONS_COLLECTION);
    this.idempotency = db.collection<IdempotencyRecord>(IDEMPOTENCY_COLLECTION);
  }

  async ensureIndexes(): Promise<void> {
    await ensureIndexes(this.commits, [
      { key: { idempotencyKey: 1 }, options: { name: 'idempotency_key', unique: true } },
      { key: { streamId: 1, fromVersion: 1 }, options: { name: 'stream_version' } },
    ]);
  }

  /**
   * Events of one stream after `afterVersion` (up to `toVersion`), upcast to current schemas.
   * `afterVersion` may fall inside a commit only when `toVersion` says the stream goes on.
   */
  async readStream(
    streamId: string,
    { afterVersion = 0, toVersion }: { afterVersion?: number; toVersion?: number } = {},
  ): Promise<StoredEvent[]> {
    const events: StoredEvent[] = [];
    let next = afterVersion + 1;
    let commit = await this.commitAt(streamId, next);
    if (!commit && toVersion !== undefined && toVersion >= next) commit = await this.commitCovering(streamId, next);
    while (commit && (toVersion === undefined || commit.fromVersion <= toVersion)) {
      this.heads.note(commit);
      events.push(...commit.events);
      next = commit.toVersion + 1;
      // Not past toVersion: on FerretDB a lookup that finds nothing scans the whole collection.
      commit = toVersion !== undefined && next > toVersion ? null : await this.commitAt(streamId, next);
    }
    const wanted = (version: number) => version > afterVersion && (toVersion === undefined || version <= toVersion);
    return this.codec.decode(events.filter((e) => wanted(e.version)).map((e) => upcast(e, this.upcasters)));
  }

  /**
   * A stream's commits exactly as stored (not upcast), in version order, all of them: a missing one shows as a gap
   * instead of ending the stream. A query by stream (a scan on FerretDB): evidence is rare, reads stay on `_id`.
   */
  readCommits(streamId: string): Promise<CommitDocument[]> {
    return this.commits.find({ streamId }).sort({ fromVersion: 1 }).toArray();
  }

  /**
   * The commit an idempotency key produced: by `_id` lookups, else by the commits' idempotency key, which also finds a
   * commit whose idempotency record was never written (a crash between the two inserts).
   */
  async findByIdempotencyKey(key: string): Promise<CommitDocument | null> {
    const record = await this.idempotency.findOne({ _id: key });
    const commit =
      (record && (await this.commits.findOne({ _id: record.commitKey }))) ??
      (await this.commits.findOne({ idempotencyKey: key }));
    return commit && this.decodeCommit(commit);
  }

  private async decodeCommit(commit: CommitDocument): Promise<CommitDocument> {
    return { ...commit, events: await this.codec.decode(commit.events.map((e) => upcast(e, this.upcasters))) };
  }

  /** Appends events after `expectedVersion`; a concurrent append at that version wins or loses whole. */
  async append(
    streamId: string,
    expectedVersion: number,
    events: readonly DomainEvent[],
    context: AppendContext,
  ): Promise<AppendResult> {
    if (events.length === 0 || events.length > MAX_EVENTS_PER_COMMIT) {
      throw new RangeError(`a commit holds 1 to ${MAX_EVENTS_PER_COMMIT} events, not ${events.length}`);
    }
    const tracked = this.heads.track(streamId, expectedVersion + events.length);
    try {
      const result = await this.appendTracked(streamId, expectedVersion, events, context);
      tracked.settle(result.replayed ? null : result.commit.hash);
      return result;
    } catch (error) {
      tracked.settle(null);
      throw error;
    }
  }

  private async appendTracked(
    streamId: string,
    expectedVersion: number,
    events: readonly DomainEvent[],
    context: AppendContext,
  ): Promise<AppendResult> {
    const commitId = randomUUID();
    const recordedAt = new Date().toISOString();
    const fromVersion = expectedVersion + 1;
    const stored = toStoredEvents(streamId, fromVersion, events, context, recordedAt);
    // Through JSON, so what is hashed is exactly what is stored (no undefined, no Date): the encrypted form.
    const content: CommitContent = JSON.parse(
      JSON.stringify({
        commitId,
        streamId,
        fromVersion,
        toVersion: expectedVersion + events.length,
        recordedAt,
        events: await this.codec.encode(streamId, stored),
      }),
    );
    const previousHash = await this.hashAt(streamId, expectedVersion);
    const commit: CommitDocument = {
      _id: commitKey(streamId, fromVersion),
      ...content,
      previousHash,
      hash: commitHash(previousHash, content),
      idempotencyKey: context.idempotency?.key ?? commitId,
      ...(context.idempotency && { requestHash: context.idempotency.requestHash }),
    };
    const entry: OutboxEntry = {
      _id: commitId,
      commitKey: commit._id,
      streamId,
      fromVersion,
      commit,
      createdAt: recordedAt,
    };
    const written = await this.appends.submit({ entry, commit, idempotencyKey: context.idempotency?.key });
    if (written === 'duplicate') {
      if (context.idempotency) {
        const earlier = await this.findByIdempotencyKey(context.idempotency.key);
        if (earlier) return { commit: earlier, replayed: true };
      }
      throw new ConcurrentAppendError(streamId, expectedVersion);
    }
    this.heads.note(commit);
    return { commit: { ...commit, events: stored }, replayed: false };
  }

  /** The hash the commit after `version` chains to: from memory (see StreamHeads), else read. */
  private async hashAt(streamId: string, version: number): Promise<string> {
    const known = await this.heads.hashAt(streamId, version);
    if (known) return known;
    const commit = (await this.commitAt(streamId, version)) ?? (await this.commitCovering(streamId, version));
    if (!commit || commit.toVersion !== version) throw new ConcurrentAppendError(streamId, version);
    this.heads.note(commit);
    return commit.hash;
  }

  /**
   * Writes a group of appends in a round trip per step: outbox entries, then their commits (each refused or not on its
   * own), then the confirmations and idempotency records of the written ones. A step that fails as a whole fails every
   * append of the group with an unknown outcome: a commit may well be written, so the outbox entries stay (if a commit
   * never comes, readUnpublished drops its entry).
   */
  private async writeAppends(batch: PendingAppend[]): Promise<Outcome<CommitWrite>[]> {
    const errors = new Map<PendingAppend, Error>();
    const record = (appends: PendingAppend[], outcomes: (Error | undefined)[]) =>
      appends.forEach((pending, index) => {
        const error = outcomes[index];
        if (error) errors.set(pending, error);
      });
    record(
      batch,
      await insertEach(
        this.outbox,
        batch.map(({ entry }) => entry),
      ),
    );
    const entered = batch.filter((pending) => !errors.has(pending));
    record(
      entered,
      await insertEach(
        this.commits,
        entered.map(({ commit }) => commit),
      ),
    );
    const written = entered.filter((pending) => !errors.has(pending));
    const refused = new Set(entered.filter((pending) => isDuplicateKeyError(errors.get(pending))));
    const keyed = written.filter(({ idempotencyKey }) => idempotencyKey !== undefined);
    const [idempotencyErrors] = await Promise.all([
      insertEach(
        this.idempotency,
        keyed.map(({ commit, idempotencyKey }) => ({ _id: idempotencyKey!, commitKey: commit._id })),
      ).catch((error: Error) => keyed.map(() => error)),
      // The commit is written whatever happens to its confirmation: without it the relay looks the commit up.
      insertEach(
        this.confirmations,
        written.map(({ entry }) => ({ _id: entry._id })),
      ).catch(() => undefined),
      refused.size > 0 &&
        deleteByIds(
          this.outbox,
          [...refused].map(({ entry }) => entry._id),
        ).catch(() => undefined),
    ]);
    // A key whose record is already there was recorded by an earlier attempt of the same command.
    record(
      keyed,
      idempotencyErrors.map((error) => (isDuplicateKeyError(error) ? undefined : error)),
    );
    return batch.map((pending): Outcome<CommitWrite> => {
      if (refused.has(pending)) return { ok: true, value: 'duplicate' };
      const error = errors.get(pending);
      return error ? { ok: false, error } : { ok: true, value: 'written' };
    });
  }

  /**
   * Commits waiting for the relay, in per-stream order. A stream stops at an entry whose commit is not
   * written yet (still in flight); entries whose commit lost its race, or never came, are dropped.
   */
  async readUnpublished(limit: number, abandonAfterMs = 30_000): Promise<CommitDocument[]> {
    const now = Date.now();
    const [outbox, confirmations] = await Promise.all([
      this.outbox
        .find()
        .limit(limit * 4)
        .toArray(),
      this.confirmations.find().toArray(),
    ]);
    const confirmed = new Set(confirmations.map((confirmation) => confirmation._id));
    const entries = outbox.sort((a, b) =>
      a.streamId < b.streamId ? -1 : a.streamId > b.streamId ? 1 : a.fromVersion - b.fromVersion,
    );
    const ready: CommitDocument[] = [];
    const blocked = new Set<string>();
    const abandoned: string[] = [];
    const settle = (entry: OutboxEntry, commit: CommitDocument | null) => {
      if (commit?.commitId === entry._id) {
        if (!blocked.has(entry.streamId) && ready.length < limit) ready.push(commit);
        else blocked.add(entry.streamId);
      } else if (commit || now - Date.parse(entry.createdAt) > abandonAfterMs) {
        abandoned.push(entry._id);
      } else {
        blocked.add(entry.streamId);
      }
    };
    const late = (entry: OutboxEntry) => now - Date.parse(entry.createdAt) > UNCONFIRMED_LOOKUP_AFTER_MS;
    // Lookups cost, so they are made a chunk at a time, only for late confirmations, while the batch has room.
    for (let start = 0; start < entries.length && ready.length < limit; start += OUTBOX_LOOKUP_CHUNK) {
      const chunk = entries.slice(start, start + OUTBOX_LOOKUP_CHUNK).filter((entry) => !blocked.has(entry.streamId));
      const commits = await Promise.all(
        chunk.map((entry) => {
          if (confirmed.has(entry._id) && entry.commit) return entry.commit;
          return late(entry) ? this.commits.findOne({ _id: entry.commitKey }) : null;
        }),
      );
      chunk.forEach((entry, index) => settle(entry, commits[index]));
    }
    if (abandoned.length > 0) await this.forgetOutboxEntries(abandoned);
    return ready;
  }

  async markPublished(commits: readonly CommitDocument[]): Promise<void> {
    if (commits.length > 0) await this.forgetOutboxEntries(commits.map((commit) => commit.commitId));
  }

  /** Confirmations first: an entry left without one is looked up (and published again), never left behind. */
  private async forgetOutboxEntries(commitIds: string[]): Promise<void> {
    await deleteByIds(this.confirmations, commitIds);
    await deleteByIds(this.outbox, commitIds);
  }

  async countUnpublished(): Promise<number> {
    return this.outbox.countDocuments();
  }

  /** When the oldest commit still waiting for the relay was written (the outbox is small, so a sort is cheap). */
  async oldestUnpublishedAt(): Promise<Date | null> {
    const oldest = await this.outbox.find().sort({ createdAt: 1 }).limit(1).next();
    return oldest ? new Date(oldest.createdAt) : null;
  }

  async countCommits(): Promise<number> {
    return this.commits.countDocuments();
  }

  /** Every commit, stream by stream, exactly as stored (ciphertext, schema versions as written): what hashes cover. */
  readAllCommits(batchSize = 500): AsyncIterable<CommitDocument> {
    return this.commits.find({}).sort({ streamId: 1, fromVersion: 1 }).batchSize(batchSize);
  }

  /** Every commit, stream by stream, upcast and decrypted (placeholders once erased): for rebuilds and exports. */
  async *readAllDecodedCommits(batchSize = 500): AsyncIterable<CommitDocument> {
    for await (const commit of this.readAllCommits(batchSize)) yield this.decodeCommit(commit);
  }

  private commitAt(streamId: string, fromVersion: number): Promise<CommitDocument | null> {
    return this.commits.findOne({ _id: commitKey(streamId, fromVersion) });
  }

  private async commitCovering(streamId: string, version: number): Promise<CommitDocument | null> {
    for (let from = version - 1; from >= Math.max(1, version - MAX_EVENTS_PER_COMMIT + 1); from--) {
      const commit = await this.commitAt(streamId, from);
      if (commit) return commit.toVersion >= version ? commit : null;
    }
    return null;
  }
}

/**
 * Deletes documents by `_id`, in one round trip: one `deleteOne` per id rather than one `$in`, because FerretDB pushes
 * down only an `_id` equality and would decode the whole outbox (entries carry their commits) for each `$in`.
 */
async function deleteByIds<T extends { _id: string }>(
  collection: Collection<T>,
  ids: readonly string[],
): Promise<void> {
  if (ids.length === 0) return;
  await collection.bulkWrite(
    ids.map((_id) => ({ deleteOne: { filter: { _id } as Filter<T> } })),
    { ordered: false },
  );
}
