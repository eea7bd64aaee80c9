import { Inject } from '@nestjs/common';
import { type IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { Db, type Filter } from 'mongodb';
import { computeDeadlines, countOverdue, type DeadlineStatus } from '#libs/domain';
import {
  type CaseListDocument,
  type CaseStatusDocument,
  type CaseTimelineEntry,
  ReadModelCatalog,
  RegulatorRegistry,
  searchPatternFor,
  highestPresent,
  timelineEntryId,
} from '#libs/read-models';
import { readAtLeast } from '../http/read-your-writes.js';
import { CaseDeadlines } from './case-deadlines.js';
import { GetCaseStatusQuery, GetCaseTimelineQuery, ListCasesQuery } from './case-queries.js';
import { decodeCursor, type Page, toPage } from './page-cursor.js';

const WITHOUT_ID = { projection: { _id: 0 } } as const;

export type CaseStatusView = Omit<CaseStatusDocument, 'clockFacts'> & { deadlines: DeadlineStatus[] };

@QueryHandler(GetCaseStatusQuery)
export class GetCaseStatusHandler implements IQueryHandler<GetCaseStatusQuery, CaseStatusView | null> {
  constructor(
    @Inject(Db) private readonly db: Db,
    @Inject(ReadModelCatalog) private readonly catalog: ReadModelCatalog,
    @Inject(RegulatorRegistry) private readonly registry: RegulatorRegistry,
  ) {}

  async execute({ caseId, minVersion }: GetCaseStatusQuery): Promise<CaseStatusView | null> {
    const collection = this.db.collection<CaseStatusDocument>(await this.catalog.readCollection('case_status'));
    const status = await readAtLeast(() => collection.findOne({ _id: caseId }, WITHOUT_ID), minVersion);
    if (!status) return null;
    const { clockFacts, ...view } = status;
    return { ...view, deadlines: computeDeadlines(clockFacts, await this.registry.definitions(), new Date()) };
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
      query.caseId = filter.overdue ? { $in: overdue } : { $nin: overdue };
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
  ) {}

  /** Entries are contiguous from version 1 and keyed by (case, version): a page is a run of `_id` lookups. */
  async execute({ caseId, page }: GetCaseTimelineQuery): Promise<Page<CaseTimelineEntry> | null> {
    const collection = this.db.collection<CaseTimelineEntry>(await this.catalog.readCollection('case_timeline'));
    const entry = (version: number) => collection.findOne({ _id: timelineEntryId(caseId, version) }, WITHOUT_ID);
    const reached = async () => {
      const version = await highestPresent(async (v) => (await entry(v)) !== null);
      return version > 0 ? { version } : null;
    };
    if (!(await readAtLeast(reached, page.minVersion))) return null;
    const after = page.cursor ? decodeCursor<number>(page.cursor, 'number') : 0;
    const candidates = await Promise.all(Array.from({ length: page.limit + 1 }, (_, i) => entry(after + 1 + i)));
    const end = candidates.indexOf(null);
    return toPage((end === -1 ? candidates : candidates.slice(0, end)) as CaseTimelineEntry[], page.limit, (row) => row.version);
  }
}
