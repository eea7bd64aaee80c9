import { describe, expect, it } from '@jest/globals';
import { clockFactsFromEvents, clockStartedAt, type ClockFacts } from './clock-facts.js';
import { computeDeadlines } from './deadline-engine.js';
import { DEFAULT_REGULATORS, findRegulator } from './default-regulators.js';
import {
  MissingNotificationContentError,
  requireNotificationContent,
  validateNotificationContent,
} from './regulator-validation.js';
import { CLOCK_STARTS } from './regulator-definition.js';
import {
  CaseClosed,
  CaseReopened,
  RegulatorNotificationSupplemented,
  RegulatorNotified,
  ReportReceived,
  RiskAssessed,
  SampleVerified,
  type CaseEvent,
} from '../case/case-events.js';
import type { RiskLevel, SampleVerdict } from '../case/vocabulary.js';

const caseId = 'case-bpjs';
const received = ReportReceived.create({
  caseId,
  title: 'Alleged sale of 279M Indonesians’ records',
  jurisdictions: ['ID'],
  report: {
    receivedAt: '2021-05-20T06:00:00Z',
    channel: 'social-media',
    summary: 'Forum post offers BPJS member data with a free sample',
    claimedRecordCount: 279_000_000,
    dataCategories: ['national-id', 'name', 'phone'],
  },
});
const sample = (verifiedAt: string, verdict: SampleVerdict) =>
  SampleVerified.create({
    caseId,
    verifiedAt,
    sampleSize: 1_000_000,
    matchedRecords: 100_002,
    confirmedDataCategories: ['national-id'],
    method: 'Format and key match',
    verdict,
  });
const risk = (assessedAt: string, riskLevel: RiskLevel, estimatedAffectedSubjects: number) =>
  RiskAssessed.create({
    caseId,
    assessedAt,
    riskLevel,
    likelyConsequences: 'Fraud',
    estimatedAffectedSubjects,
  });

describe('clock facts from case events', () => {
  it('given only a report, then the facts hold its receipt and jurisdictions', () => {
    expect(clockFactsFromEvents([received])).toEqual({
      reportReceivedAt: '2021-05-20T06:00:00Z',
      jurisdictions: ['ID'],
      notifications: [],
    });
  });

  it('given confirmed samples recorded out of order, then awareness is the earliest confirmed verifiedAt', () => {
    const facts = clockFactsFromEvents([
      received,
      sample('2021-05-20T08:00:00Z', 'inconclusive'),
      sample('2021-05-21T12:00:00Z', 'confirmed'),
      sample('2021-05-21T10:00:00Z', 'confirmed'),
      sample('2021-05-22T10:00:00Z', 'not-ours'),
    ]);
    expect(facts.firstConfirmedSampleAt).toBe('2021-05-21T10:00:00Z');
  });

  it('given risk assessments, then materiality is the earliest critical one and the estimate the latest', () => {
    const facts = clockFactsFromEvents([
      received,
      risk('2021-05-20T09:00:00Z', 'high', 1_000),
      risk('2021-05-21T09:00:00Z', 'critical', 222_400_000),
      risk('2021-05-22T09:00:00Z', 'critical', 100_002),
    ]);
    expect(facts).toMatchObject({
      firstCriticalRiskAssessedAt: '2021-05-21T09:00:00Z',
      estimatedAffectedSubjects: 100_002,
    });
  });

  it('given a close and a reopen, then closure facts come and go; supplements add no notification', () => {
    const closed = [
      received,
      CaseClosed.create({
        caseId,
        closedAt: '2021-05-23T00:00:00Z',
        resolution: 'false-report',
      }),
    ];
    expect(clockFactsFromEvents(closed)).toMatchObject({
      closedAt: '2021-05-23T00:00:00Z',
      resolution: 'false-report',
    });
    const reopened: CaseEvent[] = [
      ...closed,
      CaseReopened.create({
        caseId,
        reopenedAt: '2021-05-24T00:00:00Z',
        reason: 'New sample surfaced',
      }),
      RegulatorNotificationSupplemented.create({
        caseId,
        notificationId: 'n-1',
        supplementId: 's-1',
        regulatorId: 'id-pdp',
        supplementedAt: '2021-05-24T01:00:00Z',
        content: { cause: 'x' },
      }),
    ];
    const facts = clockFactsFromEvents(reopened);
    expect(facts.closedAt).toBeUndefined();
    expect(facts.resolution).toBeUndefined();
    expect(facts.notifications).toEqual([]);
  });

  it('given a stream not starting with ReportReceived, then it is refused as corrupt', () => {
    expect(() => clockFactsFromEvents([])).toThrow(/Corrupt case stream/);
    expect(() => clockFactsFromEvents([sample('2021-05-21T10:00:00Z', 'confirmed')])).toThrow(/Corrupt case stream/);
    expect(() => clockFactsFromEvents([received, received])).toThrow(/second ReportReceived/);
  });

  it('maps every clock start to a case fact', () => {
    const facts: ClockFacts = {
      reportReceivedAt: 'R',
      jurisdictions: [],
      firstConfirmedSampleAt: 'S',
      firstCriticalRiskAssessedAt: 'C',
      notifications: [],
    };
    expect(Object.fromEntries(CLOCK_STARTS.map((start) => [start, clockStartedAt(facts, start)]))).toEqual({
      awareness: 'S',
      'knowledge-of-failure': 'S',
      'assessed-notifiable': 'S',
      'reasonable-suspicion': 'R',
      discovery: 'S',
      'materiality-determination': 'C',
    });
  });
});

