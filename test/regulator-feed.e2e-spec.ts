import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { seedCase } from './fixtures/seed-case.js';
import { api, eventually } from './support/http-client.js';
import { TEST_KEYS, TestStack } from './support/test-stack.js';

/** Reads Server-Sent Events until `count` have arrived (or the time runs out), then disconnects. */
async function readEvents(url: string, key: string, count: number, lastEventId?: string, waitMs = 10_000) {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), waitMs);
  const response = await fetch(url, {
    headers: { authorization: `Bearer ${key}`, ...(lastEventId && { 'last-event-id': lastEventId }) },
    signal: controller.signal,
  });
  const events: { id: string; type: string; data: { id: string; subject: string } }[] = [];
  let buffer = '';
  try {
    for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) {
      buffer += Buffer.from(chunk).toString('utf8');
      let end;
      while ((end = buffer.indexOf('\n\n')) >= 0) {
        const block = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        const field = (name: string) => block.match(new RegExp(`^${name}: (.*)$`, 'm'))?.[1];
        const data = field('data');
        if (data) events.push({ id: field('id') as string, type: field('event') as string, data: JSON.parse(data) });
      }
      if (events.length >= count) break;
    }
  } catch (error) {
    if ((error as Error).name !== 'AbortError') throw error;
  } finally {
    clearTimeout(timer);
    controller.abort();
  }
  return { status: response.status, contentType: response.headers.get('content-type'), events };
}

