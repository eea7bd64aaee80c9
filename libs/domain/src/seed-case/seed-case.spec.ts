import { describe, expect, it } from '@jest/globals';
import { runSeedCase } from './seed-case-events.js';
import {
  SEED_AFTERWARDS,
  SEED_CLAIMED_RECORDS,
  SEED_IDS,
  SEED_ORGANISATION,
  SEED_SAMPLE_ROWS,
  SEED_STORY,
  seedStep,
} from './seed-case.js';

describe('the seed case', () => {
  const events = runSeedCase();
  const ofCase = events.filter((event) => event.caseId === SEED_IDS.caseId);

  it('runs through the decider: one stream per case, versions 1..n, each event at its step', () => {
    expect(ofCase.map((event) => event.version)).toEqual(ofCase.map((_, index) => index + 1));
    expect(ofCase[0]).toMatchObject({ type: 'ReportReceived', step: 'receiveReport', at: '2021-05-20T03:05:00Z' });
    const concern = events.filter((event) => event.caseId === SEED_IDS.concernCaseId);
    expect(concern.map((event) => [event.version, event.type])).toEqual([
      [1, 'ReportReceived'],
      [2, 'CaseClosed'],
    ]);
  });

  it('has unique step names', () => {
    const names = [...SEED_STORY, ...SEED_AFTERWARDS].map((step) => step.name);
    expect(new Set(names).size).toBe(names.length);
  });

  it('states the figures of DOMAIN.md: 279 million claimed, 100,002 rows matched, 222.4 million members', () => {
    expect(SEED_CLAIMED_RECORDS).toBe(279_000_000);
    expect(SEED_SAMPLE_ROWS).toBe(100_002);
    expect(SEED_ORGANISATION.memberCount?.count).toBe(222_400_000);
    const statement = ofCase.find(
      (event) => event.type === 'HoldingStatementDrafted' && event.payload.statementId === SEED_IDS.statementId,
    );
    expect(statement?.type === 'HoldingStatementDrafted' && statement.payload.text).toMatch(/279 juta/);
    expect(statement?.type === 'HoldingStatementDrafted' && statement.payload.text).toMatch(/222,4 juta/);
  });

  it('drafts the 20 May statement on the claim alone and its update once the regulator is notified', () => {
    const first = ofCase.find((event) => event.step === 'draftClaimStatement');
    expect(first?.type === 'HoldingStatementDrafted' && first.payload.stage).toBe('claim');
    const update = ofCase.find((event) => event.step === 'draftHoldingStatement');
    expect(update?.type === 'HoldingStatementDrafted' && update.payload.stage).toBe('regulators-notified');
  });

  it('the closed case refuses a risk assessment', () => {
    const assessRisk = { ...seedStep('assessRisk'), at: '2021-07-31T08:00:00Z' };
    const closed = SEED_AFTERWARDS.slice(0, SEED_AFTERWARDS.indexOf(seedStep('closeCase')) + 1);
    expect(() => runSeedCase([...SEED_STORY, ...closed, assessRisk])).toThrow(/closed/i);
  });
});
