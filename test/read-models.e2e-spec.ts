// The read side end to end: case-api, relay and projector as processes on the real servers. Reads that
// follow a command use ?minVersion (read-your-writes); whole-collection checks first wait until the
// projector's consumer group has committed the topic's high-water marks (projector-sync). The timeline is in
// read-models-timeline; poison messages and rebuilds in read-models-dead-letters.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { CommitDocument } from '#libs/event-store';
import { toKafkaMessage } from '#libs/messaging';
import { READ_MODEL_NAMES } from '#libs/read-models';
import { seedCase } from './fixtures/seed-case.js';
import { collectionDocuments, expectedReadModels } from './support/expected-read-models.js';
import { projectorPosition, waitForProjector } from './support/projector-sync.js';
import { TestStack } from './support/test-stack.js';
import {
  at,
  confirmedSample,
  type ListItem,
  notOursSample,
  readModelRequests,
  report,
  type TimelineItem,
} from './support/read-model-requests.js';

describe('read models: projector \u2192 case_status, case_list, case_timeline \u2192 queries', () => {
  let stack: TestStack;
  const { get, open, record, statusAt, dlqSize, listAll } = readModelRequests(() => stack);

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

    const expected = await expectedReadModels(stack.db, stack.env);
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

  it('leaves every read model unchanged when already-applied events are published again', async () => {
    await waitForProjector(stack);
    const snapshot = async () =>
      Object.fromEntries(
        await Promise.all(
          READ_MODEL_NAMES.map(async (name) => [name, await collectionDocuments(stack.db, name)] as const),
        ),
      );
    const before = await snapshot();
    expect(before).toEqual((await expectedReadModels(stack.db, stack.env)).collections);

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
});
