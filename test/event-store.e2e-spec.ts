import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { type Db, MongoClient } from 'mongodb';
import {
  type CaseCommand,
  type CaseEvent,
  type CaseState,
  type DomainEvent,
  decide,
  evolve,
  evolveAll,
  initialCaseState,
} from '#libs/domain';
import {
  COMMITS_COLLECTION,
  DecideAndAppend,
  ConcurrentAppendError,
  type CommitDocument,
  type Decider,
  EventStore,
  type HandleOptions,
  type HandleResult,
  IdempotencyKeyReusedError,
  OUTBOX_COLLECTION,
  OUTBOX_CONFIRMATIONS_COLLECTION,
  SNAPSHOTS_COLLECTION,
  StateCache,
  type Upcaster,
  WrongExpectedVersionError,
} from '#libs/event-store';

// The event store and command handler straight against FerretDB: no HTTP, no Kafka.

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[1-8][0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/;
const actor = { name: 'ana', role: 'investigator' as const };
const STATE_SCHEMA = 'test-case-state-1';

type CaseHandler = DecideAndAppend<CaseCommand, CaseEvent, CaseState>;
const caseDecider: Decider<CaseCommand, CaseEvent, CaseState> = { decide, evolve, initialState: initialCaseState };

const context = (overrides: Partial<HandleOptions> = {}): HandleOptions => ({
  actor,
  correlationId: `corr-${randomUUID()}`,
  causationId: `req-${randomUUID()}`,
  occurredAt: new Date(),
  ...overrides,
});

const metadata = () => ({ now: new Date(), actor, id: randomUUID() });

const receiveReport = (caseId: string): CaseCommand => ({
  type: 'ReceiveReport',
  data: {
    caseId,
    title: 'Alleged sale of 279 million member records',
    jurisdictions: ['ID'],
    report: {
      receivedAt: '2021-05-20T06:00:00Z',
      channel: 'social-media',
      summary: 'A forum post offers member data for sale with a free sample',
      claimedRecordCount: 279_000_000,
      dataCategories: ['national-id', 'name', 'phone'],
    },
  },
  metadata: metadata(),
});

const assignInvestigator = (caseId: string, investigator = 'Ana Putri'): CaseCommand => ({
  type: 'AssignInvestigator',
  data: { caseId, investigator, assignedAt: '2021-05-20T07:00:00Z' },
  metadata: metadata(),
});

/** A made-up event for tests that need the store only, not the case decider. */
const noteEvent = (n: number): DomainEvent => ({ type: 'TestNoted', schemaVersion: 1, payload: { n } });

/** Settles all promises and sorts them into results and errors. */
async function settle<T>(promises: Promise<T>[]): Promise<{ ok: T[]; errors: unknown[] }> {
  const settled = await Promise.allSettled(promises);
  return {
    ok: settled.filter((s): s is PromiseFulfilledResult<Awaited<T>> => s.status === 'fulfilled').map((s) => s.value),
    errors: settled.filter((s): s is PromiseRejectedResult => s.status === 'rejected').map((s) => s.reason),
  };
}

/** An EventStore that records each readStream call: which version it read after and how many events it got. */
class RecordingEventStore extends EventStore {
  readonly reads: { streamId: string; afterVersion: number; events: number }[] = [];

  override async readStream(streamId: string, range: { afterVersion?: number; toVersion?: number } = {}) {
    const events = await super.readStream(streamId, range);
    this.reads.push({ streamId, afterVersion: range.afterVersion ?? 0, events: events.length });
    return events;
  }
}

describe('event store on FerretDB: commits, conflicts, idempotency, upcasting, snapshots', () => {
  let client: MongoClient;
  let db: Db;
  let store: EventStore;

  const newHandler = (cacheSchema = STATE_SCHEMA, eventStore: EventStore = store): CaseHandler =>
    new DecideAndAppend(eventStore, caseDecider, new StateCache<CaseState>(db, cacheSchema));
  const commitsOf = (streamId: string) =>
    db.collection<CommitDocument>(COMMITS_COLLECTION).find({ streamId }).sort({ fromVersion: 1 }).toArray();
  const versionsOf = async (streamId: string) => (await store.readStream(streamId)).map((e) => e.version);
  const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => from + i);

  beforeAll(async () => {
    client = new MongoClient(process.env.MONGO_URL!, { retryWrites: false });
    await client.connect();
    db = client.db(`t_es_${process.env.BREACHLINE_TEST_RUN ?? 'local'}`.replace(/[^A-Za-z0-9_]/g, '_'));
    await db.dropDatabase();
    store = new EventStore(db);
    await store.ensureIndexes();
  });

  afterAll(async () => {
    await db?.dropDatabase();
    await client?.close();
  });

  it('lets exactly one of 20 parallel appends at the same expected version in', async () => {
    const streamId = randomUUID();
    await store.append(streamId, 0, [noteEvent(0)], context());

    const { ok, errors } = await settle(range(1, 20).map((n) => store.append(streamId, 1, [noteEvent(n)], context())));

    expect(ok).toHaveLength(1);
    expect(ok[0]).toMatchObject({ replayed: false, commit: { fromVersion: 2, toVersion: 2 } });
    expect(errors).toHaveLength(19);
    for (const error of errors) expect(error).toBeInstanceOf(ConcurrentAppendError);
    expect(await versionsOf(streamId)).toEqual([1, 2]);
    const commits = await commitsOf(streamId);
    expect(commits.map((c) => [c.fromVersion, c.toVersion])).toEqual([
      [1, 1],
      [2, 2],
    ]);
    expect(commits[1].events[0].eventId).toBe(ok[0].commit.events[0].eventId);
  });

  it('group-commits concurrent appends: each stream gets exactly its winners, conflicts fail alone, round trips are shared', async () => {
    await db.collection(OUTBOX_COLLECTION).deleteMany({});
    await db.collection(OUTBOX_CONFIRMATIONS_COLLECTION).deleteMany({});
    const monitored = new MongoClient(process.env.MONGO_URL!, { retryWrites: false, monitorCommands: true });
    await monitored.connect();
    const commitInserts: number[] = [];
    monitored.on('commandStarted', (event) => {
      if (event.commandName === 'insert' && event.command.insert === COMMITS_COLLECTION) {
        commitInserts.push((event.command.documents as unknown[]).length);
      }
    });
    try {
      const grouped = new EventStore(monitored.db(db.databaseName));
      const separate = Array.from({ length: 20 }, () => randomUUID());
      const contested = randomUUID();
      const { ok, errors } = await settle([
        ...separate.map((streamId) => grouped.append(streamId, 0, [noteEvent(1)], context())),
        ...Array.from({ length: 20 }, (_, n) => grouped.append(contested, 0, [noteEvent(100 + n)], context())),
        ...separate.map((streamId) => grouped.append(streamId, 1, [noteEvent(2), noteEvent(3)], context())),
      ]);

      expect(errors).toHaveLength(19);
      expect(errors.every((error) => error instanceof ConcurrentAppendError)).toBe(true);
      expect(ok).toHaveLength(41);
      for (const streamId of separate) expect(await versionsOf(streamId)).toEqual([1, 2, 3]);
      expect(await versionsOf(contested)).toEqual([1]);
      const winner = ok.find(({ commit }) => commit.streamId === contested)!.commit;
      expect((await store.readStream(contested))[0].payload).toEqual(winner.events[0].payload);
      expect(commitInserts.reduce((sum, documents) => sum + documents, 0)).toBe(60);
      expect(commitInserts.length).toBeLessThan(60);

      // The relay is handed each written commit once, in per-stream order; the refused ones left no entry behind.
      const ready = await store.readUnpublished(100);
      expect(ready.map(({ commitId }) => commitId).sort()).toEqual(ok.map(({ commit }) => commit.commitId).sort());
      for (const streamId of separate) {
        expect(ready.filter((commit) => commit.streamId === streamId).map(({ fromVersion }) => fromVersion)).toEqual([
          1, 2,
        ]);
      }
      await store.markPublished(ready);
      expect(await store.countUnpublished()).toBe(0);
    } finally {
      await monitored.close();
    }
  });

  it('lets exactly one in when the racing commits differ in length (conflict on the start version)', async () => {
    const streamId = randomUUID();
    await store.append(streamId, 0, [noteEvent(0)], context());

    // 1, 2 or 3 events each: a uniqueness check on the end version would let 1→2 and 1→3 both in.
    const { ok, errors } = await settle(
      range(1, 12).map((n) => store.append(streamId, 1, range(1, (n % 3) + 1).map(noteEvent), context())),
    );

    expect(ok).toHaveLength(1);
    expect(errors).toHaveLength(11);
    for (const error of errors) expect(error).toBeInstanceOf(ConcurrentAppendError);
    const stream = await store.readStream(streamId);
    expect(stream.map((e) => e.version)).toEqual(range(1, ok[0].commit.toVersion));
    expect(stream.slice(1).map((e) => e.eventId)).toEqual(ok[0].commit.events.map((e) => e.eventId));
  });

  it('refuses all but one of 20 parallel commands pinned to the same version', async () => {
    const caseId = randomUUID();
    const handler = newHandler();
    expect(await handler.handle(caseId, receiveReport(caseId), context())).toMatchObject({ version: 1 });

    const { ok, errors } = await settle(
      range(1, 20).map((n) =>
        handler.handle(caseId, assignInvestigator(caseId, `investigator ${n}`), context({ expectedVersion: 1 })),
      ),
    );

    expect(ok).toHaveLength(1);
    expect(ok[0]).toMatchObject({ version: 2, replayed: false });
    expect(errors).toHaveLength(19);
    for (const error of errors) {
      expect(error).toBeInstanceOf(WrongExpectedVersionError);
      expect(error).toMatchObject({ expectedVersion: 1 });
    }
    expect(await versionsOf(caseId)).toEqual([1, 2]);
  });

  it('retries unpinned parallel commands: contiguous versions, no duplicates, no lost success', async () => {
    const caseId = randomUUID();
    // Four "API instances", each with a cache of its own, sharing the store.
    const handlers = range(1, 4).map(() => newHandler());
    await handlers[0].handle(caseId, receiveReport(caseId), context());

    const { ok, errors } = await settle(
      range(1, 20).map((n) =>
        handlers[n % handlers.length].handle(caseId, assignInvestigator(caseId, `investigator ${n}`), context()),
      ),
    );

    // Anything but a lost race after the last attempt is a bug.
    for (const error of errors) expect(error).toBeInstanceOf(ConcurrentAppendError);
    expect(ok.length + errors.length).toBe(20);
    expect(ok.length).toBeGreaterThanOrEqual(1);

    const stream = await store.readStream(caseId);
    const n = 1 + ok.length;
    expect(stream.map((e) => e.version)).toEqual(range(1, n));
    expect(new Set(stream.map((e) => e.eventId)).size).toBe(n);
    // Every success is in the stream at the version it reported, with the event it reported.
    expect(ok.map((r) => r.version).sort((a, b) => a - b)).toEqual(range(2, n));
    for (const result of ok) {
      expect(result.events).toHaveLength(1);
      expect(stream[result.version - 1]).toStrictEqual(result.events[0]);
    }
    // And each accepted command is in the stream exactly once.
    const investigators = stream.slice(1).map((e) => (e.payload as { investigator: string }).investigator);
    expect(new Set(investigators).size).toBe(ok.length);
    console.info(`unpinned race: ${ok.length} of 20 succeeded, ${errors.length} gave up after retries`);
  });

  it('trusts the state it appended itself, and reloads only when another instance appended since', async () => {
    const caseId = randomUUID();
    const recording = new RecordingEventStore(db);
    const a = newHandler(STATE_SCHEMA, recording);
    const b = newHandler();
    const close: CaseCommand = {
      type: 'CloseCase',
      data: { caseId, closedAt: '2021-05-21T00:00:00Z', resolution: 'false-report' },
      metadata: metadata(),
    };
    const reopen: CaseCommand = {
      type: 'ReopenCase',
      data: { caseId, reopenedAt: '2021-05-22T00:00:00Z', reason: 'A second sample surfaced' },
      metadata: metadata(),
    };

    await a.handle(caseId, receiveReport(caseId), context());
    const readsAfterCreate = recording.reads.length;
    // Its own state in memory: no lookup for newer commits.
    expect(await a.handle(caseId, assignInvestigator(caseId, 'Ana'), context())).toMatchObject({ version: 2 });
    expect(recording.reads).toHaveLength(readsAfterCreate);

    // B closes the case; A still holds the open case at version 2.
    expect(await b.handle(caseId, close, context({ expectedVersion: 2 }))).toMatchObject({ version: 3 });
    // A's stale state would refuse a reopen ("case-not-closed"): the refusal is checked against the stream.
    expect(await a.handle(caseId, reopen, context())).toMatchObject({ version: 4, replayed: false });
    // Now B is stale (version 3): an If-Match on the latest version is honoured, not answered 412.
    expect(await b.handle(caseId, assignInvestigator(caseId, 'Budi'), context({ expectedVersion: 4 }))).toMatchObject({
      version: 5,
    });
    // A stale A appends at the right version after its first append lost on the commit's `_id`.
    expect(await a.handle(caseId, assignInvestigator(caseId, 'Citra'), context())).toMatchObject({ version: 6 });
    // And an If-Match on an old version is still refused, whatever the memory says.
    await expect(
      b.handle(caseId, assignInvestigator(caseId, 'Dewi'), context({ expectedVersion: 5 })),
    ).rejects.toBeInstanceOf(WrongExpectedVersionError);

    const stream = await store.readStream(caseId);
    expect(stream.map((e) => [e.version, e.type])).toEqual([
      [1, 'ReportReceived'],
      [2, 'InvestigatorAssigned'],
      [3, 'CaseClosed'],
      [4, 'CaseReopened'],
      [5, 'InvestigatorAssigned'],
      [6, 'InvestigatorAssigned'],
    ]);
  });

  describe('idempotency', () => {
    it('replays the same key and request without appending; refuses the key with another request', async () => {
      const caseId = randomUUID();
      const handler = newHandler();
      await handler.handle(caseId, receiveReport(caseId), context());
      const idempotency = { key: `ana:${randomUUID()}`, requestHash: 'hash-a' };

      const first = await handler.handle(caseId, assignInvestigator(caseId), context({ idempotency }));
      const commitsAfterFirst = await db.collection(COMMITS_COLLECTION).countDocuments();
      // A fresh handler (another API instance, empty cache) must replay just the same.
      const second = await newHandler().handle(caseId, assignInvestigator(caseId), context({ idempotency }));

      expect(first).toMatchObject({ version: 2, replayed: false });
      expect(second).toStrictEqual({ ...first, replayed: true });
      expect(await db.collection(COMMITS_COLLECTION).countDocuments()).toBe(commitsAfterFirst);
      expect(await versionsOf(caseId)).toEqual([1, 2]);

      await expect(
        handler.handle(
          caseId,
          assignInvestigator(caseId, 'someone else'),
          context({ idempotency: { ...idempotency, requestHash: 'hash-b' } }),
        ),
      ).rejects.toBeInstanceOf(IdempotencyKeyReusedError);
      expect(await db.collection(COMMITS_COLLECTION).countDocuments()).toBe(commitsAfterFirst);
    });

    it('commits once for 10 parallel calls with the same key', async () => {
      const caseId = randomUUID();
      const handlers = range(1, 3).map(() => newHandler());
      await handlers[0].handle(caseId, receiveReport(caseId), context());
      const idempotency = { key: `ana:${randomUUID()}`, requestHash: 'hash-parallel' };

      const { ok, errors } = await settle(
        range(1, 10).map((n) =>
          handlers[n % handlers.length].handle(caseId, assignInvestigator(caseId), context({ idempotency })),
        ),
      );

      expect(errors).toEqual([]);
      expect(ok).toHaveLength(10);
      expect(ok.filter((r) => !r.replayed)).toHaveLength(1);
      expect(new Set(ok.map((r) => r.version))).toEqual(new Set([2]));
      expect(new Set(ok.map((r) => r.events[0].eventId)).size).toBe(1);
      expect(await db.collection(COMMITS_COLLECTION).countDocuments({ idempotencyKey: idempotency.key })).toBe(1);
      expect(await versionsOf(caseId)).toEqual([1, 2]);
    });

    it('replays parallel retries of a command that cannot apply twice (CloseCase, pinned or not)', async () => {
      // A client retrying on a timeout while its first request is still in flight must get the original
      // answer, not a refusal decided on the state that the first request produced.
      const outcomes = [];
      for (const pinned of [false, true]) {
        const caseId = randomUUID();
        const handlers = range(1, 3).map(() => newHandler());
        await handlers[0].handle(caseId, receiveReport(caseId), context());
        const idempotency = { key: `ana:${randomUUID()}`, requestHash: 'hash-close' };
        const close: CaseCommand = {
          type: 'CloseCase',
          data: { caseId, closedAt: '2021-05-21T00:00:00Z', resolution: 'false-report' },
          metadata: metadata(),
        };

        const { ok, errors } = await settle(
          range(1, 10).map((n) =>
            handlers[n % handlers.length].handle(
              caseId,
              close,
              context({ idempotency, ...(pinned && { expectedVersion: 1 }) }),
            ),
          ),
        );
        outcomes.push({
          pinned,
          errors: errors.map((e) => (e as Error).name),
          originals: ok.filter((r) => !r.replayed).length,
          versions: [...new Set(ok.map((r) => r.version))],
          stream: await versionsOf(caseId),
        });
      }

      const replayedOnce = { errors: [], originals: 1, versions: [2], stream: [1, 2] };
      expect(outcomes).toEqual([
        { pinned: false, ...replayedOnce },
        { pinned: true, ...replayedOnce },
      ]);
    });
  });

  it('hands the relay confirmed commits without lookups, looks up a late confirmation, drops a commit that never came', async () => {
    await db.collection(OUTBOX_COLLECTION).deleteMany({});
    await db.collection(OUTBOX_CONFIRMATIONS_COLLECTION).deleteMany({});
    const [streamA, streamB] = [randomUUID(), randomUUID()];
    const appended = [];
    for (let n = 1; n <= 3; n++) appended.push((await store.append(streamA, n - 1, [noteEvent(n)], context())).commit);
    await store.append(streamB, 0, [noteEvent(1)], context());
    // The API process died between commit 2's insert and its confirmation.
    await db.collection(OUTBOX_CONFIRMATIONS_COLLECTION).deleteOne({ _id: appended[1].commitId as never });
    // And an entry whose commit never came (the process died before inserting it), half a minute ago.
    const past = (ms: number) => new Date(Date.now() - ms).toISOString();
    await db.collection(OUTBOX_COLLECTION).insertOne({
      _id: randomUUID() as never,
      commitKey: `${streamB}:000000000002`,
      streamId: streamB,
      fromVersion: 2,
      createdAt: past(31_000),
    });
    const published = (commits: CommitDocument[]) => commits.map((commit) => [commit.streamId, commit.fromVersion]);

    // Commit 2 may still be in flight: stream A stops before it; stream B is not held up by the stale entry.
    expect(published(await store.readUnpublished(100))).toEqual(
      expect.arrayContaining([
        [streamA, 1],
        [streamB, 1],
      ]),
    );
    expect(await store.readUnpublished(100)).toHaveLength(2);
    expect(await store.countUnpublished()).toBe(4);

    // Once its confirmation is late, commit 2 is looked up and found: stream A goes on, in order.
    await db
      .collection(OUTBOX_COLLECTION)
      .updateOne({ _id: appended[1].commitId as never }, { $set: { createdAt: past(3_000) } });
    const ready = await store.readUnpublished(100);
    expect(published(ready.filter((commit) => commit.streamId === streamA))).toEqual([
      [streamA, 1],
      [streamA, 2],
      [streamA, 3],
    ]);
    expect(ready.find((commit) => commit.fromVersion === 2)).toStrictEqual(appended[1]);

    await store.markPublished(ready);
    expect(await store.countUnpublished()).toBe(0);
    expect(await db.collection(OUTBOX_CONFIRMATIONS_COLLECTION).countDocuments()).toBe(0);
  });

  it('stores the full envelope on every event', async () => {
    const caseId = randomUUID();
    const handler = newHandler();
    const ctx = context();
    await handler.handle(caseId, receiveReport(caseId), ctx);
    await handler.handle(caseId, assignInvestigator(caseId), context());

    const all = await db.collection<CommitDocument>(COMMITS_COLLECTION).find({}).toArray();
    const events = all.flatMap((c) => c.events.map((e) => ({ commit: c, event: e })));
    expect(events.length).toBeGreaterThanOrEqual(2);
    for (const { commit, event } of events) {
      expect(event).toEqual({
        eventId: expect.stringMatching(UUID),
        type: expect.any(String),
        schemaVersion: expect.any(Number),
        occurredAt: expect.stringMatching(ISO_INSTANT),
        recordedAt: commit.recordedAt,
        actor: { name: 'ana', role: 'investigator' },
        correlationId: expect.any(String),
        causationId: expect.any(String),
        caseId: commit.streamId,
        version: expect.any(Number),
        payload: expect.any(Object),
      });
      expect(event.schemaVersion).toBeGreaterThanOrEqual(1);
      expect(event.version).toBeGreaterThanOrEqual(commit.fromVersion);
      expect(event.version).toBeLessThanOrEqual(commit.toVersion);
      expect(event.recordedAt).toMatch(ISO_INSTANT);
    }
    expect(new Set(events.map((e) => e.event.eventId)).size).toBe(events.length);

    const [received] = await store.readStream(caseId);
    expect(received).toMatchObject({
      type: 'ReportReceived',
      caseId,
      version: 1,
      correlationId: ctx.correlationId,
      causationId: ctx.causationId,
      occurredAt: ctx.occurredAt.toISOString(),
    });
  });

  it('upcasts old schema versions on read through the whole chain, leaving the stored event as it was', async () => {
    const streamId = randomUUID();
    const old: DomainEvent = { type: 'TestRenamed', schemaVersion: 1, payload: { fullName: 'Ana Putri' } };
    const untouched: DomainEvent = { type: 'TestOther', schemaVersion: 1, payload: { fullName: 'kept' } };
    await store.append(streamId, 0, [old, untouched], context());

    const upcasters: Upcaster[] = [
      // Listed out of order on purpose: the chain follows schema versions, not list order.
      {
        type: 'TestRenamed',
        fromSchemaVersion: 2,
        upcast: (p) => ({ ...(p as object), locale: 'id-ID' }),
      },
      {
        type: 'TestRenamed',
        fromSchemaVersion: 1,
        upcast: (p) => ({ name: (p as { fullName: string }).fullName }),
      },
    ];
    const upcasting = new EventStore(db, upcasters);
    const [renamed, other] = await upcasting.readStream(streamId);

    expect(renamed).toMatchObject({ type: 'TestRenamed', schemaVersion: 3, version: 1 });
    expect(renamed.payload).toStrictEqual({ name: 'Ana Putri', locale: 'id-ID' });
    expect(other).toMatchObject({ type: 'TestOther', schemaVersion: 1, payload: { fullName: 'kept' } });
    const [stored] = await commitsOf(streamId);
    expect(stored.events[0]).toMatchObject({ schemaVersion: 1, payload: { fullName: 'Ana Putri' } });
    expect((await store.readStream(streamId))[0]).toMatchObject({ schemaVersion: 1 });
  });

  it('loads a 1,004-event stream from its latest snapshot plus the commits after it', async () => {
    const caseId = randomUUID();
    const assigned = (version: number): DomainEvent => ({
      type: 'InvestigatorAssigned',
      schemaVersion: 1,
      payload: { caseId, investigator: `inv-${version}`, assignedAt: '2021-05-20T08:00:00Z' },
    });
    const writer = newHandler();
    await writer.handle(caseId, receiveReport(caseId), context());
    // Bulk history from another writer that snapshots nothing: versions 2..901 in commits of 50
    // (FerretDB scans the whole collection per query, so 1,000 single-event commands would be slow).
    for (let from = 2; from <= 901; from += 50) {
      await store.append(caseId, from - 1, range(from, from + 49).map(assigned), context());
    }
    // Then a writer whose commands each produce 10 assignments, through the command handler and its
    // state cache: versions 902..1001, crossing the snapshot marks at 950 and 1000.
    const tenfold: Decider<CaseCommand, CaseEvent, CaseState> = {
      ...caseDecider,
      decide: (command, state) => range(1, 10).flatMap(() => decide(command, state)),
    };
    const tenfoldWriter = new DecideAndAppend(store, tenfold, new StateCache<CaseState>(db, STATE_SCHEMA));
    let last: HandleResult | undefined;
    for (let i = 0; i < 10; i++) last = await tenfoldWriter.handle(caseId, assignInvestigator(caseId), context());
    expect(last?.version).toBe(1001);
    // And once more a writer that snapshots nothing appends after the snapshot.
    await store.append(caseId, 1001, range(1002, 1004).map(assigned), context());

    const snapshot = await db.collection(SNAPSHOTS_COLLECTION).findOne({ _id: caseId as never });
    expect(snapshot).toMatchObject({ stateSchema: STATE_SCHEMA, version: expect.any(Number) });
    const snapshotVersion = snapshot!.version as number;
    expect(snapshotVersion).toBeGreaterThanOrEqual(950);
    // Written by the command handler when its commit crossed 1000; the direct appends after it wrote none.
    expect(snapshotVersion).toBe(1001);

    const allEvents = await store.readStream(caseId);
    expect(allEvents.map((e) => e.version)).toEqual(range(1, 1004));
    const expected = evolveAll(allEvents as unknown as CaseEvent[]);

    const recording = new RecordingEventStore(db);
    const fresh = newHandler(STATE_SCHEMA, recording);
    const loaded = await fresh.load(caseId);

    expect(recording.reads).toEqual([
      { streamId: caseId, afterVersion: snapshotVersion, events: 1004 - snapshotVersion },
    ]);
    expect(loaded.version).toBe(1004);
    expect(loaded.state).toStrictEqual(expected);
    expect(loaded.state).toMatchObject({ status: 'open', version: 1004, caseId });

    // A snapshot of another state schema is ignored: the whole stream is read.
    const otherSchema = new RecordingEventStore(db);
    const reloaded = await newHandler('test-case-state-2', otherSchema).load(caseId);
    expect(otherSchema.reads).toEqual([{ streamId: caseId, afterVersion: 0, events: 1004 }]);
    expect(reloaded.state).toStrictEqual(expected);

    // The snapshot-loaded handler decides correctly on top of it.
    const next = await fresh.handle(caseId, assignInvestigator(caseId, 'Budi'), context({ expectedVersion: 1004 }));
    expect(next.version).toBe(1005);
  });
});
