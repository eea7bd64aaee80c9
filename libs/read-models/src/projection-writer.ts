import {
  type AnyBulkWriteOperation,
  type Collection,
  type Db,
  type Filter,
  MongoBulkWriteError,
  type OptionalId,
} from 'mongodb';
import type { EventStore } from '#libs/event-store';
import { isDuplicateKeyError, isServerUnavailable, LruMap } from '#libs/platform';
import type { CaseDocumentProjection, CaseStoredEvent } from './projection.js';

type Versioned = { _id: string; version: number };

const MAX_WRITE_ROUNDS = 5;

export interface ApplyOutcome {
  applied: number;
  duplicates: number;
  gapFilled: number;
}

/** A batch of events by case; each case's in the order they arrived (version order, duplicates possible). */
export type CaseEventBatch = ReadonlyMap<string, readonly CaseStoredEvent[]>;

export interface CaseEventsApplier {
  /** The collection it writes, for logs and metrics. */
  readonly name: string;
  /** Applies every case's events in memory and writes what they changed in one round trip. */
  applyBatch(batch: CaseEventBatch): Promise<ApplyOutcome>;
  /** A batch of one case. */
  applyCaseEvents(caseId: string, events: readonly CaseStoredEvent[]): Promise<ApplyOutcome>;
  /**
   * Writes again what the case's whole stream (from version 1) computes, over what is stored: after an erasure, so
   * that no personal value written before it is left.
   */
  reproject(caseId: string, stream: readonly CaseStoredEvent[]): Promise<void>;
}

export const noOutcome = (): ApplyOutcome => ({ applied: 0, duplicates: 0, gapFilled: 0 });

export function addOutcome(total: ApplyOutcome, outcome: ApplyOutcome): ApplyOutcome {
  total.applied += outcome.applied;
  total.duplicates += outcome.duplicates;
  total.gapFilled += outcome.gapFilled;
  return total;
}

/** Gives every writer `applyCaseEvents` as a batch of one case. */
export abstract class CaseBatchWriter implements CaseEventsApplier {
  abstract readonly name: string;
  abstract applyBatch(batch: CaseEventBatch): Promise<ApplyOutcome>;
  abstract reproject(caseId: string, stream: readonly CaseStoredEvent[]): Promise<void>;

  applyCaseEvents(caseId: string, events: readonly CaseStoredEvent[]): Promise<ApplyOutcome> {
    return this.applyBatch(new Map([[caseId, events]]));
  }
}

export interface IsolatedBatchOutcome {
  outcome: ApplyOutcome;
  /** The cases that could not be applied, with the last error of each. */
  failed: Map<string, Error>;
}

/**
 * Applies a batch; when that fails for any reason but an unavailable server (thrown, so that the caller retries the
 * batch once the database is back, never giving up on it), applies it case by case, each up to `attempts` times, so
 * that only the cases that cannot be applied (a poison event) fail. Writes are idempotent: applying a case again is
 * harmless.
 */
export async function applyIsolatingFailures(
  writer: CaseEventsApplier,
  batch: CaseEventBatch,
  attempts: number,
  onFailure: (error: unknown, caseId?: string) => void = () => {},
): Promise<IsolatedBatchOutcome> {
  try {
    return { outcome: await writer.applyBatch(batch), failed: new Map() };
  } catch (error) {
    if (isServerUnavailable(error)) throw error;
    onFailure(error);
  }
  const outcome = noOutcome();
  const failed = new Map<string, Error>();
  for (const [caseId, events] of batch) {
    for (let attempt = 1; attempt <= attempts; attempt++) {
      try {
        addOutcome(outcome, await writer.applyCaseEvents(caseId, events));
        failed.delete(caseId);
        break;
      } catch (error) {
        if (isServerUnavailable(error)) throw error;
        onFailure(error, caseId);
        failed.set(caseId, error as Error);
      }
    }
  }
  return { outcome, failed };
}

/**
 * The events missing between version `reached` and a case's batch, and between the batch's own events, read from
 * the event store: never guessed. Throws when the store does not have them all.
 */
export async function readMissingEvents(
  store: EventStore,
  caseId: string,
  reached: number,
  events: readonly CaseStoredEvent[],
): Promise<CaseStoredEvent[]> {
  const missing: CaseStoredEvent[] = [];
  for (const event of events) {
    if (event.version > reached + 1) {
      const range = { afterVersion: reached, toVersion: event.version - 1 };
      const found = (await store.readStream(caseId, range)) as CaseStoredEvent[];
      if (found.length !== range.toVersion - range.afterVersion) {
        throw new Error(`event store has no versions ${range.afterVersion + 1}..${range.toVersion} of case ${caseId}`);
      }
      missing.push(...found);
    }
    reached = Math.max(reached, event.version);
  }
  return missing;
}

/** What a batch means for one case's document: the document to write (or none), and how it got there. */
interface Plan<D> {
  caseId: string;
  current: D | null;
  next: D | null;
  outcome: ApplyOutcome;
}

/**
 * Applies events to a per-case projection idempotently: event v applies only to version v-1, anything at or below
 * the current version is a duplicate, and a gap is filled from the event store, never guessed. Writes whole
 * documents, every document a batch changed in one unordered bulkWrite.
 *
 * Each write is conditioned on the version it replaces: a new document is inserted (the unique `_id` refuses it
 * when another writer was first), an existing one is replaced only while the stored version is below the new one.
 * A document at version v is the same whoever computes it from the stream, so replacing any older version is right;
 * a write that did not land (a newer document, or none at all) sends its case round again on what is stored. Writers
 * rarely meet — one projector owns a case's partition — but they do when a rebuild's replay or a consumer that has
 * just lost its partition writes the same document.
 *
 * The documents it wrote last are kept in memory instead of being read back at the next batch: the condition on each
 * write makes a remembered document that is out of date harmless. A case's first event needs no read either.
 */
