import { Inject } from '@nestjs/common';
import { type IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { type Collection, Db, type Filter } from 'mongodb';
import {
  computeDeadlines,
  computeNotifiability,
  countOverdue,
  type DeadlineStatus,
  type RegulatorNotifiability,
} from '#libs/domain';
import {
  type CaseListDocument,
  type CaseStatusDocument,
  type CaseTimelineEntry,
  ReadModelCatalog,
  searchPatternFor,
  highestPresent,
  timelineEntryId,
} from '#libs/read-models';
import { RegulatorRegistry } from '#libs/regulators';
import { ReadYourWrites } from '../http/read-your-writes.js';
import { CaseDeadlines } from './case-deadlines.js';
import { GetCaseStatusQuery, GetCaseTimelineQuery, ListCasesQuery } from './case-queries.js';
import { decodeCursor, type Page, toPage } from './page-cursor.js';

const WITHOUT_ID = { projection: { _id: 0 } } as const;

export type CaseStatusView = Omit<CaseStatusDocument, 'clockFacts'> & {
  deadlines: DeadlineStatus[];
  notifiability: RegulatorNotifiability[];
};

@QueryHandler(GetCaseStatusQuery)
export class GetCaseStatusHandler implements IQueryHandler<GetCaseStatusQuery, CaseStatusView | null> {
  constructor(
    @Inject(Db) private readonly db: Db,
    @Inject(ReadModelCatalog) private readonly catalog: ReadModelCatalog,
    @Inject(RegulatorRegistry) private readonly registry: RegulatorRegistry,
    @Inject(ReadYourWrites) private readonly reads: ReadYourWrites,
  ) {}

  async execute({ caseId, minVersion, language }: GetCaseStatusQuery): Promise<CaseStatusView | null> {
    const name = await this.catalog.readCollection('case_status');
    const collection = this.db.collection<CaseStatusDocument>(name);
    const read = () => collection.findOne({ _id: caseId }, WITHOUT_ID);
    const status = await this.reads.readAtLeast(`${name}:${caseId}`, read, minVersion);
    if (!status) return null;
    const { clockFacts, ...view } = status;
    const regulators = await this.registry.definitions();
    return {
      ...view,
      deadlines: computeDeadlines(clockFacts, regulators, new Date(), language),
      notifiability: computeNotifiability(clockFacts, regulators),
    };
  }
}

@QueryHandler(ListCasesQuery)
export class ListCasesHandler implements IQueryHandler<ListCasesQuery, Page<CaseListDocument>> {
  constructor(
    @Inject(Db) private readonly db: Db,
    @Inject(ReadModelCatalog) private readonly catalog: ReadModelCatalog,
    @Inject(CaseDeadlines) private readonly deadlines: CaseDeadlines,
  ) {}

  async execute({ filter }: ListCasesQuery): Promise<Page<CaseListDocument>> {
    const query: Filter<CaseListDocument> = {};
    if (filter.stage) query.stage = filter.stage;
    if (filter.jurisdiction) query.jurisdictions = filter.jurisdiction;
    if (filter.channel) query.channel = filter.channel;
    if (filter.openedAfter || filter.openedBefore) {
      query.openedAt = {
        ...(filter.openedAfter && { $gte: new Date(filter.openedAfter).toISOString() }),
        ...(filter.openedBefore && { $lt: new Date(filter.openedBefore).toISOString() }),
      };
    }
    if (filter.overdue !== undefined) {
      const overdue = (await this.deadlines.ofAllCases())
        .filter(({ deadlines }) => countOverdue(deadlines) > 0)
        .map(({ caseId }) => caseId);
      // By _id (the case id): MongoDB looks a short overdue list up in the _id index and sorts the few it finds.
      query._id = filter.overdue ? { $in: overdue } : { $nin: overdue };
    }
    if (filter.q) query.searchText = { $regex: searchPatternFor(filter.q) };
    if (filter.cursor) query.sortKey = { $lt: decodeCursor<string>(filter.cursor, 'string') };
    const collection = this.db.collection<CaseListDocument>(await this.catalog.readCollection('case_list'));
    const rows = await collection
      .find(query, { projection: { _id: 0, searchText: 0 } })
      .sort({ sortKey: -1 })
      .limit(filter.limit + 1)
      .toArray();
    return toPage(rows, filter.limit, (row) => row.sortKey);
  }
}

@QueryHandler(GetCaseTimelineQuery)
export class GetCaseTimelineHandler implements IQueryHandler<GetCaseTimelineQuery, Page<CaseTimelineEntry> | null> {
  constructor(
    @Inject(Db) private readonly db: Db,
    @Inject(ReadModelCatalog) private readonly catalog: ReadModelCatalog,
    @Inject(ReadYourWrites) private readonly reads: ReadYourWrites,
  ) {}

  /**
   * Entries are contiguous from version 1 and keyed by (case, version): a page is a run of `_id` lookups, the one query
   * every supported server answers from an index. A lookup that finds nothing is not free either (case_timeline is the
   * largest collection), so the handler looks up only entries it knows exist: the last one is found from the case's version in case_status, checked by one lookup
   * of that entry, and the page stops there.
   */
  async execute({ caseId, page }: GetCaseTimelineQuery): Promise<Page<CaseTimelineEntry> | null> {
    const [timelineName, statusName] = await Promise.all([
      this.catalog.readCollection('case_timeline'),
      this.catalog.readCollection('case_status'),
    ]);
    const timeline = this.db.collection<CaseTimelineEntry>(timelineName);
    const status = this.db.collection<CaseStatusDocument>(statusName);
    const entry = (version: number) => timeline.findOne({ _id: timelineEntryId(caseId, version) }, WITHOUT_ID);

    const last = await this.reads.readAtLeast(
      `${timelineName}:last:${caseId}`,
      () => this.lastEntry(caseId, status, entry),
      page.minVersion,
    );
    if (!last) return null;
    const after = page.cursor ? decodeCursor<number>(page.cursor, 'number') : 0;
    // Up to limit + 1 entries (the one past the page says another page exists), none past the last one: all hits.
    const through = Math.min(after + page.limit + 1, last.version);
    const rows = await Promise.all(
      Array.from({ length: Math.max(through - after, 0) }, (_, i) => after + 1 + i).map((version) =>
        version === last.version && last.entry ? last.entry : entry(version),
      ),
    );
    // Entries vanish only with their collection (a rebuild dropping an old generation): stop at the first gap.
    const end = rows.indexOf(null);
    return toPage((end === -1 ? rows : rows.slice(0, end)) as CaseTimelineEntry[], page.limit, (row) => row.version);
  }

  /**
   * The case's last timeline entry. The projector writes case_status before case_timeline for every batch, so the
   * status version is the timeline's last version or, while the projector is between the two writes, ahead of it;
   * the entry at that version settles which. The entry after it is not looked up: it would be a miss (a full scan)
   * on nearly every read, and it could only exist while case_timeline is ahead of case_status, which happens
   * only for the moment a rebuild's replay has written events that the projector has not yet applied to the status
   * (a read then shows the timeline as of the status version, as a read a moment earlier would have).
   */
  private async lastEntry(
    caseId: string,
    status: Collection<CaseStatusDocument>,
    entry: (version: number) => Promise<CaseTimelineEntry | null>,
  ): Promise<{ version: number; entry?: CaseTimelineEntry } | null> {
    const hint = (await status.findOne({ _id: caseId }, { projection: { _id: 0, version: 1 } }))?.version ?? 0;
    if (hint > 0) {
      const atHint = await entry(hint);
      if (atHint) return { version: hint, entry: atHint };
    }
    // No status yet, or the timeline is behind it: search, never at or above a version known to be missing.
    const version = await highestPresent(async (v) => (hint === 0 || v < hint) && (await entry(v)) !== null);
    return version > 0 ? { version } : null;
  }
}
