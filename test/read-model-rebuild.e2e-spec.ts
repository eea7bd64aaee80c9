import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { type Db, MongoClient } from 'mongodb';
import { type Actor, type CaseCommand, type CaseState, decide, evolve, initialCaseState } from '#libs/domain';
import { EventStore } from '#libs/event-store';
import {
  type CaseEventsApplier,
  type CaseStoredEvent,
  createReadModelWriter,
  type ReadModel,
  READ_MODEL_NAMES,
  READ_MODELS,
  ReadModelCatalog,
  rebuildReadModel,
} from '#libs/read-models';
import { seedCase } from './fixtures/seed-case.js';
import { collectionDocuments, expectedReadModels } from './support/expected-read-models.js';

// rebuildReadModel straight against FerretDB, next to a stand-in for the projector (the writers it uses, on the
// collections the catalog names): no HTTP, no Kafka. The replay inserts in bulk and must hand every case the
// projector wrote first back to the writer, so that no document is lost, left behind or doubled.

const actor: Actor = { name: 'ana', role: 'investigator' };
// The default; the early writes below must land within the rebuild's first wait (2 × ttlMs) on a busy machine too.
const TTL_MS = 1_000;
/** Their timeline entries make more than one insert batch (500). */
const CASES = 260;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function command(caseId: string, n: number): CaseCommand {
  const metadata = { now: new Date(), actor, id: randomUUID() };
  if (n === 0) {
    return {
      type: 'ReceiveReport',
      data: { caseId, ...seedCase.report, title: `Rebuild ${caseId}` },
      metadata,
    } as CaseCommand;
  }
  if (n === 1)
    return { type: 'VerifySample', data: { caseId, ...seedCase.sampleVerification }, metadata } as CaseCommand;
  const assignment = { caseId, investigator: `investigator-${n % 5}`, assignedAt: '2021-05-21T00:00:00Z' };
  return { type: 'AssignInvestigator', data: assignment, metadata };
}

describe('read model rebuild on FerretDB: bulk replay next to a live projector', () => {
  let client: MongoClient;
  let db: Db;
  let store: EventStore;
  const streams = new Map<string, { state: CaseState; events: CaseStoredEvent[] }>();

  /** Decides the case's next `count` commands and appends their events in one commit, as case-api would. */
  async function record(caseId: string, count = 1): Promise<CaseStoredEvent[]> {
    const { state, events } = streams.get(caseId) ?? { state: initialCaseState(), events: [] };
    let next = state;
    const decided = Array.from({ length: count }).flatMap((_, i) => {
      const newEvents = decide(command(caseId, events.length + i), next);
      next = newEvents.reduce(evolve, next);
      return newEvents;
    });
    const context = { actor, correlationId: randomUUID(), causationId: randomUUID(), occurredAt: new Date() };
    const { commit } = await store.append(caseId, state.version, decided, context);
    const stored = commit.events as CaseStoredEvent[];
    streams.set(caseId, { state: next, events: [...events, ...stored] });
    return stored;
  }

  /**
   * The projector's part in a rebuild of `model`: before the replay reaches them, it has written some cases into
   * the new generation part-way (a lower version, the first timeline entries) and some whole; then, until the
   * rebuild ends, commands keep arriving and it applies each event to every collection its cached catalog names.
   */
  async function projectAlongside(model: ReadModel, replayStarted: () => boolean, rebuilding: () => boolean) {
    const currentCatalog = new ReadModelCatalog(db, 0);
    let target: string | undefined;
    while (rebuilding() && !(target = (await currentCatalog.placement(model.name)).rebuilding?.collection)) {
      await sleep(10);
    }
    if (!target) throw new Error(`the rebuild of ${model.name} ended before it was catalogued`);
    const caseIds = [...streams.keys()];
    const early = createReadModelWriter(model, db, store, target);
    await Promise.all(
      caseIds
        .filter((_, i) => i % 10 < 2)
        .map((caseId, i) => {
          const { events } = streams.get(caseId)!;
          return early.applyCaseEvents(caseId, i % 2 === 0 ? events.slice(0, Math.ceil(events.length / 2)) : events);
        }),
    );
    const earlyWritesBeforeReplay = !replayStarted();

    const catalog = new ReadModelCatalog(db, TTL_MS);
    const writers = new Map<string, CaseEventsApplier>();
    let liveEvents = 0;
    while (rebuilding()) {
      const caseId = caseIds[(liveEvents * 7) % caseIds.length];
      const events = await record(caseId);
      liveEvents += events.length;
      for (const collection of (await catalog.placement(model.name)).writeTo) {
        if (!writers.has(collection)) writers.set(collection, createReadModelWriter(model, db, store, collection));
        await writers.get(collection)!.applyCaseEvents(caseId, events);
      }
    }
    return { target, earlyWritesBeforeReplay, liveEvents };
  }

  beforeAll(async () => {
    client = new MongoClient(process.env.MONGO_URL!, { retryWrites: false });
    await client.connect();
    db = client.db(`t_rb_${process.env.BREACHLINE_TEST_RUN ?? 'local'}`.replace(/[^A-Za-z0-9_]/g, '_'));
    await db.dropDatabase();
    store = new EventStore(db);
    await store.ensureIndexes();
    // 2 to 4 events per case in two commits: the report alone, then the rest.
    const caseIds = Array.from({ length: CASES }, () => randomUUID());
    for (let from = 0; from < caseIds.length; from += 20) {
      await Promise.all(
        caseIds.slice(from, from + 20).map(async (caseId, i) => {
          await record(caseId);
          await record(caseId, 1 + ((from + i) % 3));
        }),
      );
    }
  }, 120_000);

  afterAll(async () => {
    await db?.dropDatabase();
    await client?.close();
  });

  it.each([...READ_MODEL_NAMES])(
    '%s: every document as evolved from its whole stream, whoever wrote it first',
    async (name) => {
      const model = READ_MODELS.find((m) => m.name === name)!;
      let replayStarted = false;
      let rebuilding = true;
      const rebuild = rebuildReadModel(db, store, new ReadModelCatalog(db, TTL_MS), name, () => {
        replayStarted = true;
      }).finally(() => {
        rebuilding = false;
      });
      const [rebuilt, projected] = await Promise.allSettled([
        rebuild,
        projectAlongside(
          model,
          () => replayStarted,
          () => rebuilding,
        ),
      ]);
      if (rebuilt.status === 'rejected') throw rebuilt.reason;
      if (projected.status === 'rejected') throw projected.reason;

      const { target, earlyWritesBeforeReplay, liveEvents } = projected.value;
      expect(rebuilt.value.to).toBe(target);
      expect({ earlyWritesBeforeReplay, liveEvents: liveEvents > 0 }).toEqual({
        earlyWritesBeforeReplay: true,
        liveEvents: true,
      });
      const expected = await expectedReadModels(db);
      expect(await collectionDocuments(db, target)).toEqual(expected.collections[name]);
    },
    120_000,
  );
});
