import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { api, eventually } from './support/http-client.js';
import { TEST_KEYS, TestStack } from './support/test-stack.js';

// The "Done when" scenarios of the notifiability assessment, on the real servers: each a case with a
// confirmed sample (so every clock has started, in 2021, and is long past due) and an assessment.

type Outcome = 'required' | 'not-required' | 'assess' | 'annual-log';
interface Notifiability {
  regulatorId: string;
  regulator: Outcome;
  dataSubjects: Outcome;
  legalBasis: string;
  reasons: string[];
}
interface Deadline {
  regulatorId: string;
  state: string;
  dueAt?: string;
  notifiability?: Outcome;
}

const assessment = (more: Record<string, unknown>) => ({
  assessedAt: '2021-05-22T10:00:00Z',
  affectedSubjects: 1_000,
  dataCategories: ['name', 'email'],
  confidentiality: 'exfiltrated',
  integrity: false,
  availability: 'none',
  dataUnintelligible: false,
  harmRemediated: false,
  riskToIndividuals: 'risk',
  ...more,
});

describe('notifiability: must we notify, whom, and why — per law, on the real servers', () => {
  let stack: TestStack;
  const post = (key: string, path: string, body: unknown) => api(stack.apiUrl, 'POST', path, { key, body });
  const get = (key: string, path: string) => api(stack.apiUrl, 'GET', path, { key });

  async function openConfirmedCase(jurisdiction: string): Promise<string> {
    const opened = await post(TEST_KEYS.investigator, '/v1/cases', {
      title: `Notifiability scenario (${jurisdiction})`,
      jurisdictions: [jurisdiction],
      report: {
        receivedAt: '2021-05-20T03:00:00Z',
        channel: 'internal',
        summary: 'Found by our own monitoring',
        dataCategories: ['name'],
      },
    });
    expect(opened.status).toBe(201);
    const { caseId } = opened.body;
    const verified = await post(TEST_KEYS.investigator, `/v1/cases/${caseId}/sample-verifications`, {
      verifiedAt: '2021-05-21T10:00:00Z',
      sampleSize: 10,
      matchedRecords: 10,
      confirmedDataCategories: ['name'],
      method: 'Checked against our records',
      verdict: 'confirmed',
    });
    expect(verified.status).toBe(200);
    return caseId;
  }

  async function assess(caseId: string, facts: Record<string, unknown>) {
    const answer = await post(TEST_KEYS.investigator, `/v1/cases/${caseId}/notifiability-assessments`, facts);
    expect(answer.status).toBe(200);
    return answer.body.version as number;
  }

  async function statusAt(caseId: string, version: number) {
    const status = await get(TEST_KEYS.investigator, `/v1/cases/${caseId}/status?minVersion=${version}`);
    expect(status.status).toBe(200);
    return status.body as { notifiability: Notifiability[]; deadlines: Deadline[] };
  }

  async function outcomeOf(jurisdiction: string, facts: Record<string, unknown>, regulatorId: string) {
    const caseId = await openConfirmedCase(jurisdiction);
    const status = await statusAt(caseId, await assess(caseId, assessment(facts)));
    const notifiability = status.notifiability.find((n) => n.regulatorId === regulatorId)!;
    const deadline = status.deadlines.find((d) => d.regulatorId === regulatorId)!;
    return { caseId, notifiability, deadline, both: [notifiability.regulator, notifiability.dataSubjects] };
  }

  beforeAll(async () => {
    stack = await TestStack.start('notifiability');
  }, 120_000);

  afterAll(async () => {
    await stack?.stop();
  });

  it('ransomware, data unintelligible, restored within hours, judged unlikely: GDPR neither, its clock not-required', async () => {
    const { notifiability, deadline, both } = await outcomeOf(
      'EU',
      {
        confidentiality: 'none',
        availability: 'restored-quickly',
        dataUnintelligible: true,
        riskToIndividuals: 'unlikely',
      },
      'eu-lead-sa',
    );
    expect(both).toEqual(['not-required', 'not-required']);
    expect(notifiability.legalBasis).toBe('GDPR Art. 33(1); GDPR Art. 34(1)');
    expect(notifiability.reasons[0]).toMatch(
      /^Regulator: not required \(GDPR Art\. 33\(1\)\): the team judged the breach unlikely/,
    );
    expect(deadline).toMatchObject({ state: 'not-required', notifiability: 'not-required' });
    expect(deadline.dueAt).toBeUndefined();
  });

  it('a hospital: health data, prolonged unavailability, high risk: GDPR both', async () => {
    const { both } = await outcomeOf(
      'EU',
      {
        dataCategories: ['name', 'health'],
        confidentiality: 'none',
        availability: 'prolonged',
        riskToIndividuals: 'high',
      },
      'eu-lead-sa',
    );
    expect(both).toEqual(['required', 'required']);
  });

  it('600 customers’ names and e-mails exfiltrated, judged a risk: PDPC required, individuals not', async () => {
    const { both, notifiability } = await outcomeOf('SG', { affectedSubjects: 600 }, 'sg-pdpc');
    expect(both).toEqual(['required', 'not-required']);
    expect(notifiability.legalBasis).toBe('PDPA s.26B(1)(b); PDPA s.26D(2)');
  });

  it('one account’s credentials seen outside: PDPA both; reassessed as internal-only: neither, and the timeline says so', async () => {
    const credentials = { affectedSubjects: 1, dataCategories: ['credentials'], confidentiality: 'external' };
    const { caseId, both, deadline } = await outcomeOf('SG', credentials, 'sg-pdpc');
    expect(both).toEqual(['required', 'required']);
    expect(deadline).toMatchObject({ notifiability: 'required', clockStartedAt: '2021-05-22T10:00:00.000Z' });

    const version = await assess(
      caseId,
      assessment({ ...credentials, confidentiality: 'internal-only', assessedAt: '2021-05-23T10:00:00Z' }),
    );
    const status = await statusAt(caseId, version);
    const pdpc = status.notifiability.find((n) => n.regulatorId === 'sg-pdpc')!;
    expect([pdpc.regulator, pdpc.dataSubjects, pdpc.legalBasis]).toEqual([
      'not-required',
      'not-required',
      'PDPA s.26B(4)',
    ]);
    expect(status.deadlines.find((d) => d.regulatorId === 'sg-pdpc')).toMatchObject({ state: 'not-required' });

    const timeline = await eventually(
      () => get(TEST_KEYS.investigator, `/v1/cases/${caseId}/timeline?minVersion=${version}`),
      (r) => r.status === 200 && r.body.items.length >= version,
    );
    const lines = timeline.body.items.map((item: { line: string }) => item.line);
    expect(lines.at(-2)).not.toContain('outcome changed');
    expect(lines.at(-1)).toContain(
      'outcome changed: sg-pdpc the regulator required → not-required, sg-pdpc the data subjects required → not-required',
    );
  });

  it('health data of 700, not unintelligible: HIPAA both', async () => {
    const { both, deadline } = await outcomeOf(
      'US',
      { affectedSubjects: 700, dataCategories: ['name', 'health'] },
      'us-hhs',
    );
    expect(both).toEqual(['required', 'required']);
    expect(deadline).toMatchObject({ state: 'overdue', dueAt: '2021-07-20T10:00:00.000Z' });
  });

  it('health data of 450: HIPAA individuals required, HHS in the annual log, due 60 days after the year ends', async () => {
    const { both, deadline } = await outcomeOf(
      'US',
      { affectedSubjects: 450, dataCategories: ['name', 'health'] },
      'us-hhs',
    );
    expect(both).toEqual(['annual-log', 'required']);
    expect(deadline).toMatchObject({ notifiability: 'annual-log', dueAt: '2022-03-02T00:00:00.000Z' });
  });

  it('health data encrypted: HIPAA neither', async () => {
    const facts = { affectedSubjects: 700, dataCategories: ['name', 'health'], dataUnintelligible: true };
    expect((await outcomeOf('US', facts, 'us-hhs')).both).toEqual(['not-required', 'not-required']);
  });

  it('any breach in Indonesia, even a trusted recipient judged unlikely: UU PDP both, within 3 × 24 h; the statement says so', async () => {
    const facts = { confidentiality: 'trusted-recipient', riskToIndividuals: 'unlikely', affectedSubjects: 1 };
    const { caseId, both, deadline } = await outcomeOf('ID', facts, 'id-pdp');
    expect(both).toEqual(['required', 'required']);
    expect(deadline).toMatchObject({ state: 'overdue', dueAt: '2021-05-24T10:00:00.000Z', notifiability: 'required' });

    // The holding statement names the regulators the outcome requires as ones the organisation will report to.
    const profile = { name: 'Example Clinic', timeZone: 'Asia/Jakarta' };
    expect(
      (await api(stack.apiUrl, 'PUT', '/v1/organisation-profile', { key: TEST_KEYS.admin, body: profile })).status,
    ).toBe(200);
    const drafted = await post(TEST_KEYS.pr, `/v1/cases/${caseId}/holding-statements`, { language: 'en' });
    expect(drafted.status).toBe(201);
    expect(drafted.body.statement.text).toContain(
      'We will also report this incident to PDP agency (Komdigi until it operates) and Data owners (Kominfo PM 20/2016), as the law requires.',
    );
  });

  it('?overdue=true and the overdue gauge agree with the clocks: a not-required clock is never overdue', async () => {
    const unassessed = await openConfirmedCase('EU');
    const notRequired = (
      await outcomeOf(
        'EU',
        { confidentiality: 'none', availability: 'restored-quickly', riskToIndividuals: 'unlikely' },
        'eu-lead-sa',
      )
    ).caseId;
    await eventually(
      () => get(TEST_KEYS.investigator, `/v1/cases/${unassessed}/status?minVersion=2`),
      (r) => r.status === 200,
    );
    const overdue = new Set<string>();
    let cursor: string | undefined;
    do {
      const page = await get(
        TEST_KEYS.investigator,
        `/v1/cases?overdue=true&limit=100${cursor ? `&cursor=${cursor}` : ''}`,
      );
      for (const item of page.body.items) overdue.add(item.caseId);
      cursor = page.body.nextCursor ?? undefined;
    } while (cursor);
    expect(overdue.has(unassessed)).toBe(true);
    expect(overdue.has(notRequired)).toBe(false);

    // Count every case's overdue clocks per regulator from the status answers, and compare with the gauge.
    const everyCase: string[] = [];
    cursor = undefined;
    do {
      const page = await get(TEST_KEYS.investigator, `/v1/cases?limit=100${cursor ? `&cursor=${cursor}` : ''}`);
      everyCase.push(...page.body.items.map((item: { caseId: string }) => item.caseId));
      cursor = page.body.nextCursor ?? undefined;
    } while (cursor);
    const expected = new Map<string, number>();
    for (const caseId of everyCase) {
      const { deadlines } = (await get(TEST_KEYS.investigator, `/v1/cases/${caseId}/status`)).body as {
        deadlines: Deadline[];
      };
      for (const d of deadlines.filter((clock) => clock.state === 'overdue')) {
        expected.set(d.regulatorId, (expected.get(d.regulatorId) ?? 0) + 1);
      }
      expect(overdue.has(caseId)).toBe(deadlines.some((clock) => clock.state === 'overdue'));
    }
    const metrics = await (await fetch(`${stack.apiUrl}/metrics`)).text();
    for (const regulatorId of ['eu-lead-sa', 'sg-pdpc', 'us-hhs', 'id-pdp']) {
      const line = metrics
        .split('\n')
        .find((l) => l.startsWith(`breachline_overdue_notifications{regulator="${regulatorId}"`));
      expect({ regulatorId, gauge: Number(line?.split(' ').at(-1)) }).toEqual({
        regulatorId,
        gauge: expected.get(regulatorId) ?? 0,
      });
    }
  });

  it('refuses bad facts with 400 naming each field and rule, a closed case with 409, an unknown case with 404, PR with 403', async () => {
    const caseId = await openConfirmedCase('EU');
    const refused = await post(TEST_KEYS.investigator, `/v1/cases/${caseId}/notifiability-assessments`, {
      ...assessment({}),
      confidentiality: 'leaked',
      integrity: 'no',
      dataCategories: [],
      riskToIndividuals: 'medium',
    });
    expect(refused.status).toBe(400);
    expect(refused.body.errors.map((e: { field: string }) => e.field).sort()).toEqual([
      'confidentiality',
      'dataCategories',
      'integrity',
      'riskToIndividuals',
    ]);

    const closed = await post(TEST_KEYS.investigator, `/v1/cases/${caseId}/closure`, {
      closedAt: '2021-05-23T00:00:00Z',
      resolution: 'duplicate',
      duplicateOfCaseId: '00000000-0000-4000-8000-000000000001',
    });
    expect(closed.status).toBe(200);
    const onClosed = await post(
      TEST_KEYS.investigator,
      `/v1/cases/${caseId}/notifiability-assessments`,
      assessment({}),
    );
    expect(onClosed).toMatchObject({ status: 409, body: { rule: 'case-closed' } });

    const unknown = await post(
      TEST_KEYS.investigator,
      '/v1/cases/00000000-0000-4000-8000-000000000000/notifiability-assessments',
      assessment({}),
    );
    expect(unknown).toMatchObject({ status: 404, body: { rule: 'case-not-found' } });
    expect((await post(TEST_KEYS.pr, `/v1/cases/${caseId}/notifiability-assessments`, assessment({}))).status).toBe(
      403,
    );
  });

  it('an admin’s own regulator with its own test is validated like the rest and applied', async () => {
    const own = {
      id: 'eu-own-test',
      name: 'Own authority',
      jurisdiction: 'EU',
      legalBasis: 'Own law Art. 1',
      deadline: { amount: 24, unit: 'hours', clockStartsAt: 'awareness', description: '24 hours' },
      requiredContent: [{ field: 'summary', label: 'Summary' }],
      notifiability: {
        regulator: { rules: [{ when: {}, outcome: 'not-required', clause: 'Own law Art. 1(2)', reason: 'never' }] },
        dataSubjects: { rules: [{ when: {}, outcome: 'annual-log', clause: 'Own law Art. 2', reason: 'logged' }] },
      },
      delivery: { mode: 'feed' },
    };
    const refused = await post(TEST_KEYS.admin, '/v1/regulators', own);
    expect(refused.status).toBe(400);
    expect(JSON.stringify(refused.body)).toContain('notifiability.dataSubjects.rules[0].outcome');

    const accepted = await post(TEST_KEYS.admin, '/v1/regulators', {
      ...own,
      notifiability: { ...own.notifiability, dataSubjects: own.notifiability.regulator },
    });
    expect(accepted.status).toBe(201);
    const registry = await eventually(
      async () => {
        const { both } = await outcomeOf('EU', {}, 'eu-own-test');
        return both;
      },
      (both) => both[0] === 'not-required',
      { timeoutMs: 5_000 },
    );
    expect(registry).toEqual(['not-required', 'not-required']);
  });
});
