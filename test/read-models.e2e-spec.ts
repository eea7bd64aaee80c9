import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { CommitDocument } from '#libs/event-store';
import { readWholeTopic, toKafkaMessage } from '#libs/messaging';
import { type CaseStatusDocument, READ_MODEL_NAMES } from '#libs/read-models';
import { repeatableFact, seedCase } from './fixtures/seed-case.js';
import { runCli } from './support/cli.js';
import { collectionDocuments, expectedReadModels } from './support/expected-read-models.js';
import { api } from './support/http-client.js';
import { projectorPosition, waitForProjector } from './support/projector-sync.js';
import { TEST_KEYS, TestStack } from './support/test-stack.js';

// The read side end to end: case-api, relay and projector as processes on the real servers. Reads that
// follow a command use ?minVersion (read-your-writes); whole-collection checks first wait until the
// projector's consumer group has committed the topic's high-water marks (projector-sync).

interface Page<T> {
  items: T[];
  nextCursor: string | null;
}
/** What the API answers for a case in the list (the document without _id and searchText). */
interface ListItem {
  caseId: string;
  title: string;
  stage: string;
  jurisdictions: string[];
  channel: string;
  sortKey: string;
  [field: string]: unknown;
}
interface TimelineItem {
  caseId: string;
  version: number;
  type: string;
  eventId: string;
  occurredAt: string;
  recordedAt: string;
  actor: { name: string; role: string; regulatorId?: string };
  line: string;
}

const at = (minute: number) => new Date(Date.UTC(2021, 4, 20, 4, minute)).toISOString();
const withoutId = <T extends { _id?: unknown }>({ _id, ...rest }: T) => rest;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

const report = (title: string, channel: string, jurisdictions: string[]) => ({
  title,
  jurisdictions,
  report: { receivedAt: '2021-05-20T03:00:00Z', channel, summary: `Report: ${title}` },
});
const confirmedSample = { ...seedCase.sampleVerification };
const notOursSample = {
  ...seedCase.sampleVerification,
  verdict: 'not-ours',
  matchedRecords: 0,
  confirmedDataCategories: [],
};

