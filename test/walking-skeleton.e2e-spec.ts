import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { api, eventually } from './support/http-client.js';
import { TEST_KEYS, TestStack } from './support/test-stack.js';

const minimalReport = {
  title: 'Alleged sale of 279 million member records',
  report: {
    receivedAt: '2021-05-20T06:00:00Z',
    channel: 'social-media',
    summary: 'A forum post offers member data for sale with a free sample',
  },
};

describe('walking skeleton: HTTP → event store → Kafka → projector → read model → query', () => {
  let stack: TestStack;

  beforeAll(async () => {
    stack = await TestStack.start('skeleton');
  }, 120_000);

  afterAll(async () => {
    await stack?.stop();
  });

  const status = (caseId: string) =>
    api(stack.apiUrl, 'GET', `/v1/cases/${caseId}/status`, { key: TEST_KEYS.investigator });

  it('serves liveness and readiness of Kafka and MongoDB', async () => {
    expect((await api(stack.apiUrl, 'GET', '/health/live')).status).toBe(200);
    const ready = await api(stack.app('relay').url, 'GET', '/health/ready');
    expect(ready).toMatchObject({
      status: 200,
      body: { ready: true, checks: { mongodb: { ok: true }, kafka: { ok: true } } },
    });
  });

  it('posts a case and reads its status through the whole path', async () => {
    const created = await api(stack.apiUrl, 'POST', '/v1/cases', { key: TEST_KEYS.investigator, body: minimalReport });
    expect(created.status).toBe(201);
    expect(created.body).toEqual({ caseId: expect.any(String), version: 1 });
    const { caseId } = created.body;
    expect(created.headers.get('location')).toBe(`/v1/cases/${caseId}`);
    expect(created.headers.get('etag')).toBe('"1"');

    const projected = await eventually(
      () => status(caseId),
      (r) => r.status === 200,
    );
    expect(projected.body).toMatchObject({
      caseId,
      title: minimalReport.title,
      stage: 'reported',
      report: { channel: 'social-media' },
      version: 1,
    });
  });

  it('finds a case exactly once after the projector is SIGKILLed while its event waits on Kafka', async () => {
    const projector = stack.app('projector');
    await projector.kill('SIGKILL');
    const created = await api(stack.apiUrl, 'POST', '/v1/cases', { key: TEST_KEYS.investigator, body: minimalReport });
    const { caseId } = created.body;
    const outbox = stack.db.collection('case_outbox');
    const waiting = await eventually(
      () => outbox.countDocuments({ streamId: caseId }),
      (count) => count === 0,
    );
    expect(waiting).toBe(0);
    expect((await status(caseId)).status).toBe(404);

    await projector.start();
    const projected = await eventually(
      () => status(caseId),
      (r) => r.status === 200,
    );
    expect(projected.body).toMatchObject({ caseId, version: 1 });
    expect(await stack.db.collection('case_status').countDocuments({ caseId })).toBe(1);
  });

  it('refuses a report with missing fields, naming each field and rule, and stores nothing', async () => {
    const before = await stack.db.collection('case_commits').countDocuments();
    const refused = await api(stack.apiUrl, 'POST', '/v1/cases', {
      key: TEST_KEYS.investigator,
      body: { title: '', report: { channel: 'carrier-pigeon' } },
    });
    expect(refused.status).toBe(400);
    expect(refused.headers.get('content-type')).toContain('application/problem+json');
    const fields = refused.body.errors.map((e: { field: string }) => e.field);
    expect(fields).toEqual(expect.arrayContaining(['title', 'report.receivedAt', 'report.channel', 'report.summary']));
    expect(await stack.db.collection('case_commits').countDocuments()).toBe(before);
  });
});