describe('the seed case: BPJS Kesehatan, May 2021, notified to the Indonesian PDP agency', () => {
  const pdp = findRegulator(DEFAULT_REGULATORS, 'id-pdp')!;
  const complete = {
    dataExposed: 'NIK, name, phone, address of up to 100,002 members in the checked sample',
    whenAndHow: 'Offered for sale on an online forum from about 20 May 2021; source being traced',
    handlingAndRecovery: 'Special team tracing the source; download links taken down',
  };
  const events: CaseEvent[] = [
    received,
    sample('2021-05-21T10:00:00Z', 'confirmed'),
    RegulatorNotified.create({
      caseId,
      notificationId: 'n-1',
      regulatorId: 'id-pdp',
      notifiedAt: '2021-05-22T08:00:00Z',
      content: complete,
    }),
  ];

  it('given all three UU PDP Art. 46 fields, then the notification is accepted', () => {
    expect(validateNotificationContent(pdp, complete)).toEqual({
      missing: [],
      unknown: [],
    });
    expect(() => requireNotificationContent(pdp, complete)).not.toThrow();
  });

  it('given handling and recovery left out, then it is refused with a 400 listing the missing field', () => {
    const { handlingAndRecovery: _left, ...incomplete } = complete;
    expect(validateNotificationContent(pdp, incomplete).missing).toEqual(['handlingAndRecovery']);
    let error: unknown;
    try {
      requireNotificationContent(pdp, incomplete);
    } catch (thrown) {
      error = thrown;
    }
    expect(error).toBeInstanceOf(MissingNotificationContentError);
    expect(error).toMatchObject({
      field: 'content',
      rule: 'required-by-regulator',
      missing: ['handlingAndRecovery'],
    });
    expect((error as Error).message).toContain('UU PDP 27/2022 Art. 46');
    expect((error as Error).message).toContain('handlingAndRecovery');
  });

  it('given the case events, then the PDP clock is due 72 hours after the confirmed sample and met', () => {
    const statuses = computeDeadlines(
      clockFactsFromEvents(events),
      DEFAULT_REGULATORS,
      new Date('2021-05-23T00:00:00Z'),
    );
    expect(statuses.find((s) => s.regulatorId === 'id-pdp')).toEqual({
      regulatorId: 'id-pdp',
      regulatorName: 'PDP agency (Komdigi until it operates)',
      state: 'met',
      clockStartedAt: '2021-05-21T10:00:00.000Z',
      dueAt: '2021-05-24T10:00:00.000Z',
      notificationId: 'n-1',
      notifiedAt: '2021-05-22T08:00:00Z',
    });
    expect(statuses.find((s) => s.regulatorId === 'id-kominfo-pm20')).toMatchObject({
      state: 'pending',
      dueAt: '2021-06-04T10:00:00.000Z',
    });
  });
});
