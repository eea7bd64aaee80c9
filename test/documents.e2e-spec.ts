import { createHash } from 'node:crypto';
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import {
  type CaseEvent,
  contentHeading,
  DEFAULT_REGULATORS,
  InvestigatorAssigned,
  ReportReceived,
  regulatorName,
  SEED_ORGANISATION,
} from '#libs/domain';
import { EventStore } from '#libs/event-store';
import { seedCase } from './fixtures/seed-case.js';
import { runCli } from './support/cli.js';
import { api, eventually } from './support/http-client.js';
import { firstPagePng, flatText, getBytes, pdfText, requirePoppler } from './support/pdf-tools.js';
import { TEST_KEYS, TestStack } from './support/test-stack.js';

/** The seed case's organisation, with a phone number a letterhead shows. */
const bpjs = {
  ...SEED_ORGANISATION,
  spokesperson: { ...SEED_ORGANISATION.spokesperson, phone: '+62 21 1500 400' },
};

// Personal data the case holds that a document must not carry unless it is its own business.
const CANARY = {
  investigator: 'Canary Investigator Qx7',
  riskNotes: 'CANARY-RISK-NOTES told by Siti Qx7',
  dpo: 'Dr. Canary Qx7, dpo-canary-qx7@bpjs-kesehatan.example',
  messageSummary: 'CANARY-MESSAGE-SUMMARY to Budi Qx7',
  reopenReason: 'CANARY-REOPEN-REASON from Dewi Qx7',
};
const allCanaries = Object.values(CANARY);

const pdp = DEFAULT_REGULATORS.find((r) => r.id === 'id-pdp')!;
const gdpr = DEFAULT_REGULATORS.find((r) => r.id === 'eu-lead-sa')!;
const headingOf = (regulator: typeof pdp, field: string, language: 'id' | 'en') => {
  const { provision, label } = contentHeading(regulator, field, language);
  return provision ? `${provision} — ${label}` : label;
};
const expectInOrder = (text: string, phrases: string[]) => {
  const positions = phrases.map((phrase) => text.indexOf(phrase));
  positions.forEach((position, i) => expect([phrases[i], position >= 0]).toEqual([phrases[i], true]));
  expect([...positions].sort((a, b) => a - b)).toEqual(positions);
};
const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

