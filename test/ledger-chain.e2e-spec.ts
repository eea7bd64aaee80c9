import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { type Db, MongoClient } from 'mongodb';
import type { DomainEvent } from '#libs/domain';
import { COMMITS_COLLECTION, ConcurrentAppendError, type CommitDocument, EventStore } from '#libs/event-store';
import { commitHash, genesisHash } from '#libs/ledger';

// The per-case hash chain written by the event store, read back from FerretDB.

const actor = { name: 'ana', role: 'investigator' as const };
const context = () => ({
  actor,
  correlationId: `corr-${randomUUID()}`,
  causationId: `req-${randomUUID()}`,
  occurredAt: new Date(),
});
const noteEvent = (n: number, extra: Record<string, unknown> = {}): DomainEvent => ({
  type: 'TestNoted',
  schemaVersion: 1,
  payload: { n, ...extra },
});

/** What a command handler does: append after the version it read, and read again on a conflict. */
async function appendUntilIn(store: EventStore, streamId: string, event: DomainEvent): Promise<void> {
  for (;;) {
    const events = await store.readStream(streamId);
    try {
      await store.append(streamId, events.length, [event], context());
      return;
    } catch (error) {
      if (!(error instanceof ConcurrentAppendError)) throw error;
    }
  }
}

describe('hash chain per case', () => {
  let client: MongoClient;
  let db: Db;

  const commitsOf = (streamId: string) =>
    db.collection<CommitDocument>(COMMITS_COLLECTION).find({ streamId }).sort({ fromVersion: 1 }).toArray();

  /** Each stored commit recomputes to its hash and names the one before it; versions run without a gap. */
  const expectOneLinearChain = (streamId: string, commits: CommitDocument[]) => {
    let previousHash = genesisHash(streamId);
    let version = 0;
    for (const commit of commits) {
      expect(commit.fromVersion).toBe(version + 1);
      expect(commit.previousHash).toBe(previousHash);
      expect(commitHash(commit.previousHash, commit)).toBe(commit.hash);
      previousHash = commit.hash;
      version = commit.toVersion;
    }
  };

  beforeAll(async () => {
    client = new MongoClient(process.env.MONGO_URL!, { retryWrites: false });
    await client.connect();
    db = client.db(`t_chain_${process.env.BREACHLINE_TEST_RUN ?? 'local'}`.replace(/[^A-Za-z0-9_]/g, '_'));
    await db.dropDatabase();
    await new EventStore(db).ensureIndexes();
  });

  afterAll(async () => {
    await db?.dropDatabase();
    await client?.close();
  });

  it('hashes each commit as stored: read back, every commit recomputes to its hash from the genesis on', async () => {
    const store = new EventStore(db);
    const streamId = randomUUID();
    await store.append(streamId, 0, [noteEvent(1, { optional: undefined, nested: { b: 2, a: 1 } })], context());
    await store.append(streamId, 1, [noteEvent(2), noteEvent(3)], context());
    await store.append(streamId, 3, [noteEvent(4)], context());

    const commits = await commitsOf(streamId);

    expect(commits.map((commit) => commit.fromVersion)).toEqual([1, 2, 4]);
    expect(commits[0].previousHash).toBe(genesisHash(streamId));
    expectOneLinearChain(streamId, commits);
  });

  it('leaves one linear chain after concurrent appends to one case from four processes', async () => {
    const streamId = randomUUID();
    const processes = Array.from({ length: 4 }, () => new EventStore(db));

    await Promise.all(
      processes.flatMap((store, p) =>
        Array.from({ length: 5 }, (_, n) => appendUntilIn(store, streamId, noteEvent(p * 10 + n))),
      ),
    );

    const commits = await commitsOf(streamId);
    expect(commits).toHaveLength(20);
    expectOneLinearChain(streamId, commits);
  });

  it('chains an append made by a process that never read the commit before it', async () => {
    const streamId = randomUUID();
    await new EventStore(db).append(streamId, 0, [noteEvent(1)], context());

    await new EventStore(db).append(streamId, 1, [noteEvent(2)], context());

    expectOneLinearChain(streamId, await commitsOf(streamId));
  });

  it('refuses an append whose state is stale, whatever head this process remembers', async () => {
    const streamId = randomUUID();
    const first = new EventStore(db);
    const second = new EventStore(db);
    await first.append(streamId, 0, [noteEvent(1)], context());
    await second.append(streamId, 1, [noteEvent(2)], context());

    await expect(first.append(streamId, 1, [noteEvent(3)], context())).rejects.toThrow(ConcurrentAppendError);
    await first.append(streamId, 2, [noteEvent(3)], context());

    expectOneLinearChain(streamId, await commitsOf(streamId));
  });
});
