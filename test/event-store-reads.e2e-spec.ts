// What the event store gives back, against the database server: confirmed commits for the relay, the full
// envelope, upcast old events and long streams from snapshots.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { type CaseCommand, type CaseEvent, type CaseState, type DomainEvent, decide, evolveAll } from '#libs/domain';
import {
  COMMITS_COLLECTION,
  DecideAndAppend,
  type CommitDocument,
  type Decider,
  EventStore,
  type HandleResult,
  OUTBOX_COLLECTION,
  OUTBOX_CONFIRMATIONS_COLLECTION,
  SNAPSHOTS_COLLECTION,
  StateCache,
  type Upcaster,
} from '#libs/event-store';
import {
  assignInvestigator,
  caseDecider,
  closeTestStore,
  context,
  ISO_INSTANT,
  noteEvent,
  openTestStore,
  range,
  receiveReport,
  RecordingEventStore,
  STATE_SCHEMA,
  storeHelpers,
  type TestStore,
  UUID,
} from './support/event-store-harness.js';

describe('event store: relay hand-off, envelope, upcasting, snapshots', () => {
  let opened: TestStore;
  let db: TestStore['db'], store: TestStore['store'];
  const { newHandler, commitsOf } = storeHelpers(() => opened);

  beforeAll(async () => {
    opened = await openTestStore('es_reads');
    ({ db, store } = opened);
  });

  afterAll(async () => {
    await closeTestStore(opened ?? {});
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
