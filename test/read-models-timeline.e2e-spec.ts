// The case timeline end to end (case-api, relay and projector as processes on the real servers): its lines and
// its paging, also while case_status is ahead of it, behind it or missing.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { type CaseStatusDocument } from '#libs/read-models';
import { repeatableFact, seedCase } from './fixtures/seed-case.js';
import { expectedReadModels } from './support/expected-read-models.js';
import { TEST_KEYS, TestStack } from './support/test-stack.js';
import {
  at,
  confirmedSample,
  type Page,
  readModelRequests,
  type TimelineItem,
  withoutId,
} from './support/read-model-requests.js';

describe('read models: the case timeline, page by page', () => {
  let stack: TestStack;
  const { get, post, open, record, statusAt } = readModelRequests(() => stack);

  beforeAll(async () => {
    stack = await TestStack.start('read-models-timeline');
  }, 120_000);

  afterAll(async () => {
    await stack?.stop();
  });

  it('lists every event on the timeline with its actor, time and a human line, page by page', async () => {
    const caseId = await open();
    const budi = TEST_KEYS.investigator2;
    await record(caseId, 'assignments', { investigator: 'budi', assignedAt: at(1) });
    await record(
      caseId,
      'risk-assessments',
      {
        assessedAt: at(2),
        riskLevel: 'critical',
        likelyConsequences: 'Identity theft',
        estimatedAffectedSubjects: 279_000_000,
      },
      budi,
    );
    await record(caseId, 'sample-verifications', confirmedSample, budi);
    await record(caseId, 'source-traces', seedCase.sourceTrace);
    const notification = await post(`/v1/cases/${caseId}/regulator-notifications`, seedCase.regulatorNotification);
    const { notificationId } = notification.body;
    await record(caseId, `regulator-notifications/${notificationId}/supplements`, {
      supplementedAt: '2021-05-23T09:00:00Z',
      content: { sourceUpdate: 'Source narrowed to one vendor credential.' },
      reasonForDelay: 'Forensics took three days',
    });
    await record(caseId, `regulator-notifications/${notificationId}/acknowledgement`, {
      regulatorId: 'id-pdp',
      acknowledgedAt: '2021-05-23T10:00:00Z',
      reference: 'PDP-2021-0042',
    });
    const last = await record(
      caseId,
      'data-subject-notifications',
      {
        notifiedAt: '2021-05-24T00:00:00Z',
        channel: 'sms',
        subjectCount: 1,
        messageSummary: 'Your data may be affected',
      },
      budi,
    );
    expect(last).toBe(9);

    const pages: Page<TimelineItem>[] = [];
    let cursor: string | null = null;
    do {
      const query: string = `limit=4&minVersion=${last}${cursor ? `&cursor=${cursor}` : ''}`;
      const page = await get(`/v1/cases/${caseId}/timeline?${query}`, TEST_KEYS.pr);
      expect(page.status).toBe(200);
      pages.push(page.body);
      cursor = page.body.nextCursor;
    } while (cursor && pages.length < 5);
    expect(pages.map((page) => page.items.map((e) => e.version))).toEqual([[1, 2, 3, 4], [5, 6, 7, 8], [9]]);
    expect(pages.at(-1)?.nextCursor).toBeNull();

    const entries = pages.flatMap((page) => page.items);
    expect(entries.map((e) => [e.type, e.actor.name])).toEqual([
      ['ReportReceived', 'ana'],
      ['InvestigatorAssigned', 'ana'],
      ['RiskAssessed', 'budi'],
      ['SampleVerified', 'budi'],
      ['SourceTraced', 'ana'],
      ['RegulatorNotified', 'ana'],
      ['RegulatorNotificationSupplemented', 'ana'],
      ['RegulatorAcknowledged', 'ana'],
      ['DataSubjectsNotified', 'budi'],
    ]);
    for (const entry of entries) {
      expect(entry).toMatchObject({ caseId, actor: { role: 'investigator' }, eventId: expect.any(String) });
      expect(entry.line.startsWith(`${entry.actor.name} (investigator) `)).toBe(true);
      expect(new Date(entry.occurredAt).toISOString()).toBe(entry.occurredAt);
      expect(Date.parse(entry.recordedAt)).toBeGreaterThanOrEqual(Date.parse(entry.occurredAt));
    }
    expect(entries.map((e) => e.line)).toEqual([
      `ana (investigator) opened the case "${seedCase.report.title}" — reported on social media, 279,000,000 records claimed; jurisdictions ID`,
      'ana (investigator) assigned the case to budi',
      'budi (investigator) assessed the risk as critical: about 279,000,000 data subjects likely affected',
      'budi (investigator) verified a sample: 100,002 of 100,002 records matched — verdict confirmed',
      'ana (investigator) traced the source to member-data-exchange by an unknown vector (confidence low)',
      `ana (investigator) notified regulator id-pdp (notification ${notificationId}: dataExposed, whenAndHow, handlingAndRecovery)`,
      expect.stringMatching(
        new RegExp(
          `^ana \\(investigator\\) supplemented notification ${notificationId} to regulator id-pdp \\(supplement [0-9a-f-]{36}: sourceUpdate\\), with reasons for the delay$`,
        ),
      ),
      `ana (investigator) recorded that regulator id-pdp acknowledged notification ${notificationId} (reference PDP-2021-0042)`,
      'budi (investigator) notified 1 data subject by SMS',
    ]);
    // Exactly what the projection makes of the stored events.
    const expected = await expectedReadModels(stack.db, stack.env);
    expect(entries).toEqual(expected.caseTimeline.get(caseId)!.map(withoutId));

    const refused = async (query: string) => {
      const response = await get(`/v1/cases/${caseId}/timeline?${query}`);
      expect(response.status).toBe(400);
      return [...new Set(response.body.errors.map((e: { field: string }) => e.field))];
    };
    expect(await refused('limit=0')).toEqual(['limit']);
    expect(await refused('cursor=%7B%7D')).toEqual(['cursor']);
    expect(await refused(`cursor=${Buffer.from('"x"').toString('base64url')}`)).toEqual(['cursor']);
    expect((await get('/v1/cases/6f1c1d2e-0a4b-4c5d-8e9f-0123456789ab/timeline')).status).toBe(404);
  });

  it('pages the timeline exactly to its end, also while case_status is ahead of it, behind it or missing', async () => {
    const caseId = await open();
    let last = 1;
    for (let i = 0; i < 4; i++) last = await record(caseId, ...repeatableFact(i));
    expect(last).toBe(5);
    expect((await get(`/v1/cases/${caseId}/timeline?minVersion=${last}&limit=1`)).status).toBe(200);
    expect((await statusAt(caseId, last)).status).toBe(200);

    const cursorAt = (version: number) => Buffer.from(JSON.stringify(version)).toString('base64url');
    /** The versions on every page, from `from` (a version, as a cursor) or the start, following nextCursor. */
    const pages = async (limit: number, from?: number) => {
      const versions: number[][] = [];
      let cursor = from === undefined ? null : cursorAt(from);
      do {
        const page = await get(`/v1/cases/${caseId}/timeline?limit=${limit}${cursor ? `&cursor=${cursor}` : ''}`);
        expect(page.status).toBe(200);
        versions.push(page.body.items.map((e: TimelineItem) => e.version));
        cursor = page.body.nextCursor;
      } while (cursor && versions.length < 10);
      return versions;
    };
    const wholeTimeline = async () => ({
      'limit = entries': await pages(5),
      'limit = entries - 1': await pages(4),
      'limit = entries + 1': await pages(6),
      'limit 2': await pages(2),
      'cursor one before the last': await pages(1, 4),
      'cursor at the last': await pages(3, 5),
      'cursor past the last': await pages(3, 8),
    });
    const expected = {
      'limit = entries': [[1, 2, 3, 4, 5]],
      'limit = entries - 1': [[1, 2, 3, 4], [5]],
      'limit = entries + 1': [[1, 2, 3, 4, 5]],
      'limit 2': [[1, 2], [3, 4], [5]],
      'cursor one before the last': [[5]],
      'cursor at the last': [[]],
      'cursor past the last': [[]],
    };
    expect(await wholeTimeline()).toEqual(expected);
    const fullPage = await get(`/v1/cases/${caseId}/timeline?limit=5`);
    expect(fullPage.body.items).toEqual(
      (await expectedReadModels(stack.db, stack.env)).caseTimeline.get(caseId)!.map(withoutId),
    );

    // The handler takes the timeline's end from case_status (written by the projector just before case_timeline).
    // Moved by hand, with no command on this case meanwhile, and put back exactly as it was.
    const statusCollection = stack.db.collection<CaseStatusDocument>('case_status');
    const original = (await statusCollection.findOne({ _id: caseId }))!;
    expect(original.version).toBe(5);
    try {
      // Ahead (the projector between its two writes): the entry at that version is missing, the end is searched for.
      await statusCollection.updateOne({ _id: caseId }, { $set: { version: 8 } });
      expect(await wholeTimeline()).toEqual(expected);
      // Missing: the same search.
      await statusCollection.deleteOne({ _id: caseId });
      expect(await wholeTimeline()).toEqual(expected);
      await statusCollection.insertOne(original);
      // Behind: the timeline as of that version, consistently paged.
      await statusCollection.updateOne({ _id: caseId }, { $set: { version: 3 } });
      expect(await pages(3)).toEqual([[1, 2, 3]]);
      expect(await pages(2)).toEqual([[1, 2], [3]]);
      expect(await pages(2, 2)).toEqual([[3]]);
    } finally {
      await statusCollection.deleteOne({ _id: caseId });
      await statusCollection.insertOne(original);
    }
    expect(await statusCollection.findOne({ _id: caseId })).toEqual(original);
    expect(await wholeTimeline()).toEqual(expected);
  });
});
