import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { seedCase } from './fixtures/seed-case.js';
import { EventStore } from '#libs/event-store';
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

  it('reads a source trace stored with a version-1 vector as its VERIS vector, leaving the stored event as it was', async () => {
    const oldCase = (await post(TEST_KEYS.investigator, '/v1/cases', seedCase.report)).body.caseId as string;
    await post(TEST_KEYS.investigator, `/v1/cases/${oldCase}/sample-verifications`, seedCase.sampleVerification);
    // What the previous release wrote: SourceTraced at schema version 1, with one of its six vectors.
    const previousRelease = {
      type: 'SourceTraced',
      schemaVersion: 1,
      payload: {
        caseId: oldCase,
        tracedAt: '2021-05-22T08:00:00Z',
        sourceSystem: 'Legacy membership export server',
        vector: 'compromised-vendor-credential',
        confidence: 'medium',
        summary: 'Exports pulled with a vendor account',
      },
    };
    await new EventStore(stack.db, []).append(oldCase, 2, [previousRelease], {
      actor: { name: 'ana', role: 'investigator' },
      correlationId: 'previous-release',
      causationId: 'previous-release',
      occurredAt: new Date(),
    });

    const status = await api(stack.apiUrl, 'GET', `/v1/cases/${oldCase}/status?minVersion=3`, {
      key: TEST_KEYS.investigator,
    });
    expect(status.status).toBe(200);
    expect(status.body.sourceTrace).toMatchObject({ vector: 'hacking:use-of-stolen-credentials', viaPartner: true });
    const timeline = await api(stack.apiUrl, 'GET', `/v1/cases/${oldCase}/timeline?minVersion=3`, {
      key: TEST_KEYS.investigator,
    });
    expect(timeline.body.items.at(-1).line).toContain('by VERIS hacking / Use of stolen creds, through a partner');

    const statement = await post(TEST_KEYS.pr, `/v1/cases/${oldCase}/holding-statements`, {
      language: 'id',
      includeSourceDetails: true,
    });
    expect(statement.status).toBe(201);
    expect(statement.body.statement.text).toContain(
      'melalui penggunaan kredensial akses yang dicuri, yang melibatkan vendor atau mitra',
    );

    const [stored] = (await stack.db.collection('case_commits').findOne({ streamId: oldCase, fromVersion: 3 }))!.events;
    expect(stored).toMatchObject({ schemaVersion: 1, payload: { vector: 'compromised-vendor-credential' } });
    expect(stored.payload).not.toHaveProperty('viaPartner');
  });

  describe('in the organisation’s own words, times and regulators’ names (a Singapore insurer)', () => {
    const insurer = {
      name: 'Lion City Assurance',
      memberCount: { count: 1_200_000, asOf: '2021-04', noun: { en: 'policyholders' } },
      spokesperson: { email: 'media@lioncity-assurance.example' },
      nextUpdateWithinHours: 24,
      timeZone: 'Asia/Jakarta',
    };
    const setProfile = (body: unknown) =>
      api(stack.apiUrl, 'PUT', '/v1/organisation-profile', { key: TEST_KEYS.admin, body });
    const HOUR = 3_600_000;
    /** The wall-clock hour and minute in WIB (UTC+7, no summer time). */
    const wib = (iso: string) => {
      const local = new Date(Date.parse(iso) + 7 * HOUR);
      return { hour: local.getUTCHours(), minute: local.getUTCMinutes() };
    };

    it('refuses a noun outside the built-in words or languages, naming the field', async () => {
      for (const noun of ['policyholders', { fr: 'assurés' }, {}, { en: ' ' }]) {
        const refused = await setProfile({ ...insurer, memberCount: { ...insurer.memberCount, noun } });
        expect(refused.status).toBe(400);
        expect(refused.body.errors).toEqual([expect.objectContaining({ field: 'memberCount.noun' })]);
      }
      const overnight = await setProfile({ ...insurer, workingHours: { start: '18:00', end: '09:00' } });
      expect(overnight.status).toBe(400);
      expect(overnight.body.errors).toEqual([expect.objectContaining({ field: 'workingHours.end' })]);
    });

    it('uses the noun given for the statement’s language and refuses (409) a language it has none for', async () => {
      expect((await setProfile(insurer)).status).toBe(200);
      const english = await post(TEST_KEYS.pr, statements(), { language: 'en' });
      expect(english.status).toBe(201);
      expect(english.body.statement.text).toContain('1.2 million policyholders as of April 2021');
      const indonesian = await post(TEST_KEYS.pr, statements(), { language: 'id' });
      expect(indonesian).toMatchObject({ status: 409, body: { rule: 'profile-noun-missing' } });
      expect(indonesian.body.detail).toContain('language "id"');

      const both = { ...insurer.memberCount, noun: { en: 'policyholders', id: 'pemegang polis' } };
      expect((await setProfile({ ...insurer, memberCount: both })).status).toBe(200);
      const drafted = await post(TEST_KEYS.pr, statements(), { language: 'id' });
      expect(drafted.status).toBe(201);
      expect(drafted.body.statement.text).toContain('Jumlah pemegang polis Lion City Assurance per April 2021');
      expect(drafted.body.statement.text).not.toMatch(/\bpeserta\b/);
    });

    it('promises the next update on a full hour inside working hours in the organisation’s time zone', async () => {
      const drafted = await post(TEST_KEYS.pr, statements(), { language: 'id' });
      const { composedAt, nextUpdateDueAt, text } = drafted.body.statement;
      const due = Date.parse(nextUpdateDueAt);
      expect(due).toBeGreaterThanOrEqual(Date.parse(composedAt) + 24 * HOUR);
      expect(due).toBeLessThan(Date.parse(composedAt) + 40 * HOUR);
      const { hour, minute } = wib(nextUpdateDueAt);
      expect(minute).toBe(0);
      expect(hour).toBeGreaterThanOrEqual(9);
      expect(hour).toBeLessThanOrEqual(18);
      expect(text).toContain(`pukul ${String(hour).padStart(2, '0')}.00 WIB`);
    });

    it('lets the drafter choose the next-update time, which must be after the drafting time', async () => {
      const chosen = new Date(Math.ceil((Date.now() + 3 * HOUR) / HOUR) * HOUR).toISOString();
      const drafted = await post(TEST_KEYS.pr, statements(), { language: 'en', nextUpdateAt: chosen });
      expect(drafted.status).toBe(201);
      expect(drafted.body.statement.nextUpdateDueAt).toBe(chosen);
      const { hour } = wib(chosen);
      expect(drafted.body.statement.text).toContain(`${String(hour).padStart(2, '0')}:00 WIB at the latest`);

      const past = await post(TEST_KEYS.pr, statements(), { language: 'en', nextUpdateAt: '2021-05-20T03:00:00Z' });
      expect(past).toMatchObject({ status: 400, body: { errors: [{ field: 'nextUpdateAt', rule: 'in-the-future' }] } });
      const notATime = await post(TEST_KEYS.pr, statements(), { language: 'en', nextUpdateAt: 'tomorrow 9am' });
      expect(notATime.status).toBe(400);
      expect(notATime.body.errors[0].field).toBe('nextUpdateAt');
    });

    it('names a notified regulator in the statement’s language, and in the language asked for on status', async () => {
      const notified = await post(
        TEST_KEYS.investigator,
        `/v1/cases/${caseId}/regulator-notifications`,
        seedCase.regulatorNotification,
      );
      expect(notified.status).toBe(201);
      const id = await post(TEST_KEYS.pr, statements(), { language: 'id' });
      expect(id.body.statement.text).toContain(
        'Kami telah melaporkan kejadian ini kepada Lembaga Pelindungan Data Pribadi (Komdigi hingga lembaga terbentuk)',
      );
      expect(id.body.statement.text).not.toContain('PDP agency');
      const en = await post(TEST_KEYS.pr, statements(), { language: 'en' });
      expect(en.body.statement.text).toContain(
        'We have reported this incident to PDP agency (Komdigi until it operates)',
      );

      // An admin's own regulator, named in one language only: that name is used in both.
      const ojk = {
        id: 'id-ojk',
        name: { id: 'Otoritas Jasa Keuangan (OJK)' },
        jurisdiction: 'ID',
        legalBasis: 'POJK 11/2022',
        deadline: { amount: 72, unit: 'hours', clockStartsAt: 'awareness', description: '72 hours from awareness' },
        requiredContent: [{ field: 'summary', label: 'Ringkasan kejadian' }],
        delivery: { mode: 'feed' },
      };
      const badName = await post(TEST_KEYS.admin, '/v1/regulators', { ...ojk, name: { fr: 'Autorité' } });
      expect(badName.status).toBe(400);
      expect(badName.body.errors.map((e: { field: string }) => e.field)).toEqual(['name.fr', 'name']);
      expect((await post(TEST_KEYS.admin, '/v1/regulators', ojk)).status).toBe(201);
      const toOjk = await post(TEST_KEYS.investigator, `/v1/cases/${caseId}/regulator-notifications`, {
        regulatorId: 'id-ojk',
        notifiedAt: '2021-05-22T13:00:00Z',
        content: { summary: 'Member data offered for sale; sample verified.' },
      });
      expect(toOjk.status).toBe(201);
      const both = await post(TEST_KEYS.pr, statements(), { language: 'en' });
      expect(both.body.statement.text).toContain(
        'We have reported this incident to PDP agency (Komdigi until it operates) and Otoritas Jasa Keuangan (OJK)',
      );

      const status = (language?: string) =>
        api(stack.apiUrl, 'GET', `/v1/cases/${caseId}/status${language ? `?language=${language}` : ''}`, {
          key: TEST_KEYS.investigator,
        });
      const pdpName = (answer: Awaited<ReturnType<typeof status>>) =>
        answer.body.deadlines.find((d: { regulatorId: string }) => d.regulatorId === 'id-pdp').regulatorName;
      expect(pdpName(await status('id'))).toBe('Lembaga Pelindungan Data Pribadi (Komdigi hingga lembaga terbentuk)');
      expect(pdpName(await status())).toBe('PDP agency (Komdigi until it operates)');
      const unknownLanguage = await status('fr');
      expect(unknownLanguage.status).toBe(400);
      expect(unknownLanguage.body.errors[0].field).toBe('language');
    });
  });
});
