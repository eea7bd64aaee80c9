import type { Collection, Db } from 'mongodb';
import { EventStore, isDuplicateKeyError } from '#libs/event-store';
import { LruMap } from '#libs/platform';
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
 * Writes whole documents.
 *
 * The documents it wrote last are kept in memory and used instead of reading them back; a case's first event needs
 * no read either: it is inserted, and a duplicate key means the document exists after all.
 *
 * One projector consumes a case's partition at a time, so writers rarely meet; they can when a rebuild's replay or a
 * consumer that has just lost its partition writes the same document. A replace conditioned on the version it
 * replaces would settle that, but FerretDB answers only a bare `_id` filter without decoding every document of the
 * collection (28 ms against 4–6 ms at 256 documents, and linear), and it does not update atomically anyway. So a
 * document is replaced by `_id` and the writer looks at what it displaced: a newer document is put back.
 */
export class ProjectionWriter<D extends Versioned> implements CaseEventsApplier {
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
    this.collection = db.collection<D>(collectionName);
    this.name = collectionName;
    this.lastWritten = new LruMap(documentsInMemory);
  }

  /** Applies one case's events (in version order) and writes the result once. */
  async applyCaseEvents(caseId: string, events: readonly CaseStoredEvent[]): Promise<ApplyOutcome> {
    let trustMemory = true;
    for (;;) {
      const current = trustMemory ? await this.assumedCurrent(caseId, events) : await this.read(caseId);
      trustMemory = false;
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
      if (next === current) return outcome;
      const written = await this.write(current, next as D);
      if (written) {
        this.lastWritten.set(caseId, written);
        return outcome;
      }
      this.lastWritten.delete(caseId);
    }
  }

  private async assumedCurrent(caseId: string, events: readonly CaseStoredEvent[]): Promise<D | null> {
    const remembered = this.lastWritten.get(caseId);
    if (remembered) return remembered;
    return events[0]?.version === 1 ? null : this.read(caseId);
  }

  private async read(caseId: string): Promise<D | null> {
    const found = (await this.collection.findOne({ _id: caseId } as never)) as D | null;
    if (found) this.lastWritten.set(caseId, found);
    return found;
  }

  /**
   * The document left in place: `next`, or a newer one another writer had written. Null when the document was not
   * where the writer assumed it (inserted by another writer, or gone): the caller reads it and applies again.
   */
  private async write(current: D | null, next: D): Promise<D | null> {
    if (current === null) {
      try {
        await this.collection.insertOne(next as never);
        return next;
      } catch (error) {
        if (isDuplicateKeyError(error)) return null;
        throw error;
      }
    }
    let written = next;
    for (;;) {
      const displaced = (await this.collection.findOneAndReplace({ _id: next._id } as never, written, {
        returnDocument: 'before',
      })) as D | null;
      if (displaced === null) return null;
      if (displaced.version <= written.version) return written;
      written = displaced;
    }
  }
}
