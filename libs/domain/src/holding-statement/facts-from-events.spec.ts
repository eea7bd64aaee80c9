import { describe, expect, it } from '@jest/globals';
import {
  CaseClosed,
  CaseReopened,
  HoldingStatementDrafted,
  NotifiabilityAssessed,
  RegulatorNotified,
  ReportReceived,
  SampleVerified,
} from '../case/case-events.js';
import { DEFAULT_REGULATORS } from '../regulators/default-regulators.js';
import { evaluateNotifiability } from '../regulators/notifiability.js';
import { composeHoldingStatement } from './compose.js';
import { holdingStatementFactsFromEvents, type VersionedCaseEvent } from './facts-from-events.js';

const caseId = 'case-1';
const at = (version: number, event: { type: string; schemaVersion: number; payload: unknown }) =>
  ({ ...event, version }) as VersionedCaseEvent;
const report = at(
  1,
  ReportReceived.create({
    caseId,
    title: 'Alleged sale of 279M records',
    jurisdictions: ['ID'],
    report: {
      receivedAt: '2021-05-20T03:00:00Z',
      channel: 'social-media',
      summary: 'Forum post',
      claimedRecordCount: 279_000_000,
      sourceUrl: 'https://forum.example/t/1',
      dataCategories: ['national-id', 'name'],
    },
  }),
);
const sample = at(
  2,
  SampleVerified.create({
    caseId,
    verifiedAt: '2021-05-21T10:00:00Z',
    sampleSize: 100_002,
    matchedRecords: 100_002,
    confirmedDataCategories: ['national-id'],
    method: 'format check',
    verdict: 'confirmed',
  }),
);
const names = (id: string) => ({ 'id-pdp': 'Lembaga PDP' })[id] ?? id;

describe('holding statement facts from case events', () => {
  it('given a report and a confirmed sample, then the facts carry the claim, the sample and their version', () => {
    const facts = holdingStatementFactsFromEvents([report, sample], names);
    expect(facts).toEqual({
      factsVersion: 2,
      title: 'Alleged sale of 279M records',
      claim: {
        channel: 'social-media',
        receivedAt: '2021-05-20T03:00:00Z',
        claimedRecordCount: 279_000_000,
        sourceUrl: 'https://forum.example/t/1',
        dataCategories: ['national-id', 'name'],
      },
      sample: {
        verdict: 'confirmed',
        sampleSize: 100_002,
        matchedRecords: 100_002,
        confirmedDataCategories: ['national-id'],
        verifiedAt: '2021-05-21T10:00:00Z',
      },
      regulatorsNotified: [],
      recordedFacts: {},
    });
  });

  it('given a notification, then the regulator is named from the registry', () => {
    const notified = at(
      3,
      RegulatorNotified.create({
        caseId,
        notificationId: 'n1',
        regulatorId: 'id-pdp',
        notifiedAt: '2021-05-22T12:00:00Z',
        content: { a: 'b' },
      }),
    );
    expect(holdingStatementFactsFromEvents([report, sample, notified], names).regulatorsNotified).toEqual([
      { regulatorId: 'id-pdp', regulatorName: 'Lembaga PDP', notifiedAt: '2021-05-22T12:00:00Z' },
    ]);
  });

  it('given a statement event after the facts, then factsVersion stays at the last fact', () => {
    const drafted = at(
      3,
      HoldingStatementDrafted.create({
        caseId,
        statementId: 's1',
        language: 'id',
        stage: 'sample-confirmed',
        heading: 'h',
        points: ['p'],
        text: 't',
        factsVersion: 2,
        composedAt: '2021-05-21T11:00:00Z',
        includeSourceDetails: false,
        draftedBy: 'citra',
      }),
    );
    expect(holdingStatementFactsFromEvents([report, sample, drafted], names).factsVersion).toBe(2);
  });

  it('given a closure and a reopening, then the closure is gone again', () => {
    const closed = at(
      3,
      CaseClosed.create({ caseId, closedAt: '2021-05-23T00:00:00Z', resolution: 'breach-remediated' }),
    );
    expect(holdingStatementFactsFromEvents([report, sample, closed], names).closure).toEqual({
      resolution: 'breach-remediated',
      closedAt: '2021-05-23T00:00:00Z',
    });
    const reopened = at(4, CaseReopened.create({ caseId, reopenedAt: '2021-05-24T00:00:00Z', reason: 'r' }));
    expect(holdingStatementFactsFromEvents([report, sample, closed, reopened], names)).not.toHaveProperty('closure');
  });
});

describe('holding-statement facts: the notifiability outcome', () => {
  const names: Record<string, string> = { 'id-pdp': 'PDP agency', 'id-kominfo-pm20': 'Data owners' };
  const facts = {
    affectedSubjects: 100_002,
    dataCategories: ['national-id' as const],
    confidentiality: 'exfiltrated' as const,
    integrity: false,
    availability: 'none' as const,
    dataUnintelligible: false,
    harmRemediated: false,
    riskToIndividuals: 'high' as const,
  };
  const assessed = at(
    3,
    NotifiabilityAssessed.create({
      caseId,
      assessedAt: '2021-05-21T11:00:00Z',
      ...facts,
      outcomes: evaluateNotifiability(
        facts,
        DEFAULT_REGULATORS.filter((r) => r.jurisdiction === 'ID'),
      ),
      changes: [],
    }),
  );
  const profile = { name: 'BPJS Kesehatan' };
  const now = new Date('2021-05-21T12:00:00Z');

  it('given regulators the assessment requires, then the statement says they will be told, by their names', () => {
    const derived = holdingStatementFactsFromEvents([report, sample, assessed], (id) => names[id] ?? id);
    expect(derived.regulatorsToNotify?.map((r) => r.regulatorId)).toEqual(['id-pdp', 'id-kominfo-pm20']);
    const statement = composeHoldingStatement(derived, profile, { language: 'en', now });
    expect(statement.text).toContain(
      'We will also report this incident to PDP agency and Data owners, as the law requires.',
    );
  });

  it('given one of them notified since, then it is named as told and no longer as to be told', () => {
    const notifiedPdp = at(
      4,
      RegulatorNotified.create({
        caseId,
        notificationId: 'n-1',
        regulatorId: 'id-pdp',
        notifiedAt: '2021-05-21T11:30:00Z',
        content: { dataExposed: 'x' },
      }),
    );
    const derived = holdingStatementFactsFromEvents([report, sample, assessed, notifiedPdp], (id) => names[id] ?? id);
    const statement = composeHoldingStatement(derived, profile, { language: 'en', now });
    expect(statement.text).toContain('We have reported this incident to PDP agency');
    expect(statement.text).toContain('We will also report this incident to Data owners, as the law requires.');
  });
});