describe('documents: regulator letters, holding-statement PDFs and the case report', () => {
  let stack: TestStack;
  let caseId: string;
  let pdpNotification: string;
  let gdprNotification: string;
  let publishedStatement: string;
  let draftStatement: string;
  let version = 0;
  const post = async (key: string, path: string, body: unknown = {}) => {
    const answer = await api(stack.apiUrl, 'POST', path, { key, body });
    if (answer.status >= 300) throw new Error(`POST ${path} → ${answer.status}: ${JSON.stringify(answer.body)}`);
    version = answer.body.version ?? version;
    return answer.body;
  };
  const onCase = (path: string) => `/v1/cases/${caseId}${path}`;
  const caught = (version: number) =>
    eventually(
      () => api(stack.apiUrl, 'GET', onCase(`/status?minVersion=${version}`), { key: TEST_KEYS.investigator }),
      (r) => r.status === 200,
    );
  const pdf = async (path: string, key: string = TEST_KEYS.investigator) => {
    const answer = await getBytes(`${stack.apiUrl}${path}`, key);
    expect([path, answer.status, answer.headers.get('content-type')]).toEqual([path, 200, 'application/pdf']);
    expect(answer.body.subarray(0, 5).toString()).toBe('%PDF-');
    return answer.body;
  };

  beforeAll(async () => {
    requirePoppler();
    stack = await TestStack.start('documents');
    const admin = await api(stack.apiUrl, 'PUT', '/v1/organisation-profile', { key: TEST_KEYS.admin, body: bpjs });
    expect(admin.status).toBe(200);
    const report = { ...seedCase.report, jurisdictions: ['ID', 'EU'] };
    caseId = (await post(TEST_KEYS.investigator, '/v1/cases', report)).caseId;
    await post(TEST_KEYS.investigator, onCase('/assignments'), {
      investigator: CANARY.investigator,
      assignedAt: '2021-05-20T04:00:00Z',
    });
    await post(TEST_KEYS.investigator, onCase('/risk-assessments'), {
      assessedAt: '2021-05-20T05:00:00Z',
      riskLevel: 'critical',
      likelyConsequences: 'Identity fraud and targeted phishing',
      estimatedAffectedSubjects: 222_400_000,
      notes: CANARY.riskNotes,
    });
    await post(TEST_KEYS.investigator, onCase('/sample-verifications'), seedCase.sampleVerification);
    await post(TEST_KEYS.investigator, onCase('/source-traces'), seedCase.sourceTrace);
    // At 12:00 UTC, so that the letter's date shows the move to WIB (19.00).
    pdpNotification = (
      await post(TEST_KEYS.investigator, onCase('/regulator-notifications'), {
        ...seedCase.regulatorNotification,
        notifiedAt: '2021-05-22T12:00:00Z',
      })
    ).notificationId;
    gdprNotification = (
      await post(TEST_KEYS.investigator, onCase('/regulator-notifications'), {
        regulatorId: 'eu-lead-sa',
        notifiedAt: '2021-05-22T13:00:00Z',
        content: {
          nature: 'Member data offered for sale on an online forum; a sample of 100,002 rows matched our formats.',
          categoriesAndApproxNumbers: 'National ID, name, phone, address, card number; about 100,002 records.',
          dpoContact: CANARY.dpo,
          likelyConsequences: 'Identity fraud and targeted phishing (“spear-phishing”).',
          measures: 'Download links taken down; layered security reinforced; members to be informed.',
        },
      })
    ).notificationId;
    await post(TEST_KEYS.investigator, onCase(`/regulator-notifications/${pdpNotification}/supplements`), {
      supplementedAt: '2021-05-23T08:00:00Z',
      content: { whenAndHow: 'Jalur kebocoran: kredensial mitra pertukaran data — masih ditelusuri.' },
      reasonForDelay: 'Sumber baru diketahui setelah pemberitahuan pertama.',
    });
    // The regulator acknowledges from its feed, once the notification has reached it.
    const ack = await eventually(
      () =>
        api(stack.apiUrl, 'POST', `/v1/feed/${pdpNotification}/acknowledgement`, {
          key: TEST_KEYS.regulatorPdp,
          body: { reference: 'PDP/2021/0523' },
        }),
      (r) => r.status < 300,
    );
    expect(ack.status).toBeLessThan(300);
    await caught(version + 1);

    publishedStatement = (await post(TEST_KEYS.pr, onCase('/holding-statements'), { language: 'id' })).statementId;
    await post(TEST_KEYS.pr2, onCase(`/holding-statements/${publishedStatement}/approval`));
    await post(TEST_KEYS.pr2, onCase(`/holding-statements/${publishedStatement}/publication`));
    draftStatement = (await post(TEST_KEYS.pr, onCase('/holding-statements'), { language: 'en' })).statementId;
    await caught(version);
  }, 180_000);

  afterAll(async () => {
    await stack?.stop();
  });

  describe('the regulator’s letter', () => {
    it('UU PDP: in Indonesian by default, every Art. 46(2) field under its heading in order, counts, supplement, acknowledgement', async () => {
      const letter = await pdf(onCase(`/regulator-notifications/${pdpNotification}/letter`));
      const text = flatText(letter);
      expect(text).toContain('Pemberitahuan Kegagalan Pelindungan Data Pribadi');
      expect(text).toContain(regulatorName(pdp, 'id'));
      expect(text).toContain('BPJS Kesehatan');
      expect(text).toContain('humas@bpjs-kesehatan.example');
      expect(text).toContain('279 juta');
      expect(text).toContain('100.002 dari 100.002');
      expect(text).toContain('22 Mei 2021 pukul 19.00 WIB');
      expectInOrder(text, [
        headingOf(pdp, 'dataExposed', 'id'),
        seedCase.regulatorNotification.content.dataExposed,
        headingOf(pdp, 'whenAndHow', 'id'),
        seedCase.regulatorNotification.content.whenAndHow,
        headingOf(pdp, 'handlingAndRecovery', 'id'),
        seedCase.regulatorNotification.content.handlingAndRecovery,
        'Susulan 1 — 23 Mei 2021 pukul 15.00 WIB',
        'Sumber baru diketahui setelah pemberitahuan pertama.',
        'kredensial mitra pertukaran data — masih ditelusuri.',
        'Tanda terima',
        'PDP/2021/0523',
      ]);
      expect(headingOf(pdp, 'dataExposed', 'id')).toBe('Pasal 46 ayat (2) huruf a — Data Pribadi yang terungkap');
      for (const canary of allCanaries) expect(text).not.toContain(canary);
      expect(text).not.toContain(seedCase.report.report.sourceUrl);
      expect(firstPagePng(letter, 'letter-uu-pdp-id').subarray(1, 4).toString()).toBe('PNG');
    });

    it('GDPR: in English, Art. 33(3)(a)–(d) in order, the DPO contact it must carry, dated in the regulator’s zone', async () => {
      const letter = await pdf(onCase(`/regulator-notifications/${gdprNotification}/letter`));
      const text = flatText(letter);
      expect(text).toContain('Notification of a personal data breach');
      expect(text).toContain(regulatorName(gdpr, 'en'));
      expect(text).toContain('279 million');
      expect(text).toContain('100,002 of 100,002');
      expect(text).toContain('22 May 2021, 15:00 UTC+2');
      expectInOrder(
        text,
        gdpr.requiredContent.map((c) => headingOf(gdpr, c.field, 'en')),
      );
      expect(headingOf(gdpr, 'dpoContact', 'en')).toBe('Art. 33(3)(b) — DPO / contact point');
      expect(text).toContain(CANARY.dpo);
      expect(text).toContain('(“spear-phishing”)');
      expect(text).toContain('Not yet acknowledged by the regulator.');
      for (const canary of allCanaries.filter((c) => c !== CANARY.dpo)) expect(text).not.toContain(canary);
      expect(text).not.toContain(seedCase.regulatorNotification.content.dataExposed);
      firstPagePng(letter, 'letter-gdpr-en');
    });

    it('in the language asked for, and as Markdown by Accept', async () => {
      const english = flatText(await pdf(onCase(`/regulator-notifications/${pdpNotification}/letter?language=en`)));
      expect(english).toContain('Art. 46(2)(a) — Personal data exposed');
      expect(english).toContain('22 May 2021, 19:00 WIB');
      const markdown = await api(stack.apiUrl, 'GET', onCase(`/regulator-notifications/${pdpNotification}/letter`), {
        key: TEST_KEYS.admin,
        headers: { accept: 'text/markdown' },
      });
      expect(markdown.status).toBe(200);
      expect(markdown.headers.get('content-type')).toMatch(/^text\/markdown/);
      expect(markdown.body).toContain('### Pasal 46 ayat (2) huruf a — Data Pribadi yang terungkap');
      const bad = await api(
        stack.apiUrl,
        'GET',
        onCase(`/regulator-notifications/${pdpNotification}/letter?language=fr`),
        {
          key: TEST_KEYS.investigator,
        },
      );
      expect(bad).toMatchObject({ status: 400, body: { errors: [{ field: 'language' }] } });
    });

    it('is the same bytes for the same facts', async () => {
      const path = onCase(`/regulator-notifications/${pdpNotification}/letter`);
      expect(sha256(await pdf(path))).toBe(sha256(await pdf(path, TEST_KEYS.regulatorPdp)));
    });

    it('goes to its own regulator only (404 otherwise), never to PR (403)', async () => {
      const letter = (key: string, notificationId: string, id = caseId) =>
        getBytes(`${stack.apiUrl}/v1/cases/${id}/regulator-notifications/${notificationId}/letter`, key);
      expect((await letter(TEST_KEYS.regulatorPdp, pdpNotification)).status).toBe(200);
      expect((await letter(TEST_KEYS.regulatorPdp, gdprNotification)).status).toBe(404);
      expect((await letter(TEST_KEYS.regulatorOther, pdpNotification)).status).toBe(404);
      expect((await letter(TEST_KEYS.pr, pdpNotification)).status).toBe(403);
      expect((await letter(TEST_KEYS.investigator, 'no-such-notification')).status).toBe(404);
      expect(
        (await letter(TEST_KEYS.investigator, pdpNotification, '00000000-0000-4000-8000-000000000000')).status,
      ).toBe(404);
    });
  });

  describe('the holding statement as PDF', () => {
    it('the one in force: letterhead, heading, date, numbered points, next-update line, nothing personal', async () => {
      const statement = await pdf(onCase('/holding-statements/latest?language=id'), TEST_KEYS.pr);
      const json = await api(stack.apiUrl, 'GET', onCase(`/holding-statements/${publishedStatement}`), {
        key: TEST_KEYS.pr,
      });
      const text = flatText(statement);
      expect(text).toContain('BPJS Kesehatan');
      expect(text).toContain(json.body.heading);
      // pdftotext joins a line that ends in a hyphen to the next without it: compare without hyphens and spaces.
      const bare = (value: string) => value.replace(/[\s-]+/g, '');
      json.body.points.forEach((point: string, i: number) => expect(bare(text)).toContain(bare(`${i + 1}. ${point}`)));
      expect(text).toMatch(/informasi terbaru|pembaruan/i);
      expect(text).not.toMatch(/DRAF|DIGANTIKAN/);
      for (const canary of allCanaries) expect(text).not.toContain(canary);
      for (const person of ['citra', 'dewi', seedCase.sourceTrace.sourceSystem]) expect(text).not.toContain(person);
      firstPagePng(statement, 'holding-statement-published-id');
    });

    it('a draft says “DRAFT — not approved”; a published one on older facts says superseded', async () => {
      const draft = flatText(await pdf(onCase(`/holding-statements/${draftStatement}`), TEST_KEYS.pr));
      expect(draft).toContain('DRAFT — not approved');
      firstPagePng(
        await pdf(onCase(`/holding-statements/${draftStatement}`), TEST_KEYS.pr),
        'holding-statement-draft-en',
      );

      await post(TEST_KEYS.investigator, onCase('/data-subject-notifications'), {
        notifiedAt: '2021-05-24T09:00:00Z',
        channel: 'public-notice',
        subjectCount: 222_400_000,
        messageSummary: CANARY.messageSummary,
      });
      await caught(version);
      const stale = await eventually(
        () => getBytes(`${stack.apiUrl}${onCase('/holding-statements/latest?language=id')}`, TEST_KEYS.pr),
        (r) => r.headers.get('breachline-stale') === 'true',
      );
      expect(flatText(stale.body)).toContain('DIGANTIKAN — disusun dari fakta lama');
      firstPagePng(stale.body, 'holding-statement-superseded-id');
      expect((await getBytes(`${stack.apiUrl}${onCase('/holding-statements/nope')}`, TEST_KEYS.pr)).status).toBe(404);
    });
  });

  describe('the case report', () => {
    const asOf = '2021-05-25T00:00:00Z';

    it('Markdown by default: summary, facts per stage, clocks, notifications, statements, timeline; no free text', async () => {
      await post(TEST_KEYS.investigator, onCase('/closure'), {
        closedAt: '2021-06-30T10:00:00Z',
        resolution: 'breach-remediated',
      });
      await post(TEST_KEYS.investigator, onCase('/reopening'), {
        reopenedAt: '2021-07-01T10:00:00Z',
        reason: CANARY.reopenReason,
      });
      await caught(version);
      const report = await api(stack.apiUrl, 'GET', onCase(`/report?asOf=${asOf}`), { key: TEST_KEYS.pr });
      expect(report.status).toBe(200);
      expect(report.headers.get('content-type')).toMatch(/^text\/markdown/);
      const text: string = report.body;
      expectInOrder(text, [
        '## Summary',
        '**Records claimed:** 279 million',
        '100,002 of 100,002',
        '## Facts per stage',
        '## Legal clocks',
        regulatorName(pdp, 'en'),
        regulatorName(gdpr, 'en'),
        '## Regulator notifications',
        pdpNotification,
        'PDP/2021/0523',
        '## Holding statements',
        publishedStatement,
        draftStatement,
        '## Timeline',
        'Opened the case',
        'Reopened the case',
      ]);
      expect(text).toContain(`| ${version} |`);
      expect(text).toContain('| met |');
      for (const canary of allCanaries.filter((c) => c !== CANARY.investigator)) expect(text).not.toContain(canary);
    });

    it('PDF in Indonesian, the same bytes for the same facts and moment', async () => {
      const path = onCase(`/report?language=id&asOf=${asOf}`);
      const first = await pdf(path, TEST_KEYS.admin);
      expect(sha256(await pdf(path, TEST_KEYS.investigator))).toBe(sha256(first));
      const text = flatText(first);
      expect(text).toContain('Laporan Kasus');
      expect(text).toContain('Tenggat hukum');
      expect(text).toContain('Linimasa');
      expect(text).toContain('279 juta');
      expect(text).toContain(`versi ${version}`);
      expect(text).toContain('Membuka kembali kasus');
      for (const canary of allCanaries.filter((c) => c !== CANARY.investigator)) expect(text).not.toContain(canary);
      firstPagePng(first, 'case-report-id');
    });

    it('is for investigators, PR and admins only', async () => {
      expect((await getBytes(`${stack.apiUrl}${onCase('/report')}`, TEST_KEYS.regulatorPdp)).status).toBe(403);
      expect(
        (await getBytes(`${stack.apiUrl}/v1/cases/00000000-0000-4000-8000-000000000000/report`, TEST_KEYS.pr)).status,
      ).toBe(404);
      const bad = await api(stack.apiUrl, 'GET', onCase('/report?asOf=yesterday'), { key: TEST_KEYS.pr });
      expect(bad.status).toBe(400);
      expect(bad.body.errors).toContainEqual(expect.objectContaining({ field: 'asOf' }));
    });

    it('a 1,000-event case: the CLI writes it paginated, every page headed and numbered', async () => {
      const longCase = '5d1c0b9e-0000-4000-8000-000000001000';
      const store = new EventStore(stack.db);
      const actor = { name: 'bench', role: 'investigator' } as const;
      const events: CaseEvent[] = [
        ReportReceived.create({ caseId: longCase, ...seedCase.report, report: { ...seedCase.report.report } } as never),
        ...Array.from({ length: 999 }, (_, i) =>
          InvestigatorAssigned.create({
            caseId: longCase,
            investigator: i % 2 ? 'ana' : 'budi',
            assignedAt: new Date(Date.UTC(2021, 4, 21, 0, i)).toISOString(),
          }),
        ),
      ];
      for (let from = 0; from < events.length; from += 100) {
        await store.append(longCase, from, events.slice(from, from + 100), {
          actor,
          correlationId: `long-${from}`,
          causationId: `long-${from}`,
          occurredAt: new Date(Date.UTC(2021, 4, 21, 0, from)),
        });
      }
      const out = join(stack.env.BREACHLINE_API_KEYS_FILE, '..', 'long-report.pdf');
      const cli = await runCli(stack.env, 'cases', 'report', longCase, '--pdf', '--as-of', asOf, '--out', out);
      expect(cli).toMatchObject({ code: 0, stdout: `${out}\n` });
      const bytes = readFileSync(out);
      rmSync(out);
      const pages = pdfText(bytes)
        .split('\f')
        .filter((page) => page.trim() !== '');
      expect(pages.length).toBeGreaterThan(15);
      pages.forEach((page, i) => expect([i, page.includes(`Page ${i + 1}`)]).toEqual([i, true]));
      const timelinePages = pages.filter((page) => /Assigned the case to/.test(page));
      expect(timelinePages.length).toBeGreaterThan(15);
      for (const page of timelinePages) expect(page).toMatch(/When[\s\S]*Who[\s\S]*What/);
      expect(pages.at(-1)).toContain('Assigned the case to ana');
      expect(flatText(bytes)).toContain('version 1000');
      const markdown = await runCli(stack.env, 'cases', 'report', longCase, '--language', 'id', '--out', `${out}.md`);
      expect(markdown.code).toBe(0);
      const md = readFileSync(`${out}.md`, 'utf8');
      rmSync(`${out}.md`);
      expect(md).toContain('#### entri 951–1.000 dari 1.000');
    });

    it('the CLI writes a letter too', async () => {
      const out = join(stack.env.BREACHLINE_API_KEYS_FILE, '..', 'letter.pdf');
      const cli = await runCli(stack.env, 'cases', 'letter', caseId, pdpNotification, '--out', out);
      expect(cli).toMatchObject({ code: 0, stdout: `${out}\n` });
      const letter = readFileSync(out);
      rmSync(out);
      expect(flatText(letter)).toContain(headingOf(pdp, 'handlingAndRecovery', 'id'));
      expect(sha256(letter)).toBe(sha256(await pdf(onCase(`/regulator-notifications/${pdpNotification}/letter`))));
    });
  });
});
