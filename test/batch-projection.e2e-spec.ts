import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { type Collection, type Db, MongoClient } from 'mongodb';
import { EventStore } from '#libs/event-store';
import {
  applyIsolatingFailures,
  type CaseEventBatch,
  type CaseEventsApplier,
  type CaseStoredEvent,
  createReadModelWriter,
  READ_MODELS,
} from '#libs/read-models';
import { type EventStep, SEED_CASE_STEPS, storedStream } from '../libs/read-models/src/testing/case-stream.fixture.js';
import { collectionDocuments, expectedReadModels } from './support/expected-read-models.js';

// The projector's batch path straight against FerretDB: every read model's writer gets one Kafka-like batch (several
// cases, duplicates, a gap the event store fills, a poison event), the way the projector hands it over, and the
// collections must end up exactly as the pure projections compute them from the event store. The writers run on the
// real collections behind a wrapper that counts the calls that write.

const WRITE_METHODS = new Set([
  'insertOne',
  'insertMany',
  'bulkWrite',
  'replaceOne',
  'updateOne',
  'updateMany',
  'findOneAndReplace',
  'findOneAndUpdate',
  'deleteOne',
  'deleteMany',
]);

/** The database, with every collection it hands out counting its write calls into `writes`. */
function countingWrites(db: Db, writes: Map<string, number>): Db {
  const counted = (name: string, collection: Collection) =>
    new Proxy(collection, {
      get(target, property) {
        const value = Reflect.get(target, property);
        if (typeof value !== 'function') return value;
        return (...args: unknown[]) => {
          if (WRITE_METHODS.has(String(property))) writes.set(name, (writes.get(name) ?? 0) + 1);
          return value.apply(target, args);
        };
      },
    });
  return new Proxy(db, {
    get(target, property) {
      if (property === 'collection') return (name: string) => counted(name, target.collection(name));
      const value = Reflect.get(target, property);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
}

describe('batch projection on FerretDB: one write per read model per batch, the documents of a clean projection', () => {
  let client: MongoClient;
  let db: Db;
  let store: EventStore;
  const writes = new Map<string, number>();
  let writers: CaseEventsApplier[];
  const streams = new Map<string, CaseStoredEvent[]>();

  /** Hands a batch to every read model in order, as the projector does; returns the cases each could not apply. */
  async function project(batch: CaseEventBatch): Promise<Map<string, string[]>> {
    const failedBy = new Map<string, string[]>();
    const deadLettered = new Set<string>();
    for (const writer of writers) {
      const cases = new Map([...batch].filter(([caseId]) => !deadLettered.has(caseId)));
      const { failed } = await applyIsolatingFailures(writer, cases, 3);
      failedBy.set(writer.name, [...failed.keys()]);
      for (const caseId of failed.keys()) deadLettered.add(caseId);
    }
    return failedBy;
  }

  const events = (caseId: string, ...versions: number[]) => versions.map((v) => streams.get(caseId)![v - 1]);

  beforeAll(async () => {
    client = new MongoClient(process.env.MONGO_URL!, { retryWrites: false });
    await client.connect();
    db = client.db(`t_bp_${process.env.BREACHLINE_TEST_RUN ?? 'local'}`.replace(/[^A-Za-z0-9_]/g, '_'));
    await db.dropDatabase();
    store = new EventStore(db);
    for (const caseId of ['batch-a', 'batch-b', 'batch-c', 'batch-p']) {
      const steps = SEED_CASE_STEPS.map((step) =>
        step.type === 'ReportReceived' ? ({ ...step, payload: { ...step.payload, caseId } } as EventStep) : step,
      );
      for (const event of storedStream(caseId, steps)) {
        await store.append(caseId, event.version - 1, [event], {
          actor: event.actor,
          correlationId: event.correlationId,
          causationId: event.causationId,
          occurredAt: new Date(event.occurredAt),
        });
      }
      streams.set(caseId, (await store.readStream(caseId)) as CaseStoredEvent[]);
    }
    const counting = countingWrites(db, writes);
    writers = READ_MODELS.map((model) => createReadModelWriter(model, counting, store));
  }, 60_000);

  afterAll(async () => {
    await db?.dropDatabase();
    await client?.close();
  });

  it('writes duplicates, a gap, new and known cases with one write per read model', async () => {
    // What an earlier batch left: a, b and p part-way (every writer remembers them), c not at all.
    await project(
      new Map([
        ['batch-a', events('batch-a', 1, 2)],
        ['batch-b', events('batch-b', 1)],
        ['batch-p', events('batch-p', 1, 2)],
      ]),
    );
    writes.clear();
    const failed = await project(
      new Map([
        // redelivered 2, then 3 and 4, with 4 twice
        ['batch-a', events('batch-a', 2, 3, 4, 4)],
        // 2 is not in the batch: the writers read it from the event store
        ['batch-b', events('batch-b', 3, 4, 5)],
        // a case the writers have never seen, whole
        ['batch-c', events('batch-c', 1, 2, 3, 4, 5)],
      ]),
    );
    expect([...failed.values()].flat()).toEqual([]);
    expect(Object.fromEntries(writes)).toEqual(Object.fromEntries(READ_MODELS.map((model) => [model.name, 1])));

    // a and p are one batch behind the store: their next events close the gap
    await project(new Map([['batch-a', events('batch-a', 5)]]));
    await project(new Map([['batch-p', events('batch-p', 3, 4, 5)]]));
    const expected = await expectedReadModels(db);
    for (const model of READ_MODELS) {
      expect({ name: model.name, documents: await collectionDocuments(db, model.name) }).toEqual({
        name: model.name,
        documents: expected.collections[model.name],
      });
    }
  });

  it('fails only the case of a poison event; the rest of its batch is applied, and a fresh writer agrees', async () => {
    for (const model of READ_MODELS) await db.collection(model.name).deleteMany({});
    writers = READ_MODELS.map((model) => createReadModelWriter(model, db, store));
    const [a, b] = [streams.get('batch-a')!, streams.get('batch-b')!];
    const poison = { ...b[3], eventId: 'poison', type: 'CaseTeleported' } as unknown as CaseStoredEvent;
    const failed = await project(
      new Map([
        ['batch-a', a],
        ['batch-b', [...b.slice(0, 3), poison]],
        ['batch-c', streams.get('batch-c')!],
        ['batch-p', [...streams.get('batch-p')!, ...streams.get('batch-p')!]],
      ]),
    );
    // The first read model that cannot apply it dead-letters the case; the later ones are not given it.
    expect([...failed.values()].flat()).toEqual(['batch-b']);

    // Its next delivery (the real event 4, then 5) fills what the dead-lettered batch left out from the event store.
    writers = READ_MODELS.map((model) => createReadModelWriter(model, db, store));
    await project(new Map([['batch-b', b.slice(3)]]));
    const expected = await expectedReadModels(db);
    for (const model of READ_MODELS) {
      expect({ name: model.name, documents: await collectionDocuments(db, model.name) }).toEqual({
        name: model.name,
        documents: expected.collections[model.name],
      });
    }
  });
});
