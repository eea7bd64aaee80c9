import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { seedCase } from './fixtures/seed-case.js';
import { api, eventually } from './support/http-client.js';
import { readCaseEvents } from './support/kafka-reader.js';
import { TEST_KEYS, TestStack } from './support/test-stack.js';

describe('investigators record case facts through the API', () => {
  let stack: TestStack;
  const as = (key: string) => ({
    post: (path: string, body?: unknown, headers?: Record<string, string>) =>
      api(stack.apiUrl, 'POST', path, { key, body, headers }),
  });
  const investigator = () => as(TEST_KEYS.investigator);
  const commitCount = () => stack.db.collection('case_commits').countDocuments();
  const openCase = async () => (await investigator().post('/v1/cases', seedCase.report)).body.caseId as string;

  beforeAll(async () => {
    stack = await TestStack.start('investigator-api', ['case-api', 'relay']);
  }, 120_000);

  afterAll(async () => {
    await stack?.stop();
  });

  it('drives the seed case from report to regulator notification, one version per fact', async () => {
    const created = await investigator().post('/v1/cases', seedCase.report);
    expect(created).toMatchObject({ status: 201, body: { version: 1 } });
    const { caseId } = created.body;
    const sample = await investigator().post(`/v1/cases/${caseId}/sample-verifications`, seedCase.sampleVerification);
    expect(sample).toMatchObject({ status: 200, body: { caseId, version: 2 } });
    const trace = await investigator().post(`/v1/cases/${caseId}/source-traces`, seedCase.sourceTrace);
    expect(trace.body).toEqual({ caseId, version: 3 });
    const notified = await investigator().post(
      `/v1/cases/${caseId}/regulator-notifications`,
      seedCase.regulatorNotification,
    );
    expect(notified).toMatchObject({ status: 201, body: { caseId, version: 4, notificationId: expect.any(String) } });
    expect(notified.headers.get('etag')).toBe('"4"');

    const events = (
      await stack.db.collection('case_commits').find({ streamId: caseId }).sort({ fromVersion: 1 }).toArray()
    ).flatMap((commit) => commit.events);
    expect(events.map((e) => [e.type, e.version])).toEqual([
      ['ReportReceived', 1],
      ['SampleVerified', 2],
      ['SourceTraced', 3],
      ['RegulatorNotified', 4],
    ]);
    expect(events.every((e) => e.actor.name === 'ana' && e.actor.role === 'investigator')).toBe(true);
    expect(JSON.stringify(events)).not.toContain(TEST_KEYS.investigator);

    const onKafka = await eventually(
      async () => (await readCaseEvents(stack.kafka, stack.topics.caseEvents)).filter((e) => e.caseId === caseId),
      (found) => found.length >= 4,
    );
    expect(onKafka.map((e) => [e.type, e.version])).toEqual(events.map((e) => [e.type, e.version]));
    expect(onKafka.map((e) => e.eventId)).toEqual(events.map((e) => e.eventId));
  });

  it('refuses a regulator notification before a confirmed sample with 409 naming the rule', async () => {
    const caseId = await openCase();
    const before = await commitCount();
    const refused = await investigator().post(
      `/v1/cases/${caseId}/regulator-notifications`,
      seedCase.regulatorNotification,
    );
    expect(refused.status).toBe(409);
    expect(refused.body).toMatchObject({ rule: 'notification-requires-confirmed-sample' });
    expect(await commitCount()).toBe(before);
  });

  it('answers 404 for an unknown case and for an id that cannot be one', async () => {
    const unknown = await investigator().post(
      '/v1/cases/6f1c1d2e-0a4b-4c5d-8e9f-0123456789ab/sample-verifications',
      seedCase.sampleVerification,
    );
    expect(unknown).toMatchObject({ status: 404, body: { rule: 'case-not-found' } });
    expect((await investigator().post('/v1/cases/not-a-case/closure', {})).status).toBe(404);
  });

  it('answers 412 when If-Match names another version, and applies the command when it matches', async () => {
    const caseId = await openCase();
    const path = `/v1/cases/${caseId}/assignments`;
    const body = { investigator: 'budi', assignedAt: '2021-05-20T04:00:00Z' };
    expect((await investigator().post(path, body, { 'if-match': '"7"' })).status).toBe(412);
    const applied = await investigator().post(path, body, { 'if-match': '"1"' });
    expect(applied).toMatchObject({ status: 200, body: { version: 2 } });
  });

  it('replays an Idempotency-Key with the first answer and appends nothing', async () => {
    const headers = { 'idempotency-key': `create-${Date.now()}` };
    const first = await investigator().post('/v1/cases', seedCase.report, headers);
    const before = await commitCount();
    const again = await investigator().post('/v1/cases', seedCase.report, headers);
    expect(again.status).toBe(201);
    expect(again.body).toEqual(first.body);
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    expect(await commitCount()).toBe(before);
    const reused = await investigator().post('/v1/cases', { ...seedCase.report, title: 'Other' }, headers);
    expect(reused.status).toBe(422);
  });

  it('returns the original notification id when a notification is replayed', async () => {
    const caseId = await openCase();
    await investigator().post(`/v1/cases/${caseId}/sample-verifications`, seedCase.sampleVerification);
    const headers = { 'idempotency-key': `notify-${caseId}` };
    const path = `/v1/cases/${caseId}/regulator-notifications`;
    const first = await investigator().post(path, seedCase.regulatorNotification, headers);
    const again = await investigator().post(path, seedCase.regulatorNotification, headers);
    expect(again.body).toEqual(first.body);
  });

  it('answers 400 naming each bad field and rule, and stores nothing', async () => {
    const caseId = await openCase();
    const before = await commitCount();
    const refused = await investigator().post(`/v1/cases/${caseId}/sample-verifications`, {
      verifiedAt: 'yesterday',
      sampleSize: -1,
      matchedRecords: 1.5,
      confirmedDataCategories: ['blood-type'],
      method: '',
      verdict: 'probably',
      leakedRows: [{ nik: '3171234567890123' }],
    });
    expect(refused.status).toBe(400);
    const fields = new Set(refused.body.errors.map((e: { field: string }) => e.field));
    expect([...fields].sort()).toEqual(
      [
        'confirmedDataCategories',
        'leakedRows',
        'matchedRecords',
        'method',
        'sampleSize',
        'verdict',
        'verifiedAt',
      ].sort(),
    );
    expect(await commitCount()).toBe(before);
  });

  it('records the causes regulators see most as VERIS vectors, a partner’s involvement too, and refuses the old names', async () => {
    const caseId = await openCase();
    for (const vector of ['error:misdelivery', 'social:phishing', 'malware:ransomware', 'physical:theft']) {
      const traced = await investigator().post(`/v1/cases/${caseId}/source-traces`, {
        ...seedCase.sourceTrace,
        vector,
      });
      expect(traced.status).toBe(200);
    }
    const vendor = await investigator().post(`/v1/cases/${caseId}/source-traces`, {
      ...seedCase.sourceTrace,
      vector: 'hacking:use-of-stolen-credentials',
      viaPartner: true,
    });
    expect(vendor.body).toEqual({ caseId, version: 6 });
    const events = (await stack.db.collection('case_commits').find({ streamId: caseId }).toArray())
      .flatMap((commit) => commit.events)
      .filter((event) => event.type === 'SourceTraced');
    expect(events.map((e) => [e.schemaVersion, e.payload.vector, e.payload.viaPartner])).toEqual([
      [2, 'error:misdelivery', false],
      [2, 'social:phishing', false],
      [2, 'malware:ransomware', false],
      [2, 'physical:theft', false],
      [2, 'hacking:use-of-stolen-credentials', true],
    ]);

    const before = await commitCount();
    const old = await investigator().post(`/v1/cases/${caseId}/source-traces`, {
      ...seedCase.sourceTrace,
      vector: 'compromised-vendor-credential',
      viaPartner: 'yes',
    });
    expect(old.status).toBe(400);
    expect(old.body.errors.map((e: { field: string }) => e.field).sort()).toEqual(['vector', 'viaPartner']);
    expect(old.body.errors.find((e: { field: string }) => e.field === 'vector').message).toContain('error:misdelivery');
    expect(await commitCount()).toBe(before);
  });

  it('answers 400 for a domain rule on values: matched records beyond the sample', async () => {
    const caseId = await openCase();
    const refused = await investigator().post(`/v1/cases/${caseId}/sample-verifications`, {
      ...seedCase.sampleVerification,
      matchedRecords: 100_003,
    });
    expect(refused).toMatchObject({
      status: 400,
      body: { errors: [{ field: 'matchedRecords', rule: 'matched-within-sample' }] },
    });
  });

  it('answers 409 for anything but reopening on a closed case', async () => {
    const caseId = await openCase();
    await investigator().post(`/v1/cases/${caseId}/sample-verifications`, {
      ...seedCase.sampleVerification,
      verdict: 'not-ours',
      confirmedDataCategories: [],
    });
    const closed = await investigator().post(`/v1/cases/${caseId}/closure`, {
      closedAt: '2021-05-22T00:00:00Z',
      resolution: 'not-our-data',
    });
    expect(closed.status).toBe(200);
    const refused = await investigator().post(`/v1/cases/${caseId}/source-traces`, seedCase.sourceTrace);
    expect(refused).toMatchObject({ status: 409, body: { rule: 'case-closed' } });
    const reopened = await investigator().post(`/v1/cases/${caseId}/reopening`, {
      reopenedAt: '2021-05-23T00:00:00Z',
      reason: 'New sample surfaced',
    });
    expect(reopened).toMatchObject({ status: 200, body: { version: 4 } });
  });

  it('answers 401 without a key or with an unknown one, and 403 for roles that may not write facts', async () => {
    expect((await api(stack.apiUrl, 'POST', '/v1/cases', { body: seedCase.report })).status).toBe(401);
    expect((await as('not-a-real-key-000000000000000000').post('/v1/cases', seedCase.report)).status).toBe(401);
    expect((await as(TEST_KEYS.pr).post('/v1/cases', seedCase.report)).status).toBe(403);
    expect((await as(TEST_KEYS.regulatorPdp).post('/v1/cases', seedCase.report)).status).toBe(403);
    expect((await as(TEST_KEYS.admin).post('/v1/cases', seedCase.report)).status).toBe(201);
  });

  it('answers 413 for a body over 1 MB and 415 for a body that is not JSON, storing nothing', async () => {
    const before = await commitCount();
    const huge = {
      ...seedCase.report,
      title: 'x',
      report: { ...seedCase.report.report, summary: 'y'.repeat(1_100_000) },
    };
    expect((await investigator().post('/v1/cases', huge)).status).toBe(413);
    const xml = await api(stack.apiUrl, 'POST', '/v1/cases', {
      key: TEST_KEYS.investigator,
      body: '<case/>',
      headers: { 'content-type': 'application/xml' },
    });
    expect(xml.status).toBe(415);
    const broken = await api(stack.apiUrl, 'POST', '/v1/cases', { key: TEST_KEYS.investigator, body: '{"title":' });
    expect(broken.status).toBe(400);
    const plain = await api(stack.apiUrl, 'POST', '/v1/cases', {
      key: TEST_KEYS.investigator,
      body: JSON.stringify(seedCase.report),
      headers: { 'content-type': 'text/plain' },
    });
    expect(plain.status).toBe(415);
    const deep = '['.repeat(5_000) + ']'.repeat(5_000);
    expect(
      (await api(stack.apiUrl, 'POST', '/v1/cases', { key: TEST_KEYS.investigator, body: `{"title":${deep}}` })).status,
    ).toBe(400);
    const wide = `{${Array.from({ length: 60_000 }, (_, i) => `"k${i}":1`).join(',')}}`;
    expect((await api(stack.apiUrl, 'POST', '/v1/cases', { key: TEST_KEYS.investigator, body: wide })).status).toBe(
      400,
    );
    expect(await commitCount()).toBe(before);
  });
});
