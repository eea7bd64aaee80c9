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
import type { ApplyOutcome, CaseEventsApplier } from './projection-writer.js';
import type { CaseStoredEvent } from './projection.js';

/**
 * Appends case events to the timeline, one insert-only document per event: a duplicate key means the
 * entry is already there. Events missing between the newest stored entry and the batch are read from
 * the event store, as for every projection.
 */
export class TimelineWriter implements CaseEventsApplier {
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
    this.collection = db.collection<CaseTimelineEntry>(collectionName);
    this.name = collectionName;
    this.writtenUpTo = new LruMap(casesInMemory);
  }

  async applyCaseEvents(caseId: string, events: readonly CaseStoredEvent[]): Promise<ApplyOutcome> {
    if (events.length === 0) return { applied: 0, duplicates: 0, gapFilled: 0 };
    const missing = await this.missingEvents(caseId, events);
    // Events at or below the newest entry are inserted too (and bounce as duplicates): when a batch whose
    // unordered insert failed half-way is retried, that fills the holes it left.
    const entries = [...missing, ...events].map(toTimelineEntry);
    const duplicates = new Set(await insertUnlessPresent(this.collection, entries));
    this.writtenUpTo.set(caseId, Math.max(this.writtenUpTo.get(caseId) ?? 0, events[events.length - 1].version));
    const outcome: ApplyOutcome = { applied: 0, duplicates: 0, gapFilled: 0 };
    entries.forEach((_, index) => {
      if (duplicates.has(index)) outcome.duplicates++;
      else if (index < missing.length) outcome.gapFilled++;
      else outcome.applied++;
    });
    return outcome;
  }

  private async missingEvents(caseId: string, events: readonly CaseStoredEvent[]): Promise<CaseStoredEvent[]> {
    // Entries are kept contiguous from version 1, so the one just below the batch tells whether a gap precedes
    // it: known without a lookup when this writer wrote it.
    const first = events[0].version;
    const previous =
      first > 1 &&
      ((this.writtenUpTo.get(caseId) ?? 0) >= first - 1 ||
        (await this.collection.findOne({ _id: timelineEntryId(caseId, first - 1) })));
    let reached = first === 1 || previous ? first - 1 : 0;
    const missing: CaseStoredEvent[] = [];
    for (const event of events) {
      if (event.version > reached + 1) {
        const range = { afterVersion: reached, toVersion: event.version - 1 };
        const found = (await this.store.readStream(caseId, range)) as CaseStoredEvent[];
        if (found.length !== range.toVersion - range.afterVersion) {
          throw new Error(
            `event store has no versions ${range.afterVersion + 1}..${range.toVersion} of case ${caseId}`,
          );
        }
        missing.push(...found);
      }
      reached = Math.max(reached, event.version);
    }
    return missing;
  }
}
