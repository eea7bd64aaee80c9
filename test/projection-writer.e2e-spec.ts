import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { type Db, MongoClient } from 'mongodb';
import { EventStore } from '#libs/event-store';
import {
  type CaseStatusDocument,
  type CaseStoredEvent,
  caseStatusProjection,
  ProjectionWriter,
} from '#libs/read-models';
import { seedCase, SEED_CASE_ID } from '../libs/read-models/src/testing/case-stream.fixture.js';

// The writer keeps the documents it wrote in memory instead of reading them back; these are the cases where that
// memory is wrong (another writer moved the document, the document is gone, a fresh writer meets a redelivery).
describe('projection writer on FerretDB: remembered documents never win over the stored ones', () => {
  let client: MongoClient;
  let db: Db;
  let store: EventStore;
  let stream: CaseStoredEvent[];
  const COLLECTION = 'case_status_writer_test';

  const writer = () => new ProjectionWriter(db, caseStatusProjection, store, COLLECTION);
  const stored = () => db.collection<CaseStatusDocument>(COLLECTION).findOne({ _id: SEED_CASE_ID });
  const evolvedUpTo = (version: number) =>
    stream.slice(0, version).reduce<CaseStatusDocument | null>(caseStatusProjection.evolve, null);

  beforeAll(async () => {
    client = new MongoClient(process.env.MONGO_URL!, { retryWrites: false });
    await client.connect();
    db = client.db(`t_pw_${process.env.BREACHLINE_TEST_RUN ?? 'local'}`.replace(/[^A-Za-z0-9_]/g, '_'));
    await db.dropDatabase();
    store = new EventStore(db);
    for (const event of seedCase()) {
      await store.append(SEED_CASE_ID, event.version - 1, [event], {
        actor: event.actor,
        correlationId: event.correlationId,
        causationId: event.causationId,
        occurredAt: new Date(event.occurredAt),
      });
    }
    stream = (await store.readStream(SEED_CASE_ID)) as CaseStoredEvent[];
  });

  afterAll(async () => {
    await db?.dropDatabase();
    await client?.close();
  });

  it('applies on top of what another writer stored since, and fills a deleted document from the event store', async () => {
    const [first, second] = [writer(), writer()];
    expect(await first.applyCaseEvents(SEED_CASE_ID, stream.slice(0, 2))).toEqual({
      applied: 2,
      duplicates: 0,
      gapFilled: 0,
    });
    // Another writer moves the document to version 3; `first` still remembers version 2, so event 4 comes after a gap
    // it fills from the event store.
    expect(await second.applyCaseEvents(SEED_CASE_ID, stream.slice(2, 3))).toEqual({
      applied: 1,
      duplicates: 0,
      gapFilled: 0,
    });
    expect(await first.applyCaseEvents(SEED_CASE_ID, stream.slice(3, 4))).toEqual({
      applied: 1,
      duplicates: 0,
      gapFilled: 1,
    });
    expect(await stored()).toStrictEqual(evolvedUpTo(4));

    // A redelivery of everything changes nothing, for a writer that remembers and for a fresh one.
    expect(await first.applyCaseEvents(SEED_CASE_ID, stream.slice(0, 4))).toEqual({
      applied: 0,
      duplicates: 4,
      gapFilled: 0,
    });
    expect(await writer().applyCaseEvents(SEED_CASE_ID, stream.slice(0, 4))).toEqual({
      applied: 0,
      duplicates: 4,
      gapFilled: 0,
    });
    expect(await stored()).toStrictEqual(evolvedUpTo(4));

    // The document is deleted behind the writer's back: the next event is applied to the whole stream, read again.
    await db.collection(COLLECTION).deleteOne({ _id: SEED_CASE_ID as never });
    expect(await first.applyCaseEvents(SEED_CASE_ID, stream.slice(4, 5))).toEqual({
      applied: 1,
      duplicates: 0,
      gapFilled: 4,
    });
    expect(await stored()).toStrictEqual(evolvedUpTo(5));
  });

  it('puts back a newer document that a writer behind the times displaced', async () => {
    await db.collection(COLLECTION).deleteMany({});
    const [behind, ahead] = [writer(), writer()];
    await behind.applyCaseEvents(SEED_CASE_ID, stream.slice(0, 2));
    await ahead.applyCaseEvents(SEED_CASE_ID, stream.slice(0, 4));

    // `behind` (a consumer that lost the partition, a rebuild's replay) writes version 3 over version 4, sees it, and
    // restores version 4; what it remembers now is version 4, so event 5 applies on top of it without a read.
    await behind.applyCaseEvents(SEED_CASE_ID, stream.slice(2, 3));
    expect(await stored()).toStrictEqual(evolvedUpTo(4));
    expect(await behind.applyCaseEvents(SEED_CASE_ID, stream.slice(4, 5))).toEqual({
      applied: 1,
      duplicates: 0,
      gapFilled: 0,
    });
    expect(await stored()).toStrictEqual(evolvedUpTo(5));
  });
});