export class ProjectionWriter<D extends Versioned> extends CaseBatchWriter {
  readonly collection: Collection<D>;
  readonly name: string;
  private readonly lastWritten: LruMap<string, D>;

  constructor(
    db: Db,
    private readonly projection: CaseDocumentProjection<D>,
    private readonly store: EventStore,
    collectionName = projection.name,
    documentsInMemory = 1_000,
  ) {
    super();
    this.collection = db.collection<D>(collectionName);
    this.name = collectionName;
    this.lastWritten = new LruMap(documentsInMemory);
  }

  async applyBatch(batch: CaseEventBatch): Promise<ApplyOutcome> {
    const total = noOutcome();
    let known = new Map<string, D | null>();
    let pending = [...batch.keys()].filter((caseId) => (batch.get(caseId)?.length ?? 0) > 0);
    for (let round = 1; pending.length > 0; round++) {
      // Each round starts from what is stored, so only writers racing on every round keep a case missing.
      if (round > MAX_WRITE_ROUNDS)
        throw new Error(`${this.name}: cases ${pending.join(', ')} kept moving under the writer`);
      const plans = await Promise.all(
        pending.map(async (caseId) => {
          const events = batch.get(caseId) as readonly CaseStoredEvent[];
          const current = known.has(caseId)
            ? (known.get(caseId) as D | null)
            : await this.assumedCurrent(caseId, events);
          return this.plan(caseId, current, events);
        }),
      );
      const missed = new Set(await this.write(plans.filter((plan) => plan.next !== null)));
      for (const plan of plans) {
        if (missed.has(plan.caseId)) continue;
        addOutcome(total, plan.outcome);
        const inPlace = plan.next ?? plan.current;
        if (inPlace) this.lastWritten.set(plan.caseId, inPlace);
      }
      pending = [...missed];
      known = await this.read(pending);
    }
    return total;
  }

  async reproject(caseId: string, stream: readonly CaseStoredEvent[]): Promise<void> {
    const document = stream.reduce<D | null>((current, event) => this.projection.evolve(current, event), null);
    if (!document) return;
    // The whole stream's document is the newest there can be, so it replaces whatever version is stored.
    await this.collection.replaceOne({ _id: caseId } as Filter<D>, document, { upsert: true });
    this.lastWritten.set(caseId, document);
  }

  private async assumedCurrent(caseId: string, events: readonly CaseStoredEvent[]): Promise<D | null> {
    const remembered = this.lastWritten.get(caseId);
    if (remembered) return remembered;
    return events[0].version === 1 ? null : ((await this.collection.findOne({ _id: caseId } as never)) as D | null);
  }

  private async read(caseIds: string[]): Promise<Map<string, D | null>> {
    for (const caseId of caseIds) this.lastWritten.delete(caseId);
    const found = await Promise.all(
      caseIds.map(async (caseId) => (await this.collection.findOne({ _id: caseId } as never)) as D | null),
    );
    return new Map(caseIds.map((caseId, index) => [caseId, found[index]]));
  }

  private async plan(caseId: string, current: D | null, events: readonly CaseStoredEvent[]): Promise<Plan<D>> {
    const missing = await readMissingEvents(this.store, caseId, current?.version ?? 0, events);
    const filled = new Set(missing);
    const outcome: ApplyOutcome = { applied: 0, duplicates: 0, gapFilled: missing.length };
    let next = current;
    // Missing versions lie between the batch's own, so a stable sort by version interleaves them.
    for (const event of [...missing, ...events].sort((a, b) => a.version - b.version)) {
      if (event.version <= (next?.version ?? 0)) {
        outcome.duplicates++;
        continue;
      }
      next = this.projection.evolve(next, event);
      if (!filled.has(event)) outcome.applied++;
    }
    return { caseId, current, next: next === current ? null : next, outcome };
  }

  /** Writes the planned documents in one round trip; returns the cases whose document was not where planned. */
  private async write(plans: Plan<D>[]): Promise<string[]> {
    if (plans.length === 0) return [];
    const operations = plans.map(({ current, next }): AnyBulkWriteOperation<D> => {
      const document = next as D;
      if (current === null) return { insertOne: { document: document as OptionalId<D> } };
      const filter = { _id: document._id, version: { $lt: document.version } } as Filter<D>;
      return { replaceOne: { filter, replacement: document } };
    });
    const replaced = plans.filter((plan) => plan.current !== null);
    let matched: number;
    const refused = new Set<number>();
    try {
      matched = (await this.collection.bulkWrite(operations, { ordered: false })).matchedCount;
    } catch (error) {
      if (!(error instanceof MongoBulkWriteError) || error.err) throw error;
      const writeErrors = [error.writeErrors].flat();
      if (writeErrors.length === 0 || !writeErrors.every(isDuplicateKeyError)) throw error;
      for (const writeError of writeErrors) refused.add(writeError.index);
      matched = error.result.matchedCount;
    }
    const missed = plans.filter((_, index) => refused.has(index)).map((plan) => plan.caseId);
    if (matched === replaced.length) return missed;
    // The counts do not say which replace found no older document: the stored versions do.
    const stored = await this.read(replaced.map((plan) => plan.caseId));
    return [
      ...missed,
      ...replaced.filter((plan) => stored.get(plan.caseId)?.version !== plan.next?.version).map((p) => p.caseId),
    ];
  }
}
