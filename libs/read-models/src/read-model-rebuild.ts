import type { Db } from 'mongodb';
import type { EventStore } from '#libs/event-store';
import { ensureIndexes } from '#libs/platform';
import type { CaseStoredEvent } from './projection.js';
import { generationCollection, type ReadModelCatalog } from './read-model-catalog.js';
import { createReadModelWriter, READ_MODELS, type ReadModelName } from './read-model-set.js';

export interface RebuildReport {
  name: ReadModelName;
  from: string;
  to: string;
  events: number;
  durationMs: number;
}

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Rebuilds one read model into a new generation while the old one keeps serving:
 * 1. the projectors start writing the new collection too (after one catalog cache period all do);
 * 2. every commit in the event store is replayed into it — idempotent by version, so it interleaves
 *    safely with the projectors' own writes;
 * 3. queries switch to it while the projectors still write both, then writes to the old one stop and it
 *    is dropped once no one uses it.
 */
export async function rebuildReadModel(
  db: Db,
  store: EventStore,
  catalog: ReadModelCatalog,
  name: ReadModelName,
  onProgress: (done: number, total: number) => void = () => {},
): Promise<RebuildReport> {
  const started = Date.now();
  const model = READ_MODELS.find((m) => m.name === name);
  if (!model) throw new Error(`unknown read model ${name}; known: ${READ_MODELS.map((m) => m.name).join(', ')}`);
  const current = await catalog.placement(name);
  if (current.rebuilding) throw new Error(`${name} is already being rebuilt into ${current.rebuilding.collection}`);
  const generation = current.generation + 1;
  const target = generationCollection(name, generation);
  await db.collection(target).drop().catch(() => undefined);
  await ensureIndexes(db.collection(target), model.indexes);

  await catalog.save({
    ...current,
    writeTo: [...current.writeTo, target],
    rebuilding: { generation, collection: target, startedAt: new Date(started).toISOString() },
  });
  await pause(catalog.ttlMs * 2);

  const writer = createReadModelWriter(model, db, store, target);
  const total = await store.countCommits();
  let done = 0;
  let events = 0;
  let stream: { id: string; events: CaseStoredEvent[] } | undefined;
  const flush = async () => {
    if (stream) await writer.applyCaseEvents(stream.id, stream.events);
  };
  for await (const commit of store.readAllCommits()) {
    if (stream?.id !== commit.streamId) {
      await flush();
      stream = { id: commit.streamId, events: [] };
    }
    stream.events.push(...(commit.events as CaseStoredEvent[]));
    events += commit.events.length;
    onProgress(++done, Math.max(total, done));
  }
  await flush();

  // Reads move first while the projectors still write both, so a reader whose cached catalog still names the
  // old collection (for up to ttlMs, plus its minVersion wait) keeps seeing new events there.
  await catalog.save({ ...(await catalog.placement(name)), readFrom: target });
  await pause(catalog.ttlMs * 2);
  await catalog.save({ _id: name, generation, readFrom: target, writeTo: [target], projectionVersion: model.projectionVersion });
  await pause(catalog.ttlMs * 2);
  if (current.readFrom !== target) await db.collection(current.readFrom).drop().catch(() => undefined);
  return { name, from: current.readFrom, to: target, events, durationMs: Date.now() - started };
}
