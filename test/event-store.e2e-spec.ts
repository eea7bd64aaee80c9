// The event store and command handler against the database server: parallel appends and commands, conflicts,
// group commit and the state cache. Idempotency is in event-store-idempotency; the relay hand-off, envelope,
// upcasting and snapshots in event-store-reads.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { MongoClient } from 'mongodb';
import { type CaseCommand } from '#libs/domain';
import {
  COMMITS_COLLECTION,
  ConcurrentAppendError,
  EventStore,
  OUTBOX_COLLECTION,
  OUTBOX_CONFIRMATIONS_COLLECTION,
  WrongExpectedVersionError,
} from '#libs/event-store';
import {
  assignInvestigator,
  closeTestStore,
  context,
  metadata,
  noteEvent,
  openTestStore,
  range,
  receiveReport,
  RecordingEventStore,
  settle,
  STATE_SCHEMA,
  storeHelpers,
  type TestStore,
} from './support/event-store-harness.js';

describe('event store: commits, conflicts and group commit', () => {
  let opened: TestStore;
  let db: TestStore['db'], store: TestStore['store'];
  const { newHandler, commitsOf, versionsOf } = storeHelpers(() => opened);

  beforeAll(async () => {
    opened = await openTestStore('es');
    ({ db, store } = opened);
  });

  afterAll(async () => {
    await closeTestStore(opened ?? {});
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
});
