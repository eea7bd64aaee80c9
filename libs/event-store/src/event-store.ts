import { randomUUID } from 'node:crypto';
import type { Collection, Db } from 'mongodb';
import type { DomainEvent } from '#libs/domain';
import { ensureIndexes } from '#libs/platform';
import { ConcurrentAppendError, isDuplicateKeyError } from './event-store-errors.js';
import type { AppendContext, CommitDocument, StoredEvent } from './stored-event.js';
import { upcast, type Upcaster } from './upcaster.js';

export const COMMITS_COLLECTION = 'case_commits';

export interface AppendResult {
  commit: CommitDocument;
  /** True when an earlier commit with the same idempotency key was returned instead of appending. */
  replayed: boolean;
}

/**
 * Case streams in MongoDB, one document per commit. Correctness rests only on unique-index inserts,
 * which FerretDB and MongoDB both make atomic: no transactions, no read-modify-write.
 */
export class EventStore {
  private readonly commits: Collection<CommitDocument>;

  constructor(
    db: Db,
    private readonly upcasters: readonly Upcaster[] = [],
  ) {
    this.commits = db.collection<CommitDocument>(COMMITS_COLLECTION);
  }

  async ensureIndexes(): Promise<void> {
    await ensureIndexes(this.commits, [
      { key: { streamId: 1, fromVersion: 1 }, options: { name: 'stream_version', unique: true } },
      { key: { idempotencyKey: 1 }, options: { name: 'idempotency_key', unique: true } },
      { key: { published: 1 }, options: { name: 'unpublished' } },
    ]);
  }

  /** Events of one stream after `afterVersion` (and up to `toVersion`), upcast to current schemas. */
  async readStream(
    streamId: string,
    { afterVersion = 0, toVersion }: { afterVersion?: number; toVersion?: number } = {},
  ): Promise<StoredEvent[]> {
    const range = toVersion === undefined ? { $gt: afterVersion } : { $gt: afterVersion, $lte: toVersion };
    const commits = await this.commits
      .find({ streamId, toVersion: range }, { projection: { events: 1 } })
      .sort({ fromVersion: 1 })
      .toArray();
    return commits
      .flatMap((commit) => commit.events)
      .filter((event) => event.version > afterVersion && (toVersion === undefined || event.version <= toVersion))
      .map((event) => upcast(event, this.upcasters));
  }

  async findByIdempotencyKey(key: string): Promise<CommitDocument | null> {
    return this.commits.findOne({ idempotencyKey: key });
  }

  /** Appends events after `expectedVersion`; a concurrent append at that version wins or loses whole. */
  async append(
    streamId: string,
    expectedVersion: number,
    events: readonly DomainEvent[],
    context: AppendContext,
  ): Promise<AppendResult> {
    const commitId = randomUUID();
    const recordedAt = new Date().toISOString();
    const commit: CommitDocument = {
      _id: commitId,
      streamId,
      fromVersion: expectedVersion + 1,
      toVersion: expectedVersion + events.length,
      events: events.map((event, index) => ({
        eventId: randomUUID(),
        type: event.type,
        schemaVersion: event.schemaVersion,
        caseId: streamId,
        version: expectedVersion + 1 + index,
        occurredAt: context.occurredAt.toISOString(),
        recordedAt,
        actor: context.actor,
        correlationId: context.correlationId,
        causationId: context.causationId,
        payload: event.payload,
      })),
      recordedAt,
      published: false,
      idempotencyKey: context.idempotency?.key ?? commitId,
      ...(context.idempotency && { requestHash: context.idempotency.requestHash }),
    };
    try {
      await this.commits.insertOne(commit);
      return { commit, replayed: false };
    } catch (error) {
      if (!isDuplicateKeyError(error)) throw error;
      if (context.idempotency) {
        const earlier = await this.findByIdempotencyKey(context.idempotency.key);
        if (earlier) return { commit: earlier, replayed: true };
      }
      throw new ConcurrentAppendError(streamId, expectedVersion);
    }
  }

  /** Oldest unpublished commits, in per-stream order. */
  async readUnpublished(limit: number): Promise<CommitDocument[]> {
    return this.commits.find({ published: false }).sort({ streamId: 1, fromVersion: 1 }).limit(limit).toArray();
  }

  async markPublished(commitIds: readonly string[]): Promise<void> {
    if (commitIds.length === 0) return;
    await this.commits.updateMany({ _id: { $in: [...commitIds] } }, { $set: { published: true } });
  }

  async countUnpublished(): Promise<number> {
    return this.commits.countDocuments({ published: false });
  }

  async countCommits(): Promise<number> {
    return this.commits.countDocuments();
  }

  /** Every commit, stream by stream, for rebuilds and exports. */
  readAllCommits(batchSize = 500): AsyncIterable<CommitDocument> {
    return this.commits.find({}).sort({ streamId: 1, fromVersion: 1 }).batchSize(batchSize);
  }
}
