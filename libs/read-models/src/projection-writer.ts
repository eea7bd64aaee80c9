import type { Collection, Db } from 'mongodb';
import { EventStore, isDuplicateKeyError } from '#libs/event-store';
import type { CaseDocumentProjection, CaseStoredEvent } from './projection.js';

type Versioned = { _id: string; version: number };

export interface ApplyOutcome {
  applied: number;
  duplicates: number;
  gapFilled: number;
}

export interface CaseEventsApplier {
  /** The collection it writes, for logs and metrics. */
  readonly name: string;
  applyCaseEvents(caseId: string, events: readonly CaseStoredEvent[]): Promise<ApplyOutcome>;
}

/**
 * Applies events to a per-case projection idempotently: event v applies only to version v-1, anything
 * at or below the current version is a duplicate, and a gap is filled from the event store, never guessed.
 * Writes whole documents, conditioned on the version they replace.
 */
export class ProjectionWriter<D extends Versioned> implements CaseEventsApplier {
  readonly collection: Collection<D>;
  readonly name: string;

  constructor(
    db: Db,
    private readonly projection: CaseDocumentProjection<D>,
    private readonly store: EventStore,
    collectionName = projection.name,
  ) {
    this.collection = db.collection<D>(collectionName);
    this.name = collectionName;
  }

  /** Applies one case's events (in version order) and writes the result once. */
  async applyCaseEvents(caseId: string, events: readonly CaseStoredEvent[]): Promise<ApplyOutcome> {
    for (;;) {
      const current = (await this.collection.findOne({ _id: caseId } as never)) as D | null;
      const outcome: ApplyOutcome = { applied: 0, duplicates: 0, gapFilled: 0 };
      let next = current;
      for (const event of events) {
        const at = next?.version ?? 0;
        if (event.version <= at) {
          outcome.duplicates++;
          continue;
        }
        if (event.version > at + 1) {
          const missing = (await this.store.readStream(caseId, {
            afterVersion: at,
            toVersion: event.version - 1,
          })) as CaseStoredEvent[];
          next = missing.reduce<D | null>((doc, e) => this.projection.evolve(doc, e), next);
          outcome.gapFilled += missing.length;
          if ((next?.version ?? 0) !== event.version - 1) {
            throw new Error(`event store has no versions ${at + 1}..${event.version - 1} of case ${caseId}`);
          }
        }
        next = this.projection.evolve(next, event);
        outcome.applied++;
      }
      if (next === current || (await this.write(current, next as D))) return outcome;
    }
  }

  /** False when another writer moved the document first (the caller reloads and reapplies). */
  private async write(current: D | null, next: D): Promise<boolean> {
    if (current === null) {
      try {
        await this.collection.insertOne(next as never);
        return true;
      } catch (error) {
        if (isDuplicateKeyError(error)) return false;
        throw error;
      }
    }
    const result = await this.collection.replaceOne({ _id: current._id, version: current.version } as never, next);
    return result.matchedCount === 1;
  }
}
