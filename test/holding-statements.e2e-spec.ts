import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { seedCase } from './fixtures/seed-case.js';
import { api, eventually } from './support/http-client.js';
import { TEST_KEYS, TestStack } from './support/test-stack.js';

const bpjs = {
  name: 'BPJS Kesehatan',
  memberCount: { count: 222_400_000, asOf: '2021-05', noun: 'members' },
  spokesperson: { name: 'Humas BPJS Kesehatan', email: 'humas@bpjs-kesehatan.example' },
  nextUpdateWithinHours: 24,
  timeZone: 'Asia/Jakarta',
};

describe('holding statements: composed from facts, four-eyes, published, stale when facts move', () => {
  let stack: TestStack;
  let caseId: string;
  const post = (key: string, path: string, body?: unknown) =>
    api(stack.apiUrl, 'POST', path, { key, body: body ?? {} });
  const statements = () => `/v1/cases/${caseId}/holding-statements`;

  beforeAll(async () => {
    stack = await TestStack.start('holding-statements');
    caseId = (await post(TEST_KEYS.investigator, '/v1/cases', seedCase.report)).body.caseId;
    await post(TEST_KEYS.investigator, `/v1/cases/${caseId}/sample-verifications`, seedCase.sampleVerification);
  }, 120_000);

  afterAll(async () => {
    await stack?.stop();
  });

  it('needs an organisation profile, which only admins may set', async () => {
    expect((await post(TEST_KEYS.pr, statements(), { language: 'id' })).status).toBe(409);
    expect((await api(stack.apiUrl, 'PUT', '/v1/organisation-profile', { key: TEST_KEYS.pr, body: bpjs })).status).toBe(
      403,
    );
    const set = await api(stack.apiUrl, 'PUT', '/v1/organisation-profile', { key: TEST_KEYS.admin, body: bpjs });
    expect(set).toMatchObject({ status: 200, body: { name: 'BPJS Kesehatan' } });
  });

  it('drafts the Indonesian statement of the seed case with the four BPJS points and no personal data', async () => {
    const drafted = await post(TEST_KEYS.pr, statements(), { language: 'id' });
    expect(drafted.status).toBe(201);
    const text: string = drafted.body.statement.text;
    expect(text).toMatch(/diduga|dugaan/i);
    expect(text).toMatch(/279 juta/);
    expect(text).toMatch(/222,4 juta/);
    expect(text).toMatch(/tim khusus.*menelusuri/i);
    expect(text).toMatch(/berlapis/);
    expect(text).toMatch(/berkoordinasi/);
    expect(text).toMatch(/informasi terbaru|pembaruan/i);
    expect(text).not.toMatch(/\b\d{16}\b/);
    expect(text).not.toContain('forum.example');
    expect(text).not.toContain(seedCase.sourceTrace.sourceSystem);
    expect((await post(TEST_KEYS.investigator, statements(), { language: 'id' })).status).toBe(403);
  });

  it('walks draft → drafter refused (403) → second PR approves → published → a new fact makes it stale', async () => {
    const drafted = await post(TEST_KEYS.pr, statements(), { language: 'en' });
    const { statementId } = drafted.body;
    const bySelf = await post(TEST_KEYS.pr, `${statements()}/${statementId}/approval`);
    expect(bySelf).toMatchObject({ status: 403, body: { rule: 'four-eyes' } });
    expect((await post(TEST_KEYS.pr2, `${statements()}/${statementId}/approval`)).status).toBe(200);
    const published = await post(TEST_KEYS.pr2, `${statements()}/${statementId}/publication`);
    expect(published.status).toBe(200);

    const fresh = await eventually(
      () => api(stack.apiUrl, 'GET', `${statements()}/latest?language=en`, { key: TEST_KEYS.pr }),
      (r) => r.status === 200,
    );
    expect(fresh.body).toMatchObject({ statementId, status: 'published', stale: false, language: 'en' });

    const traced = await post(TEST_KEYS.investigator, `/v1/cases/${caseId}/source-traces`, seedCase.sourceTrace);
    expect(traced.status).toBe(200);
    const stale = await eventually(
      () => api(stack.apiUrl, 'GET', `${statements()}/latest?language=en`, { key: TEST_KEYS.pr }),
      (r) => r.body?.stale === true,
    );
    expect(stale.body).toMatchObject({ statementId, stale: true });
    expect(stale.headers.get('breachline-stale')).toBe('true');
  });

  it('refuses to approve a draft whose facts changed since, naming the change', async () => {
    const drafted = await post(TEST_KEYS.pr, statements(), { language: 'id' });
    await post(TEST_KEYS.investigator, `/v1/cases/${caseId}/assignments`, {
      investigator: 'budi',
      assignedAt: '2021-05-22T09:00:00Z',
    });
    const refused = await post(TEST_KEYS.pr2, `${statements()}/${drafted.body.statementId}/approval`);
    expect(refused).toMatchObject({ status: 409, body: { rule: 'statement-facts-changed' } });
    expect(refused.body.detail).toContain('InvestigatorAssigned');
  });

  it('serves the latest statement as JSON, Markdown or plain text', async () => {
    const drafted = await post(TEST_KEYS.pr, statements(), { language: 'id' });
    await post(TEST_KEYS.pr2, `${statements()}/${drafted.body.statementId}/approval`);
    const published = await post(TEST_KEYS.pr2, `${statements()}/${drafted.body.statementId}/publication`);
    expect(published.status).toBe(200);
    const path = `${statements()}/latest?language=id`;
    await eventually(
      () => api(stack.apiUrl, 'GET', path, { key: TEST_KEYS.pr }),
      (r) => r.body?.statementId === drafted.body.statementId,
    );
    const markdown = await api(stack.apiUrl, 'GET', path, { key: TEST_KEYS.pr, headers: { accept: 'text/markdown' } });
    expect(markdown.headers.get('content-type')).toContain('text/markdown');
    expect(markdown.body).toMatch(/^# .+\n\n1\. /);
    const plain = await api(stack.apiUrl, 'GET', path, {
      key: TEST_KEYS.investigator,
      headers: { accept: 'text/plain' },
    });
    expect(plain.headers.get('content-type')).toContain('text/plain');
    expect(plain.body).toContain('BPJS Kesehatan');
    const history = await api(stack.apiUrl, 'GET', statements(), { key: TEST_KEYS.investigator });
    const statuses = history.body.statements.map((s: { status: string }) => s.status);
    expect(statuses).toEqual(expect.arrayContaining(['draft', 'published']));
    expect(history.body.statements.every((s: { stale: boolean }) => typeof s.stale === 'boolean')).toBe(true);
    expect((await api(stack.apiUrl, 'GET', path, { key: TEST_KEYS.regulatorPdp })).status).toBe(403);
  });

  it('reads its own writes: ?minVersion= after a publication answers that statement at once, 409 beyond the case', async () => {
    const drafted = await post(TEST_KEYS.pr, statements(), { language: 'en' });
    await post(TEST_KEYS.pr2, `${statements()}/${drafted.body.statementId}/approval`);
    const published = await post(TEST_KEYS.pr2, `${statements()}/${drafted.body.statementId}/publication`);
    expect(published.status).toBe(200);
    const { version } = published.body;

    const latest = await api(stack.apiUrl, 'GET', `${statements()}/latest?language=en&minVersion=${version}`, {
      key: TEST_KEYS.pr,
    });
    expect(latest.status).toBe(200);
    expect(latest.body).toMatchObject({ statementId: drafted.body.statementId, status: 'published', stale: false });
    const history = await api(stack.apiUrl, 'GET', `${statements()}?minVersion=${version}`, { key: TEST_KEYS.pr });
    expect(history.body.statements.at(-1)).toMatchObject({
      statementId: drafted.body.statementId,
      status: 'published',
    });

    const behind = await api(stack.apiUrl, 'GET', `${statements()}/latest?language=en&minVersion=${version + 1}`, {
      key: TEST_KEYS.pr,
      headers: { accept: 'text/markdown' },
    });
    expect(behind.status).toBe(409);
    expect(behind.headers.get('breachline-read-version')).toBe(String(version));
    expect(behind.headers.get('retry-after')).toBe('1');
    const invalid = await api(stack.apiUrl, 'GET', `${statements()}/latest?minVersion=0`, { key: TEST_KEYS.pr });
    expect(invalid.status).toBe(400);
    expect(invalid.body.errors).toContainEqual(expect.objectContaining({ field: 'minVersion' }));
  });
});
