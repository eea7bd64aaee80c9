import type { Db } from 'mongodb';
import type { CommitDocument, EventStore } from '#libs/event-store';
import { ensureIndexes } from '#libs/platform';
import type { CaseStoredEvent } from './projection.js';
import { generationCollection, READ_WAIT_MS, type ReadModelCatalog } from './read-model-catalog.js';
import { createReadModelWriter, READ_MODELS, type ReadModel, type ReadModelName } from './read-model-set.js';

export interface RebuildReport {
  name: ReadModelName;
  from: string;
  to: string;
  events: number;
  durationMs: number;
  /** The replay alone, without the catalog waits (fixed, whatever the store's size). */
  replayMs: number;
}

/** Events per replayed batch: about a Kafka batch's worth. */
const REPLAY_BATCH_EVENTS = 1_000;

interface CaseStream {
  caseId: string;
  events: CaseStoredEvent[];
}

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Rebuilds one read model into a new generation while the old one keeps serving:
 * 1. the projectors start writing the new collection too (after one catalog cache period all do);
 * 2. every commit in the event store is replayed into it through the projector's batch writer, whose writes are
 *    conditioned on the version, so the replay interleaves safely with the projectors writing the same cases;
 * 3. queries switch to it while the projectors still write both, then writes to the old one stop and it
 *    is dropped once no one uses it.
 *
 * Each wait is ttlMs, for which a process acts on its cached placements, plus a margin of one ttlMs for the
 * latency of the catalog read that filled the cache (a read in flight during a save returns the old placement,
 * and its ttlMs only starts when it returns); the drop also waits for reads that resolved the old collection to be
 * done polling it (READ_WAIT_MS). None is shortened, as on a loaded machine a catalog read can take a good part of
 * that margin.
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
  await db.dropCollection(target).catch(() => undefined);
  await ensureIndexes(db.collection(target), model.indexes);

  await catalog.save({
    ...current,
    writeTo: [...current.writeTo, target],
    rebuilding: { generation, collection: target, startedAt: new Date(started).toISOString() },
  });
  // The count is only for the progress shown, and a server may take as long to count the commits as to read them:
  // it runs alongside, and until it is known the progress counts what is done.
  let total = 0;
  const counted = store.countCommits().then(
    (count) => (total = count),
    () => undefined,
  );
  // A projector that applied an event without writing the new collection got that event, so it was appended,
  // before its cached placements expired: the replay, which starts after this wait, reads it.
  await pause(catalog.ttlMs * 2);

  let done = 0;
  let events = 0;
  const commits = tap(store.readAllDecodedCommits(), (commit) => {
    events += commit.events.length;
    onProgress(++done, Math.max(total, done));
  });
  const replayStarted = Date.now();
  await replay(commits, model, db, store, target);
  const replayMs = Date.now() - replayStarted;
  await counted;

  // Reads move first while the projectors still write both, so a reader whose cached catalog still names the
  // old collection keeps seeing new events there.
  await catalog.save({ ...(await catalog.placement(name)), readFrom: target });
  await pause(catalog.ttlMs * 2);
  await catalog.save({
    _id: name,
    generation,
    readFrom: target,
    writeTo: [target],
    projectionVersion: model.projectionVersion,
  });
  // Before the drop, no projector may still write the old collection (a late write would recreate it), and a
  // read that resolved it before the switch must be done polling it, which together with the previous wait
  // this covers.
  await pause(Math.max(catalog.ttlMs * 2, READ_WAIT_MS));
  if (current.readFrom !== target) await db.dropCollection(current.readFrom).catch(() => undefined);
  return { name, from: current.readFrom, to: target, events, durationMs: Date.now() - started, replayMs };
}

/**
 * Replays the commits, whole cases at a time, through the projector's own batch writer: into an empty collection that
 * is one insert per batch, and a case the projectors wrote there first is brought up to date like any other.
 */
async function replay(
  commits: AsyncIterable<CommitDocument>,
  model: ReadModel,
  db: Db,
  store: EventStore,
  target: string,
): Promise<void> {
  const writer = createReadModelWriter(model, db, store, target);
  for await (const streams of batches(caseStreams(commits), REPLAY_BATCH_EVENTS)) {
    await writer.applyBatch(new Map(streams.map((stream) => [stream.caseId, stream.events])));
  }
}

async function* tap<T>(items: AsyncIterable<T>, onItem: (item: T) => void): AsyncGenerator<T> {
  for await (const item of items) {
    onItem(item);
    yield item;
  }
}

/** Commits sorted by stream, joined into one stream per case. */
async function* caseStreams(commits: AsyncIterable<CommitDocument>): AsyncGenerator<CaseStream> {
  let stream: CaseStream | undefined;
  for await (const commit of commits) {
    if (stream && stream.caseId !== commit.streamId) {
      yield stream;
      stream = undefined;
    }
    stream ??= { caseId: commit.streamId, events: [] };
    stream.events.push(...(commit.events as CaseStoredEvent[]));
  }
  if (stream) yield stream;
}

/** Whole case streams, about `events` events at a time. */
async function* batches(streams: AsyncIterable<CaseStream>, events: number): AsyncGenerator<CaseStream[]> {
  let batch: CaseStream[] = [];
  let size = 0;
  for await (const stream of streams) {
    batch.push(stream);
    size += stream.events.length;
    if (size >= events) {
      yield batch;
      batch = [];
      size = 0;
    }
  }
  if (batch.length > 0) yield batch;
}
