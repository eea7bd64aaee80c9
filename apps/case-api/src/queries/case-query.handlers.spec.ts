import { describe, expect, it } from '@jest/globals';
import type { Db } from 'mongodb';
import { type CaseTimelineEntry, type ReadModelCatalog, timelineEntryId } from '#libs/read-models';
import { ReadModelBehindException, ReadYourWrites } from '../http/read-your-writes.js';
import { GetCaseTimelineHandler } from './case-query.handlers.js';
import { GetCaseTimelineQuery } from './case-queries.js';
import type { TimelineQueryDto } from '../cases/dto/case-queries.dto.js';
import { encodeCursor, type Page } from './page-cursor.js';

const CASE = 'case-1';

/**
 * case_status and case_timeline as maps, counting `_id` lookups per collection: a page must look up only entries that
 * exist, so misses on case_timeline (the largest collection) are what it must avoid.
 */
class FakeReadModels {
  readonly status = new Map<string, { _id: string; version: number }>();
  readonly timeline = new Map<string, CaseTimelineEntry>();
  readonly lookups = { case_status: { hits: 0, misses: 0 }, case_timeline: { hits: 0, misses: 0 } };

  constructor(timelineVersion: number, statusVersion: number | null = timelineVersion) {
    this.setTimeline(timelineVersion);
    if (statusVersion !== null) this.setStatus(statusVersion);
  }

  setTimeline(version: number): void {
    for (let v = this.timeline.size + 1; v <= version; v++) {
      this.timeline.set(timelineEntryId(CASE, v), entryAt(v));
    }
  }

  setStatus(version: number): void {
    this.status.set(CASE, { _id: CASE, version });
  }

  get db(): Db {
    const collection = (name: 'case_status' | 'case_timeline') => ({
      findOne: async ({ _id }: { _id: string }, options?: { projection?: Record<string, 0 | 1> }) => {
        await Promise.resolve();
        const found = (name === 'case_status' ? this.status : this.timeline).get(_id);
        this.lookups[name][found ? 'hits' : 'misses']++;
        if (!found) return null;
        const { _id: _, ...withoutId } = found;
        return options?.projection?.version === 1 ? { version: found.version } : withoutId;
      },
    });
    return { collection } as unknown as Db;
  }

  resetLookups(): void {
    for (const counts of Object.values(this.lookups)) Object.assign(counts, { hits: 0, misses: 0 });
  }
}

function entryAt(version: number): CaseTimelineEntry {
  return {
    _id: timelineEntryId(CASE, version),
    caseId: CASE,
    version,
    eventId: `event-${version}`,
    type: 'InvestigatorAssigned',
    occurredAt: '2021-05-20T04:00:00.000Z',
    recordedAt: '2021-05-20T04:00:00.000Z',
    actor: { name: 'ana', role: 'investigator' },
    correlationId: `correlation-${version}`,
    line: `ana (investigator) step ${version}`,
  };
}

const catalog = { readCollection: async (name: string) => name } as unknown as ReadModelCatalog;

async function timelinePage(
  models: FakeReadModels,
  page: { limit: number; cursor?: string | number; minVersion?: number },
): Promise<{ versions: number[]; next: number | null } | null> {
  const handler = new GetCaseTimelineHandler(models.db, catalog, new ReadYourWrites());
  const query: TimelineQueryDto = {
    limit: page.limit,
    cursor: typeof page.cursor === 'number' ? encodeCursor(page.cursor) : page.cursor,
    minVersion: page.minVersion,
  };
  const result: Page<CaseTimelineEntry> | null = await handler.execute(new GetCaseTimelineQuery(CASE, query));
  if (!result) return null;
  const versions = result.items.map((item) => item.version);
  for (const item of result.items) expect(item).toEqual((({ _id, ...rest }) => rest)(entryAt(item.version)));
  const next = result.nextCursor === null ? null : JSON.parse(Buffer.from(result.nextCursor, 'base64url').toString());
  return { versions, next };
}

/** Every page from the first, following nextCursor. */
async function allPages(models: FakeReadModels, limit: number): Promise<number[][]> {
  const pages: number[][] = [];
  let cursor: number | undefined;
  do {
    const page = await timelinePage(models, { limit, cursor });
    if (!page) throw new Error('no timeline');
    pages.push(page.versions);
    cursor = page.next ?? undefined;
  } while (cursor !== undefined && pages.length < 20);
  return pages;
}

const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => from + i);