describe('regulators: required content, legal clocks, their own feed (pull, stream, acknowledge)', () => {
  let stack: TestStack;
  let caseId: string;
  let notificationId: string;
  const post = (key: string, path: string, body: unknown) => api(stack.apiUrl, 'POST', path, { key, body });
  const get = (key: string, path: string) => api(stack.apiUrl, 'GET', path, { key });

  beforeAll(async () => {
    stack = await TestStack.start('regulator-feed');
    caseId = (await post(TEST_KEYS.investigator, '/v1/cases', seedCase.report)).body.caseId;
    await post(TEST_KEYS.investigator, `/v1/cases/${caseId}/sample-verifications`, seedCase.sampleVerification);
  }, 120_000);

  afterAll(async () => {
    await stack?.stop();
  });

  it('lists the seeded regulators with their legal basis and required content', async () => {
    const regulators = await get(TEST_KEYS.investigator, '/v1/regulators');
    expect(regulators.status).toBe(200);
    const pdp = regulators.body.find((r: { id: string }) => r.id === 'id-pdp');
    expect(pdp).toMatchObject({
      jurisdiction: 'ID',
      deadline: { amount: 72, unit: 'hours', clockStartsAt: 'awareness' },
    });
    expect(pdp.requiredContent.map((f: { field: string }) => f.field)).toEqual([
      'dataExposed',
      'whenAndHow',
      'handlingAndRecovery',
    ]);
  });

  it('refuses a notification missing a field the UU PDP requires, listing it, and stores nothing', async () => {
    const { handlingAndRecovery: _, ...incomplete } = seedCase.regulatorNotification.content;
    const refused = await post(TEST_KEYS.investigator, `/v1/cases/${caseId}/regulator-notifications`, {
      ...seedCase.regulatorNotification,
      content: incomplete,
    });
    expect(refused.status).toBe(400);
    expect(refused.body.errors).toEqual([
      expect.objectContaining({ field: 'content.handlingAndRecovery', rule: 'required-by-regulator' }),
    ]);
    const unknown = await post(TEST_KEYS.investigator, `/v1/cases/${caseId}/regulator-notifications`, {
      ...seedCase.regulatorNotification,
      regulatorId: 'nowhere',
    });
    expect(unknown.body.errors).toEqual([expect.objectContaining({ field: 'regulatorId', rule: 'known-regulator' })]);
    const status = await get(TEST_KEYS.investigator, `/v1/cases/${caseId}/status?minVersion=2`);
    expect(status.body.regulatorNotifications).toEqual([]);
  });

  it('shows the PDP clock due 72 hours after the confirmed sample, pending, then met once notified', async () => {
    const before = await get(TEST_KEYS.investigator, `/v1/cases/${caseId}/status?minVersion=2`);
    const pdpClock = before.body.deadlines.find((d: { regulatorId: string }) => d.regulatorId === 'id-pdp');
    expect(pdpClock).toMatchObject({
      clockStartedAt: '2021-05-21T10:00:00.000Z',
      dueAt: '2021-05-24T10:00:00.000Z',
      state: 'overdue',
    });

    const notified = await post(
      TEST_KEYS.investigator,
      `/v1/cases/${caseId}/regulator-notifications`,
      seedCase.regulatorNotification,
    );
    expect(notified.status).toBe(201);
    notificationId = notified.body.notificationId;
    const after = await get(TEST_KEYS.investigator, `/v1/cases/${caseId}/status?minVersion=${notified.body.version}`);
    expect(after.body.deadlines.find((d: { regulatorId: string }) => d.regulatorId === 'id-pdp')).toMatchObject({
      state: 'met',
      notifiedAt: seedCase.regulatorNotification.notifiedAt,
    });
    // The data owners' 14-day clock (PM 20/2016) also runs from the confirmed sample, and nobody was told.
    expect(
      after.body.deadlines.find((d: { regulatorId: string }) => d.regulatorId === 'id-kominfo-pm20'),
    ).toMatchObject({
      state: 'overdue',
      dueAt: '2021-06-04T10:00:00.000Z',
    });
    const overdue = await get(TEST_KEYS.investigator, '/v1/cases?overdue=true');
    expect(overdue.body.items.map((c: { caseId: string }) => c.caseId)).toContain(caseId);
    const onTime = await get(TEST_KEYS.investigator, '/v1/cases?overdue=false');
    expect(onTime.body.items.map((c: { caseId: string }) => c.caseId)).not.toContain(caseId);
  });

  it('gives the notified regulator its notification as a CloudEvent in its pull feed, with a cursor', async () => {
    const feed = await eventually(
      () => get(TEST_KEYS.regulatorPdp, '/v1/feed'),
      (r) => r.body.events?.length === 1,
    );
    expect(feed.status).toBe(200);
    expect(feed.body.events[0]).toMatchObject({
      specversion: '1.0',
      type: 'breachline.regulator.notification.created',
      subject: notificationId,
      datacontenttype: 'application/json',
      data: { caseId, regulatorId: 'id-pdp', content: seedCase.regulatorNotification.content },
    });
    expect(JSON.stringify(feed.body)).not.toContain('"ana"');
    const rest = await get(TEST_KEYS.regulatorPdp, `/v1/feed?after=${feed.body.nextCursor}`);
    expect(rest.body).toEqual({ events: [], nextCursor: feed.body.nextCursor });
  });

  it('streams the feed as Server-Sent Events and resumes after Last-Event-ID', async () => {
    await post(TEST_KEYS.investigator, `/v1/cases/${caseId}/regulator-notifications/${notificationId}/supplements`, {
      supplementedAt: '2021-05-25T09:00:00Z',
      content: { handlingAndRecovery: 'Links taken down; credentials rotated at the data exchange.' },
    });
    const all = await readEvents(`${stack.apiUrl}/v1/feed/stream`, TEST_KEYS.regulatorPdp, 2);
    expect(all.status).toBe(200);
    expect(all.contentType).toContain('text/event-stream');
    expect(all.events.map((e) => [e.id, e.type])).toEqual([
      ['1', 'breachline.regulator.notification.created'],
      ['2', 'breachline.regulator.notification.supplemented'],
    ]);
    const resumed = await readEvents(`${stack.apiUrl}/v1/feed/stream`, TEST_KEYS.regulatorPdp, 1, '1');
    expect(resumed.events.map((e) => e.id)).toEqual(['2']);
  });

  it('records the regulator acknowledgement on the case', async () => {
    const acknowledged = await post(TEST_KEYS.regulatorPdp, `/v1/feed/${notificationId}/acknowledgement`, {
      reference: 'PDP/2021/0522',
    });
    expect(acknowledged).toMatchObject({ status: 200, body: { notificationId, acknowledged: true, caseId } });
    const { version } = acknowledged.body;
    const status = await get(TEST_KEYS.investigator, `/v1/cases/${caseId}/status?minVersion=${version}`);
    expect(status.body.regulatorNotifications[0].acknowledgement).toMatchObject({ reference: 'PDP/2021/0522' });

    // Read-your-writes on the feed, at once: the acknowledgement is in the page the first read answers.
    const feed = await get(TEST_KEYS.regulatorPdp, `/v1/feed?caseId=${caseId}&minVersion=${version}`);
    expect(feed.status).toBe(200);
    expect(feed.body.events.at(-1)).toMatchObject({
      type: 'breachline.regulator.notification.acknowledged',
      subject: notificationId,
      caseversion: version,
    });
    const timeline = await get(
      TEST_KEYS.investigator,
      `/v1/cases/${caseId}/timeline?minVersion=${status.body.version}`,
    );
    expect(timeline.body.items.at(-1).actor).toEqual({ name: 'pdp-agency', role: 'regulator', regulatorId: 'id-pdp' });
  });

  it('answers ?caseId=&minVersion= beyond the case with 409 and the version reached, never a stale page', async () => {
    const { version } = (await get(TEST_KEYS.investigator, `/v1/cases/${caseId}/status?minVersion=1`)).body;
    const started = Date.now();
    const behind = await get(TEST_KEYS.regulatorPdp, `/v1/feed?caseId=${caseId}&minVersion=${version + 5}`);
    expect(behind.status).toBe(409);
    expect(Date.now() - started).toBeGreaterThanOrEqual(1_900);
    expect(behind.headers.get('breachline-read-version')).toBe(String(version));
    expect(behind.headers.get('retry-after')).toBe('1');
    expect(behind.body.detail).toContain(`minVersion ${version + 5}`);
    // A version the case has reached, though no item of the regulator carries it: the feed is complete up to it.
    expect((await get(TEST_KEYS.regulatorPdp, `/v1/feed?caseId=${caseId}&minVersion=${version}`)).status).toBe(200);
  });

  it('takes caseId and minVersion only together, and only for a case notified to the regulator (404)', async () => {
    const alone = await get(TEST_KEYS.regulatorPdp, '/v1/feed?minVersion=3');
    expect(alone.status).toBe(400);
    expect(alone.body.errors).toContainEqual(
      expect.objectContaining({ field: 'caseId', message: 'caseId must be given with minVersion' }),
    );
    const noVersion = await get(TEST_KEYS.regulatorPdp, `/v1/feed?caseId=${caseId}`);
    expect(noVersion.status).toBe(400);
    expect(noVersion.body.errors).toContainEqual(
      expect.objectContaining({ field: 'minVersion', message: 'minVersion must be given with caseId' }),
    );
    expect((await get(TEST_KEYS.regulatorPdp, '/v1/feed?caseId=BL-1&minVersion=1')).status).toBe(400);

    // The other regulator learns nothing of this case: the same 404 as for a case that does not exist.
    const notOurs = await get(TEST_KEYS.regulatorOther, `/v1/feed?caseId=${caseId}&minVersion=1`);
    const unknown = await get(
      TEST_KEYS.regulatorOther,
      '/v1/feed?caseId=00000000-0000-4000-8000-000000000000&minVersion=1',
    );
    expect([notOurs.status, unknown.status]).toEqual([404, 404]);
    expect(notOurs.headers.get('breachline-read-version')).toBeNull();
  });

  it("keeps regulator A out of regulator B's items and out of cases altogether", async () => {
    const other = TEST_KEYS.regulatorOther;
    expect((await get(other, '/v1/feed')).body.events).toEqual([]);
    expect((await get(other, '/v1/feed?after=0&limit=100')).body.events).toEqual([]);
    const stream = await readEvents(`${stack.apiUrl}/v1/feed/stream`, other, 1, undefined, 2_000);
    expect(stream.events).toEqual([]);
    expect((await post(other, `/v1/feed/${notificationId}/acknowledgement`, {})).status).toBe(404);
    expect((await post(other, '/v1/feed/00000000-0000-4000-8000-000000000000/acknowledgement', {})).status).toBe(404);
    for (const path of ['/v1/cases', `/v1/cases/${caseId}/status`, `/v1/cases/${caseId}/timeline`, '/v1/regulators']) {
      expect((await get(other, path)).status).toBe(403);
    }
    expect((await post(other, '/v1/cases', seedCase.report)).status).toBe(403);
    expect((await get(TEST_KEYS.investigator, '/v1/feed')).status).toBe(403);
  });

  it('lets admins add a regulator (validated) and refuses it to others', async () => {
    const definition = {
      id: 'ph-npc',
      name: 'National Privacy Commission (Philippines)',
      jurisdiction: 'ID',
      legalBasis: 'Test rule',
      deadline: { amount: 72, unit: 'hours', clockStartsAt: 'awareness', description: '72 hours from awareness' },
      requiredContent: [{ field: 'natureOfBreach', label: 'Nature of the breach' }],
      delivery: { mode: 'feed' },
    };
    expect((await post(TEST_KEYS.investigator, '/v1/regulators', definition)).status).toBe(403);
    expect((await post(TEST_KEYS.admin, '/v1/regulators', definition)).status).toBe(201);
    expect((await post(TEST_KEYS.admin, '/v1/regulators', definition)).status).toBe(409);
    const invalid = await post(TEST_KEYS.admin, '/v1/regulators', {
      ...definition,
      id: 'Bad Id',
      deadline: { amount: -1 },
    });
    expect(invalid.status).toBe(400);
    expect(invalid.body.errors.length).toBeGreaterThanOrEqual(2);
  });
});
