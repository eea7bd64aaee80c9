import { describe, expect, it } from '@jest/globals';
import { DEFAULT_REGULATORS } from '../regulators/default-regulators.js';
import { computeDeadlines, computeNotifiability, countOverdue } from '../regulators/deadline-engine.js';
import { clockFactsFromEvents } from '../regulators/clock-facts.js';
import { IllegalTransitionError } from '../shared/domain-errors.js';
import type { AssessNotifiability, AssessNotifiabilityData } from './case-commands.js';
import { decide, evolveAll } from './case-decider.js';
import { CaseClosed, ReportReceived, SampleVerified, type CaseEvent } from './case-events.js';
import type { Jurisdiction } from './vocabulary.js';

const caseId = 'case-1';
const now = new Date('2021-06-01T00:00:00Z');
const reported = (jurisdictions: Jurisdiction[]) =>
  ReportReceived.create({
    caseId,
    title: 'Patient records offered for sale',
    jurisdictions,
    report: {
      receivedAt: '2021-05-20T06:00:00Z',
      channel: 'researcher',
      summary: 'A sample',
      dataCategories: ['health'],
    },
  });
const sample = (verdict: 'confirmed' | 'not-ours') =>
  SampleVerified.create({
    caseId,
    verifiedAt: '2021-05-21T10:00:00Z',
    sampleSize: 10,
    matchedRecords: verdict === 'confirmed' ? 10 : 0,
    confirmedDataCategories: verdict === 'confirmed' ? ['health'] : [],
    method: 'format check',
    verdict,
  });
const assessment = (more: Partial<AssessNotifiabilityData> = {}): AssessNotifiability => ({
  type: 'AssessNotifiability',
  data: {
    caseId,
    assessedAt: '2021-05-22T10:00:00Z',
    affectedSubjects: 700,
    dataCategories: ['name', 'health'],
    confidentiality: 'exfiltrated',
    integrity: false,
    availability: 'none',
    dataUnintelligible: false,
    harmRemediated: false,
    riskToIndividuals: 'high',
    ...more,
  },
  metadata: { now, actor: { name: 'ana', role: 'investigator' }, id: 'command-1' },
  regulators: DEFAULT_REGULATORS,
});
const run = (events: CaseEvent[], command: AssessNotifiability) => [...events, ...decide(command, evolveAll(events))];
const payloadOf = (events: CaseEvent[]) => {
  const last = events.at(-1)!;
  if (last.type !== 'NotifiabilityAssessed') throw new Error(`expected NotifiabilityAssessed, got ${last.type}`);
  return last.payload;
};
const refusal = (thunk: () => unknown) => {
  try {
    thunk();
  } catch (error) {
    return error;
  }
  throw new Error('expected a refusal');
};

describe('case decider: AssessNotifiability', () => {
  it('given a US case, when assessed, then the event records the facts and each applicable law’s outcome', () => {
    const payload = payloadOf(run([reported(['US']), sample('confirmed')], assessment()));
    expect(payload).toMatchObject({ caseId, affectedSubjects: 700, confidentiality: 'exfiltrated', changes: [] });
    expect(payload.outcomes.map((o) => [o.regulatorId, o.regulator, o.dataSubjects])).toEqual([
      ['us-hhs', 'required', 'required'],
      ['us-sec', 'assess', 'not-required'],
    ]);
  });

  it('given an earlier assessment, when a reassessment changes an outcome, then the event says which and how', () => {
    const first = run([reported(['US']), sample('confirmed')], assessment());
    const payload = payloadOf(run(first, assessment({ affectedSubjects: 450, assessedAt: '2021-05-23T10:00:00Z' })));
    expect(payload.changes).toEqual([
      { regulatorId: 'us-hhs', recipient: 'regulator', from: 'required', to: 'annual-log' },
    ]);
  });

  it('given a closed case, then 409 case-closed', () => {
    const closed = CaseClosed.create({ caseId, closedAt: '2021-05-22T00:00:00Z', resolution: 'breach-remediated' });
    const error = refusal(() => decide(assessment(), evolveAll([reported(['US']), closed])));
    expect(error).toBeInstanceOf(IllegalTransitionError);
    expect(error).toMatchObject({ rule: 'case-closed' });
  });

  it('given the latest sample is not ours, then 409 sample-not-ours', () => {
    const error = refusal(() => decide(assessment(), evolveAll([reported(['US']), sample('not-ours')])));
    expect(error).toMatchObject({ rule: 'sample-not-ours' });
  });
});

describe('clocks follow the outcome', () => {
  const clocksOf = (events: CaseEvent[], at: string) =>
    computeDeadlines(clockFactsFromEvents(events), DEFAULT_REGULATORS, new Date(at));

  it('given GDPR judged unlikely, then its clock shows not-required and is never overdue', () => {
    const events = run(
      [reported(['EU']), sample('confirmed')],
      assessment({ riskToIndividuals: 'unlikely', dataUnintelligible: true }),
    );
    const clocks = clocksOf(events, '2030-01-01T00:00:00Z');
    expect(clocks).toEqual([
      {
        regulatorId: 'eu-lead-sa',
        regulatorName: 'Lead supervisory authority',
        state: 'not-required',
        notifiability: 'not-required',
      },
    ]);
    expect(countOverdue(clocks)).toBe(0);
  });

  it('given no assessment, then the clock runs as before and overdue counts', () => {
    const clocks = clocksOf([reported(['EU']), sample('confirmed')], '2030-01-01T00:00:00Z');
    expect(clocks[0]).toMatchObject({ state: 'overdue' });
    expect(clocks[0].notifiability).toBeUndefined();
  });

  it('given HIPAA below 500 (annual log), then HHS is due 60 days after the year of discovery ends', () => {
    const events = run([reported(['US']), sample('confirmed')], assessment({ affectedSubjects: 450 }));
    const hhs = clocksOf(events, '2021-12-31T00:00:00Z').find((c) => c.regulatorId === 'us-hhs');
    expect(hhs).toMatchObject({
      state: 'pending',
      notifiability: 'annual-log',
      clockStartedAt: '2021-05-21T10:00:00.000Z',
      dueAt: '2022-03-02T00:00:00.000Z',
    });
  });

  it('given PDPA assessed notifiable on a reassessment, then the PDPC clock starts at that assessment', () => {
    const notYet = run(
      [reported(['SG']), sample('confirmed')],
      assessment({ affectedSubjects: 10, riskToIndividuals: 'risk', dataCategories: ['email'] }),
    );
    expect(clocksOf(notYet, '2021-06-01T00:00:00Z')[0]).toMatchObject({ state: 'not-required' });
    const notifiable = run(notYet, assessment({ affectedSubjects: 600, assessedAt: '2021-05-25T08:00:00Z' }));
    expect(clocksOf(notifiable, '2021-05-26T08:00:00Z')[0]).toMatchObject({
      state: 'pending',
      clockStartedAt: '2021-05-25T08:00:00.000Z',
      dueAt: '2021-05-28T08:00:00.000Z',
    });
  });

  it('given an assessment, then the status’s notifiability lists each applicable regulator’s outcome and reasons', () => {
    const events = run([reported(['US']), sample('confirmed')], assessment({ affectedSubjects: 450 }));
    const [hhs] = computeNotifiability(clockFactsFromEvents(events), DEFAULT_REGULATORS);
    expect(hhs).toMatchObject({ regulatorId: 'us-hhs', regulator: 'annual-log', dataSubjects: 'required' });
    expect(hhs.legalBasis).toBe('45 CFR 164.408(c); 45 CFR 164.404');
    expect(hhs.reasons).toHaveLength(2);
  });
});