describe('GetCaseTimelineHandler', () => {
  it('pages up to the last entry exactly, with a next page only when another entry exists', async () => {
    const models = new FakeReadModels(5);
    // limit = number of entries, limit + 1 entries, more room than entries, and a page that ends one before the last.
    expect(await allPages(models, 5)).toEqual([range(1, 5)]);
    expect(await allPages(models, 4)).toEqual([range(1, 4), [5]]);
    expect(await allPages(models, 6)).toEqual([range(1, 5)]);
    expect(await allPages(models, 2)).toEqual([[1, 2], [3, 4], [5]]);
    expect(await allPages(models, 1)).toEqual(range(1, 5).map((v) => [v]));
    expect(await timelinePage(models, { limit: 3, cursor: 2 })).toEqual({ versions: [3, 4, 5], next: null });
    expect(await timelinePage(models, { limit: 2, cursor: 2 })).toEqual({ versions: [3, 4], next: 4 });
    // A cursor at (or past) the last entry: an empty last page.
    expect(await timelinePage(models, { limit: 3, cursor: 5 })).toEqual({ versions: [], next: null });
    expect(await timelinePage(models, { limit: 3, cursor: 9 })).toEqual({ versions: [], next: null });
  });

  it('never looks up an entry that does not exist when case_status and case_timeline agree', async () => {
    const models = new FakeReadModels(30);
    for (const [limit, cursor, expected] of [
      [5, undefined, range(1, 5)],
      [10, 20, range(21, 30)],
      [9, 21, range(22, 30)],
      [100, undefined, range(1, 30)],
      [100, 29, [30]],
      [3, 30, []],
    ] as const) {
      models.resetLookups();
      const page = await timelinePage(models, { limit, cursor });
      expect(page?.versions).toEqual(expected);
      // One status lookup, the check of the last entry, and the page (limit + 1 at most, the last entry reused).
      const fetched = Math.min(limit + 1, 30 - (cursor ?? 0));
      const lastInPage = (cursor ?? 0) + fetched === 30;
      expect(models.lookups).toEqual({
        case_status: { hits: 1, misses: 0 },
        case_timeline: { hits: 1 + fetched - (lastInPage && fetched > 0 ? 1 : 0), misses: 0 },
      });
    }
  });

  it('finds the last entry when case_status is ahead of case_timeline, looking up nothing at or above its version', async () => {
    // The projector writes case_status first: for a moment it is ahead.
    const models = new FakeReadModels(11, 14);
    models.resetLookups();
    expect(await allPages(models, 4)).toEqual([range(1, 4), range(5, 8), range(9, 11)]);
    expect(await allPages(models, 11)).toEqual([range(1, 11)]);
    expect(await allPages(models, 10)).toEqual([range(1, 10), [11]]);
    // A case whose status exists but whose first entry does not yet: no timeline.
    const fresh = new FakeReadModels(0, 1);
    expect(await timelinePage(fresh, { limit: 5 })).toBeNull();
    expect(fresh.lookups.case_timeline).toEqual({ hits: 0, misses: 1 });

    const single = new FakeReadModels(11, 14);
    await timelinePage(single, { limit: 4 });
    // 14 (the hint) misses; the search below it finds 1, 2, 4, 8, misses 12, finds 10 and 11; then the page, 1..5.
    expect(single.lookups.case_timeline).toEqual({ hits: 6 + 5, misses: 2 });
  });

  it('shows the timeline as of the status version while case_status is behind it', async () => {
    const models = new FakeReadModels(9, 7);
    expect(await allPages(models, 4)).toEqual([range(1, 4), range(5, 7)]);
    expect(await allPages(models, 7)).toEqual([range(1, 7)]);
    models.setStatus(9);
    expect(await allPages(models, 4)).toEqual([range(1, 4), range(5, 8), [9]]);
  });

  it('searches the timeline when the case has no status document, and answers null for an unknown case', async () => {
    expect(await allPages(new FakeReadModels(6, null), 5)).toEqual([range(1, 5), [6]]);
    const unknown = new FakeReadModels(0, null);
    expect(await timelinePage(unknown, { limit: 5 })).toBeNull();
    expect(unknown.lookups).toEqual({ case_status: { hits: 0, misses: 1 }, case_timeline: { hits: 0, misses: 1 } });
  });

  it('waits for minVersion until both read models have reached it, then reads the whole page', async () => {
    const models = new FakeReadModels(3, 3);
    setTimeout(() => models.setStatus(5), 30);
    setTimeout(() => models.setTimeline(5), 80);
    expect(await timelinePage(models, { limit: 4, minVersion: 5 })).toEqual({ versions: range(1, 4), next: 4 });
    expect(await timelinePage(models, { limit: 4, cursor: 4, minVersion: 5 })).toEqual({ versions: [5], next: null });

    const behind = new FakeReadModels(6, 8);
    const refused = timelinePage(behind, { limit: 4, minVersion: 7 });
    await expect(refused).rejects.toBeInstanceOf(ReadModelBehindException);
    await expect(refused).rejects.toMatchObject({ requiredVersion: 7, readVersion: 6 });
  }, 10_000);
});
