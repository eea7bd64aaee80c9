import type { Collection, Db } from 'mongodb';
import type { EventStore } from '#libs/event-store';
import { LruMap } from '#libs/platform';
import {
  CASE_TIMELINE_COLLECTION,
  type CaseTimelineEntry,
  timelineEntryId,
  toTimelineEntry,
} from './case-timeline.projection.js';
import { insertUnlessPresent } from './insert-unless-present.js';
import {
  type ApplyOutcome,
  CaseBatchWriter,
  type CaseEventBatch,
  noOutcome,
  readMissingEvents,
} from './projection-writer.js';
import type { CaseStoredEvent } from './projection.js';

/**
 * Appends case events to the timeline, one insert-only document per event, every entry of a batch in one unordered
 * insert: a duplicate key means the entry is already there. Events missing between the newest stored entry and the
 * batch are read from the event store, as for every projection.
 */
export class TimelineWriter extends CaseBatchWriter {
  readonly collection: Collection<CaseTimelineEntry>;
  readonly name: string;
  /** Per case, a version up to which every entry is known to be written (entries are never removed). */
  private readonly writtenUpTo: LruMap<string, number>;

  constructor(
    db: Db,
    private readonly store: EventStore,
    collectionName = CASE_TIMELINE_COLLECTION,
    casesInMemory = 10_000,
  ) {
    super();
    this.collection = db.collection<CaseTimelineEntry>(collectionName);
    this.name = collectionName;
    this.writtenUpTo = new LruMap(casesInMemory);
  }

  async applyBatch(batch: CaseEventBatch): Promise<ApplyOutcome> {
    const cases = [...batch].filter(([, events]) => events.length > 0);
    const missingByCase = await Promise.all(cases.map(([caseId, events]) => this.missingEvents(caseId, events)));
    // Events at or below the newest entry are inserted too (and bounce as duplicates): when a batch whose
    // unordered insert failed half-way is retried, that fills the holes it left.
    const entries = cases.flatMap(([, events], index) => [...missingByCase[index], ...events]);
    const duplicates = new Set(await insertUnlessPresent(this.collection, entries.map(toTimelineEntry)));
    for (const [caseId, events] of cases) {
      const newest = Math.max(...events.map((event) => event.version));
      this.writtenUpTo.set(caseId, Math.max(this.writtenUpTo.get(caseId) ?? 0, newest));
    }
    const filled = new Set(missingByCase.flat());
    const outcome = noOutcome();
    entries.forEach((event, index) => {
      if (duplicates.has(index)) outcome.duplicates++;
      else if (filled.has(event)) outcome.gapFilled++;
      else outcome.applied++;
    });
    return outcome;
  }

  async reproject(_caseId: string, stream: readonly CaseStoredEvent[]): Promise<void> {
    if (stream.length === 0) return;
    await this.collection.bulkWrite(
      stream.map(toTimelineEntry).map((entry) => ({
        replaceOne: { filter: { _id: entry._id }, replacement: entry, upsert: true },
      })),
      { ordered: false },
    );
  }

  private async missingEvents(caseId: string, events: readonly CaseStoredEvent[]): Promise<CaseStoredEvent[]> {
    // Entries are kept contiguous from version 1, so the one just below the batch tells whether a gap precedes
    // it: known without a lookup when this writer wrote it.
    const first = events[0].version;
    const previous =
      first > 1 &&
      ((this.writtenUpTo.get(caseId) ?? 0) >= first - 1 ||
        (await this.collection.findOne({ _id: timelineEntryId(caseId, first - 1) })));
    return readMissingEvents(this.store, caseId, first === 1 || previous ? first - 1 : 0, events);
  }
}