describe('read models: projector → case_status, case_list, case_timeline → queries', () => {
  let stack: TestStack;
  const get = (path: string, key: string = TEST_KEYS.investigator) => api(stack.apiUrl, 'GET', path, { key });
  const post = (path: string, body: unknown, key: string = TEST_KEYS.investigator) =>
    api(stack.apiUrl, 'POST', path, { key, body });

  async function open(body: unknown = seedCase.report): Promise<string> {
    const created = await post('/v1/cases', body);
    expect(created.status).toBe(201);
    return created.body.caseId;
  }

  /** Posts a fact and returns the case version the command answered. */
  async function record(caseId: string, path: string, body: unknown, key?: string): Promise<number> {
    const accepted = await post(`/v1/cases/${caseId}/${path}`, body, key);
    expect([200, 201]).toContain(accepted.status);
    return accepted.body.version;
  }

  const statusAt = (caseId: string, version: number) => get(`/v1/cases/${caseId}/status?minVersion=${version}`);

  /** Messages ever written to the dead-letter topic (its high-water marks). */
  async function dlqSize(): Promise<number> {
    const admin = stack.kafka.admin();
    await admin.connect();
    try {
      const offsets = await admin.fetchTopicOffsets(stack.topics.caseEventsDlq);
      return offsets.reduce((sum, o) => sum + Number(o.high), 0);
    } finally {
      await admin.disconnect();
    }
  }

  async function listAll(query: string): Promise<ListItem[]> {
    const items: ListItem[] = [];
    let cursor: string | null = null;
    do {
      const page = await get(`/v1/cases?${query}&limit=100${cursor ? `&cursor=${cursor}` : ''}`);
      expect(page.status).toBe(200);
      items.push(...page.body.items);
      cursor = page.body.nextCursor;
    } while (cursor);
    return items;
  }

  beforeAll(async () => {
    stack = await TestStack.start('read-models');
  }, 120_000);

  afterAll(async () => {
    await stack?.stop();
  });

  it("shows a command's result at once with ?minVersion, and answers 409 for a version not reached", async () => {
    const caseId = await open();
    const version = await record(caseId, 'assignments', { investigator: 'budi', assignedAt: at(1) });
    expect(version).toBe(2);

    // One request each, straight after the command: the API waits for the projector, the test does not.
    const status = await statusAt(caseId, version);
    expect(status.status).toBe(200);
    expect(status.body).toMatchObject({ caseId, version: 2, stage: 'reported', assignee: { investigator: 'budi' } });
    const timeline = await get(`/v1/cases/${caseId}/timeline?minVersion=${version}`);
    expect(timeline.status).toBe(200);
    expect(timeline.body.items.map((e: TimelineItem) => [e.version, e.type])).toEqual([
      [1, 'ReportReceived'],
      [2, 'InvestigatorAssigned'],
    ]);

    const started = Date.now();
    const [statusAhead, timelineAhead] = await Promise.all([
      statusAt(caseId, version + 1),
      get(`/v1/cases/${caseId}/timeline?minVersion=${version + 1}`),
    ]);
    expect(Date.now() - started).toBeGreaterThanOrEqual(1_900);
    for (const ahead of [statusAhead, timelineAhead]) {
      expect(ahead.status).toBe(409);
      expect(ahead.headers.get('retry-after')).toBe('1');
      expect(ahead.headers.get('content-type')).toContain('application/problem+json');
    }
    expect(statusAhead.headers.get('breachline-read-version')).toBe(String(version));
    // The timeline has reached version 2 as well: that is the version a client must be told.
    expect(timelineAhead.headers.get('breachline-read-version')).toBe(String(version));
  });

  it('shows the seed case at each milestone, and a closed case as closed until it is reopened', async () => {
    const caseId = await open();
    const stageAt = async (version: number) => {
      const status = await statusAt(caseId, version);
      expect(status).toMatchObject({ status: 200, body: { version } });
      return [status.body.stage, status.body.milestone];
    };
    expect(await stageAt(1)).toEqual(['reported', 'reported']);
    expect(await stageAt(await record(caseId, 'sample-verifications', confirmedSample))).toEqual([
      'sample-verified',
      'sample-verified',
    ]);
    expect(await stageAt(await record(caseId, 'source-traces', seedCase.sourceTrace))).toEqual([
      'source-traced',
      'source-traced',
    ]);
    const notified = await record(caseId, 'regulator-notifications', seedCase.regulatorNotification);
    expect(await stageAt(notified)).toEqual(['regulator-notified', 'regulator-notified']);
    const seed = (await statusAt(caseId, notified)).body;
    expect(seed).toMatchObject({
      title: seedCase.report.title,
      jurisdictions: ['ID'],
      report: { channel: 'social-media', claimedRecordCount: 279_000_000 },
      latestSampleVerification: { verdict: 'confirmed', matchedRecords: 100_002 },
      sampleVerificationCount: 1,
      sourceTrace: { sourceSystem: 'member-data-exchange' },
      regulatorNotifications: [{ regulatorId: 'id-pdp', supplements: [] }],
    });
    expect(seed).not.toHaveProperty('closure');

    const notOurs = await open(report('Customer list that turned out to be another firm’s', 'media', ['SG']));
    const verified = await record(notOurs, 'sample-verifications', notOursSample);
    const closed = await record(notOurs, 'closure', { closedAt: at(30), resolution: 'not-our-data' });
    const closedStatus = await statusAt(notOurs, closed);
    expect(closedStatus.body).toMatchObject({
      stage: 'closed',
      milestone: 'sample-verified',
      closure: { resolution: 'not-our-data', closedAt: at(30) },
      latestSampleVerification: { verdict: 'not-ours' },
    });
    expect(verified).toBe(2);
    const reopened = await record(notOurs, 'reopening', { reopenedAt: at(40), reason: 'A second sample surfaced' });
    const reopenedStatus = await statusAt(notOurs, reopened);
    expect(reopenedStatus.body).toMatchObject({
      stage: 'sample-verified',
      milestone: 'sample-verified',
      reopenCount: 1,
      lastReopening: { reopenedAt: at(40), reason: 'A second sample surfaced' },
    });
    expect(reopenedStatus.body).not.toHaveProperty('closure');

    await waitForProjector(stack);
    const listed = await listAll(`q=${encodeURIComponent('another firm')}`);
    expect(listed).toEqual([expect.objectContaining({ caseId: notOurs, stage: 'sample-verified', version: 4 })]);
  });

  it('filters, searches and pages the case list in last-update order', async () => {
    const specs = [
      {
        title: 'Crédit Agricole customer export on a Telegram channel',
        channel: 'social-media',
        jurisdictions: ['EU'],
      },
      { title: 'CREDIT union member list leaked', channel: 'dark-web-forum', jurisdictions: ['AU'] },
      { title: 'Marketplace dump (2020) resurfaces', channel: 'researcher', jurisdictions: ['ID', 'SG'] },
      { title: 'Hospital patient records on a paste site', channel: 'dark-web-forum', jurisdictions: ['ID'] },
      { title: 'Ministry of ÉLECTRICITÉ billing data', channel: 'media', jurisdictions: ['EU', 'US'] },
      { title: 'Loyalty programme e-mails scraped', channel: 'internal', jurisdictions: [] },
      { title: 'Regulator tip-off about a vendor breach', channel: 'regulator', jurisdictions: ['SG'] },
      { title: 'Insurance claims in a public bucket', channel: 'researcher', jurisdictions: ['US'] },
    ];
    const ids: string[] = [];
    for (const spec of specs) ids.push(await open(report(spec.title, spec.channel, spec.jurisdictions)));
    const [credit, union, marketplace, hospital, electricite, loyalty, tipOff, insurance] = ids;
    // Stages: marketplace sample-verified, hospital closed, tip-off source-traced, the rest reported.
    await record(marketplace, 'sample-verifications', confirmedSample);
    await record(hospital, 'sample-verifications', notOursSample);
    await record(hospital, 'closure', { closedAt: at(5), resolution: 'not-our-data' });
    await record(tipOff, 'sample-verifications', confirmedSample);
    await record(tipOff, 'source-traces', seedCase.sourceTrace);
    await record(credit, 'assignments', { investigator: 'budi', assignedAt: at(6) });
    await waitForProjector(stack);

    const expected = await expectedReadModels(stack.db);
    const ours = new Set(ids);
    const listDoc = (id: string) => expected.caseList.get(id)!;
    const openedAt = ids.map((id) => listDoc(id).openedAt);
    const since = `openedAfter=${openedAt[0]}`;
    const idsOf = (items: ListItem[]) => items.map((item) => item.caseId);
    const oursOnly = (items: ListItem[]) => idsOf(items).filter((id) => ours.has(id));
    const newestFirst = (selected: string[]) =>
      [...selected].sort((a, b) => (listDoc(a).sortKey < listDoc(b).sortKey ? 1 : -1));

    // Each filter alone, over the whole list: every item matches it, and exactly the matching cases of ours are in.
    const alone: [string, (doc: ListItem) => boolean, string[]][] = [
      ['stage=closed', (d) => d.stage === 'closed', [hospital]],
      ['stage=source-traced', (d) => d.stage === 'source-traced', [tipOff]],
      ['jurisdiction=ID', (d) => d.jurisdictions.includes('ID'), [marketplace, hospital]],
      ['jurisdiction=EU', (d) => d.jurisdictions.includes('EU'), [credit, electricite]],
      ['channel=dark-web-forum', (d) => d.channel === 'dark-web-forum', [union, hospital]],
      ['channel=researcher', (d) => d.channel === 'researcher', [marketplace, insurance]],
      [
        'q=credit',
        (d) => /credit/.test(d.title.normalize('NFKD').replace(/\p{M}/gu, '').toLowerCase()),
        [credit, union],
      ],
    ];
    for (const [query, matches, want] of alone) {
      const items = await listAll(query);
      expect({ query, all: items.every(matches) }).toEqual({ query, all: true });
      expect({ query, ours: oursOnly(items) }).toEqual({ query, ours: newestFirst(want) });
    }

    // Search is case- and accent-insensitive and literal.
    expect(idsOf(await listAll(`${since}&q=${encodeURIComponent('CRÉDIT agricole')}`))).toEqual([credit]);
    expect(idsOf(await listAll(`${since}&q=${encodeURIComponent('electricite')}`))).toEqual([electricite]);
    expect(idsOf(await listAll(`${since}&q=${encodeURIComponent('Électricité  BILLING')}`))).toEqual([electricite]);
    expect(idsOf(await listAll(`${since}&q=${encodeURIComponent('dump (2020)')}`))).toEqual([marketplace]);
    expect(idsOf(await listAll(`${since}&q=${encodeURIComponent('dump (20.0)')}`))).toEqual([]);

    // Opening time: openedAfter is inclusive, openedBefore exclusive.
    const before4 = `openedBefore=${openedAt[3]}`;
    expect(idsOf(await listAll(`${since}&${before4}`))).toEqual(newestFirst(ids.slice(0, 3)));
    expect(oursOnly(await listAll(before4))).toEqual(newestFirst(ids.slice(0, 3)));
    expect(idsOf(await listAll(`openedAfter=${openedAt[3]}`))).toEqual(newestFirst(ids.slice(3)));

    // Combined.
    expect(idsOf(await listAll(`${since}&stage=reported&channel=researcher`))).toEqual([insurance]);
    expect(idsOf(await listAll(`${since}&jurisdiction=ID&channel=dark-web-forum`))).toEqual([hospital]);
    expect(idsOf(await listAll(`${since}&jurisdiction=EU&q=credit`))).toEqual([credit]);
    expect(idsOf(await listAll(`${since}&stage=reported&jurisdiction=US`))).toEqual(
      newestFirst([electricite, insurance]),
    );
    expect(idsOf(await listAll(`${since}&stage=reported&channel=internal&jurisdiction=ID`))).toEqual([]);
    expect(idsOf(await listAll(`${since}&stage=reported`))).toEqual(
      newestFirst([credit, union, electricite, loyalty, insurance]),
    );

    // Paging: limit + cursor visits every case once, newest update first, with the documents the projection computes.
    const pages: ListItem[][] = [];
    let cursor: string | null = null;
    do {
      const page = await get(`/v1/cases?${since}&limit=3${cursor ? `&cursor=${cursor}` : ''}`);
      expect(page.status).toBe(200);
      pages.push(page.body.items);
      cursor = page.body.nextCursor;
    } while (cursor && pages.length < 10);
    expect(pages.map((page) => page.length)).toEqual([3, 3, 2]);
    expect(pages.flat().map((item) => item.caseId)).toEqual(newestFirst(ids));
    expect(pages.flat()).toEqual(
      newestFirst(ids).map((id) => {
        const { _id, searchText, ...visible } = listDoc(id);
        return visible;
      }),
    );
    // The assignment made `credit` the most recently updated of its batch.
    expect(pages[0][0]).toMatchObject({ caseId: credit, assignee: 'budi', version: 2 });

    // Bad parameters: 400 naming the field.
    const refused = async (query: string) => {
      const response = await get(`/v1/cases?${query}`);
      expect(response.status).toBe(400);
      expect(response.headers.get('content-type')).toContain('application/problem+json');
      return [...new Set(response.body.errors.map((e: { field: string }) => e.field))];
    };
    expect(await refused('stage=investigating')).toEqual(['stage']);
    expect(await refused('limit=0')).toEqual(['limit']);
    expect(await refused('limit=101')).toEqual(['limit']);
    expect(await refused('limit=ten')).toEqual(['limit']);
    expect(await refused('cursor=not-a-cursor')).toEqual(['cursor']);
    // A timeline cursor (a version number) is not a list cursor.
    expect(await refused(`cursor=${Buffer.from('3').toString('base64url')}`)).toEqual(['cursor']);
    expect(await refused('channel=pigeon')).toEqual(['channel']);
    expect(await refused('openedAfter=yesterday')).toEqual(['openedAfter']);
    expect((await refused('stage=nope&limit=-1')).sort()).toEqual(['limit', 'stage']);
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
    const expected = await expectedReadModels(stack.db);
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
    expect(fullPage.body.items).toEqual((await expectedReadModels(stack.db)).caseTimeline.get(caseId)!.map(withoutId));

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

  it('leaves every read model unchanged when already-applied events are published again', async () => {
    await waitForProjector(stack);
    const snapshot = async () =>
      Object.fromEntries(
        await Promise.all(
          READ_MODEL_NAMES.map(async (name) => [name, await collectionDocuments(stack.db, name)] as const),
        ),
      );
    const before = await snapshot();
    expect(before).toEqual((await expectedReadModels(stack.db)).collections);

    // Versions 2..6 of the richest case (the timeline one), and every event of three other cases, in order.
    const commits = await stack.db.collection<CommitDocument>('case_commits').find().toArray();
    const streams = new Map<string, CommitDocument['events']>();
    for (const commit of commits.sort((a, b) => a.fromVersion - b.fromVersion)) {
      streams.set(commit.streamId, [...(streams.get(commit.streamId) ?? []), ...commit.events]);
    }
    const byLength = [...streams.entries()].sort((a, b) => b[1].length - a[1].length);
    const events = [
      ...byLength[0][1].filter((e) => e.version >= 2 && e.version <= 6),
      ...byLength.slice(1, 4).flatMap(([, stream]) => stream),
    ];
    expect(events.length).toBeGreaterThanOrEqual(10);

    const ends = await projectorPosition(stack);
    const producer = stack.kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
    await producer.connect();
    try {
      await producer.send({ topic: stack.topics.caseEvents, acks: -1, messages: events.map(toKafkaMessage) });
    } finally {
      await producer.disconnect();
    }
    const after = await waitForProjector(stack);
    // The projector read (and committed past) every re-published event...
    const consumed = after.partitions.reduce(
      (sum, p, i) => sum + Math.max(p.committed, 0) - Math.max(ends.partitions[i].committed, 0),
      0,
    );
    expect(consumed).toBe(events.length);
    // ...and changed nothing, sending nothing to the dead-letter topic.
    expect(await snapshot()).toEqual(before);
    expect(await dlqSize()).toBe(0);
  });

  it('dead-letters a poison message and keeps applying its partition; the DLQ CLI lists and replays it', async () => {
    const caseId = await open(report('Poison partition neighbour', 'internal', ['ID']));
    await statusAt(caseId, 1);
    const producer = stack.kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
    await producer.connect();
    let poison: { partition: number; offset: string };
    try {
      const [sent] = await producer.send({
        topic: stack.topics.caseEvents,
        acks: -1,
        messages: [{ key: caseId, value: '{{ not a cloud event', headers: { origin: 'chaos-test' } }],
      });
      poison = { partition: sent.partition, offset: sent.baseOffset! };
    } finally {
      await producer.disconnect();
    }

    // Later facts of the same case (same key, same partition) are still applied.
    const v2 = await record(caseId, 'assignments', { investigator: 'ana', assignedAt: at(2) });
    const v3 = await record(caseId, 'sample-verifications', confirmedSample);
    const status = await statusAt(caseId, v3);
    expect(status).toMatchObject({
      status: 200,
      body: { version: 3, stage: 'sample-verified', assignee: { investigator: 'ana' } },
    });
    expect(v2).toBe(2);
    const position = await waitForProjector(stack);
    expect(position.partitions[poison.partition].committed).toBeGreaterThan(Number(poison.offset) + 2);

    const dlq = await readWholeTopic(stack.kafka, stack.topics.caseEventsDlq);
    expect(dlq).toHaveLength(1);
    const headers = Object.fromEntries(Object.entries(dlq[0].message.headers ?? {}).map(([k, v]) => [k, String(v)]));
    expect(dlq[0].message.value?.toString()).toBe('{{ not a cloud event');
    expect(dlq[0].message.key?.toString()).toBe(caseId);
    expect(headers).toMatchObject({
      origin: 'chaos-test',
      dlq_error: 'UndecodableEventError: missing header ce_specversion',
      dlq_source_topic: stack.topics.caseEvents,
      dlq_source_partition: String(poison.partition),
      dlq_source_offset: poison.offset,
      dlq_consumer: 'projector',
    });
    const letterId = `${dlq[0].partition}:${dlq[0].message.offset}`;

    const listed = await runCli(stack.env, 'dlq', 'list');
    expect(listed.code).toBe(0);
    expect(listed.stdout).toContain(letterId);
    expect(listed.stdout).toContain('UndecodableEventError: missing header ce_specversion');
    expect(listed.stdout).toContain('1 pending of 1');

    const readModelsOfCase = async () => ({
      status: await stack.db.collection('case_status').findOne({ _id: caseId as never }),
      list: await stack.db.collection('case_list').findOne({ _id: caseId as never }),
      timeline: (await collectionDocuments<TimelineItem>(stack.db, 'case_timeline')).filter((e) => e.caseId === caseId),
    });
    const before = await readModelsOfCase();
    expect(before.timeline).toHaveLength(3);

    const replayed = await runCli(stack.env, 'dlq', 'replay');
    expect(replayed).toMatchObject({ code: 0 });
    expect(replayed.stdout).toContain(`Replayed 1: ${letterId}`);
    // Still garbage, so it comes back to the DLQ: one more letter, the replayed one marked as such.
    await waitForProjector(stack);
    const again = await readWholeTopic(stack.kafka, stack.topics.caseEventsDlq);
    expect(again).toHaveLength(2);
    expect(again[1].message.value?.toString()).toBe('{{ not a cloud event');
    expect(again[1].message.headers?.dlq_source_offset?.toString()).not.toBe(poison.offset);
    const relisted = await runCli(stack.env, 'dlq', 'list', '--pending');
    expect(relisted.stdout).toContain('1 pending of 2');
    const rows = relisted.stdout.split('\n').filter((line) => /^\d+:\d+ /.test(line));
    expect(rows.map((line) => line.split(' ')[0])).toEqual([`${again[1].partition}:${again[1].message.offset}`]);
    expect(await readModelsOfCase()).toEqual(before);
  });

  it('rebuilds every read model into a new generation while commands keep arriving', async () => {
    const cases = await Promise.all(
      Array.from({ length: 10 }, (_, i) => open(report(`Rebuild load case ${i}`, 'researcher', ['EU']))),
    );
    // Every case is in every read model before the rebuild starts: from then on no read may find one missing.
    await waitForProjector(stack);

    // Two clients, each on its own cases, read every command back at once with ?minVersion, across every
    // catalog switch. A 409 can mean the projector lags (a busy machine), but for these cases, which are in
    // every generation, a read version of 0 means the API polled a collection without the case at all: a
    // generation the projector no longer wrote and the rebuild then dropped.
    let rebuilding = true;
    const rebuildStarted = Date.now();
    let issued = 0;
    let duringRebuild = 0;
    const behind: string[] = [];
    const readFromDropped: string[] = [];
    const client = async (first: number) => {
      const own = cases.filter((_, index) => index % 2 === first);
      while (issued < 90 && (rebuilding || issued < 30)) {
        const i = issued++;
        const caseId = own[i % own.length];
        const [path, body] = repeatableFact(i);
        const response = await post(`/v1/cases/${caseId}/${path}`, body);
        if (response.status !== 200) {
          throw new Error(`command ${i} answered ${response.status}: ${JSON.stringify(response.body)}`);
        }
        if (rebuilding) duringRebuild++;
        const { version } = response.body;
        const reads = {
          status: `/v1/cases/${caseId}/status?minVersion=${version}`,
          timeline: `/v1/cases/${caseId}/timeline?minVersion=${version}&limit=1`,
        };
        await Promise.all(
          Object.entries(reads).map(async ([model, path]) => {
            const sent = Date.now() - rebuildStarted;
            const read = await get(path);
            if (read.status === 200) return;
            const readVersion = read.headers.get('breachline-read-version');
            const what = `${model} v${version} at +${sent} ms: ${read.status}, read version ${readVersion}`;
            behind.push(what);
            if (model === 'status' && readVersion === '0') readFromDropped.push(what);
          }),
        );
        await sleep(300);
      }
    };
    const load = Promise.all([0, 1].map(client));
    const rebuild = runCli(stack.env, 'projections', 'rebuild').finally(() => (rebuilding = false));
    const [, rebuilt] = await Promise.all([load, rebuild]);
    const accepted = issued;
    console.log(
      `rebuild: ${Date.now() - rebuildStarted} ms, ${accepted} commands (${duringRebuild} during the rebuild), ` +
        `${behind.length} reads behind${behind.map((b) => `\n  ${b}`).join('')}\n${rebuilt.stdout}`,
    );
    expect(rebuilt.stderr).toBe('');
    expect(rebuilt.code).toBe(0);
    for (const name of READ_MODEL_NAMES) {
      expect(rebuilt.stdout).toMatch(
        new RegExp(`${name}: \\d+ events into ${name}_g2 in [\\d.]+ s; reads switched from ${name}\\b`),
      );
    }
    expect(readFromDropped).toEqual([]);
    expect(duringRebuild).toBeGreaterThanOrEqual(20);
    await waitForProjector(stack);

    const catalog = await stack.db.collection('read_model_catalog').find().toArray();
    expect(
      catalog
        .map(({ _id, generation, readFrom, writeTo, rebuilding: r }) => ({ _id, generation, readFrom, writeTo, r }))
        .sort((a, b) => (a._id < b._id ? -1 : 1)),
    ).toEqual(
      [...READ_MODEL_NAMES]
        .sort()
        .map((name) => ({ _id: name, generation: 2, readFrom: `${name}_g2`, writeTo: [`${name}_g2`], r: undefined })),
    );
    const status = await runCli(stack.env, 'projections', 'status');
    expect(status.code).toBe(0);
    for (const name of READ_MODEL_NAMES) {
      expect(status.stdout).toMatch(new RegExp(`^${name}\\s+2\\s+${name}_g2\\s+${name}_g2\\s+\\d+`, 'm'));
    }
    expect(status.stdout).toContain('projector lag: 0 events behind');

    const expected = await expectedReadModels(stack.db);
    for (const name of READ_MODEL_NAMES) {
      expect({ name, documents: await collectionDocuments(stack.db, `${name}_g2`) }).toEqual({
        name,
        documents: expected.collections[name],
      });
    }
    const collections = new Set((await stack.db.listCollections().toArray()).map((c) => c.name));
    for (const name of READ_MODEL_NAMES)
      expect({ name, dropped: !collections.has(name) }).toEqual({ name, dropped: true });

    // The API reads the new generation.
    const versions = cases.map((id) => expected.streams.get(id)!.length);
    expect(versions.reduce((a, b) => a + b, 0)).toBe(cases.length + accepted);
    for (const caseId of cases) {
      const response = await get(`/v1/cases/${caseId}/status`);
      expect(response.status).toBe(200);
      // The view adds computed fields (deadlines) and leaves out internal ones (clockFacts); the rest is the document.
      const { _id, clockFacts, ...document } = expected.caseStatus.get(caseId)! as CaseStatusDocument & {
        clockFacts?: unknown;
      };
      expect(response.body).toMatchObject(document);
      expect(response.body.version).toBe(expected.streams.get(caseId)!.length);
    }
    const listed = await listAll(`q=${encodeURIComponent('rebuild load case')}`);
    expect(listed.map((item) => item.caseId).sort()).toEqual([...cases].sort());
    const timeline = await get(`/v1/cases/${cases[0]}/timeline?limit=100`);
    expect(timeline.body.items).toEqual(expected.caseTimeline.get(cases[0])!.map(withoutId));
  }, 120_000);
});
