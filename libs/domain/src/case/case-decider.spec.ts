import { describe, expect, it } from '@jest/globals';
import { decide, evolve, evolveAll } from './case-decider.js';
import type { CaseCommand, CaseCommandType } from './case-commands.js';
import {
  CASE_EVENT_DEFINITIONS,
  CaseClosed,
  CaseReopened,
  DataSubjectsNotified,
  HoldingStatementApproved,
  HoldingStatementDrafted,
  type HoldingStatementDraftedPayload,
  HoldingStatementPublished,
  HoldingStatementWithdrawn,
  InvestigatorAssigned,
  RegulatorAcknowledged,
  RegulatorNotificationSupplemented,
  RegulatorNotified,
  ReportReceived,
  RiskAssessed,
  SampleVerified,
  SourceTraced,
  type CaseEvent,
} from './case-events.js';
import { initialCaseState } from './case-state.js';
import { DEFAULT_REGULATORS } from '../regulators/default-regulators.js';
import type { CaseResolution, SampleVerdict, SourceVector } from './vocabulary.js';
import type { Actor } from '../shared/actor.js';
import { DomainValidationError, ForbiddenActionError, IllegalTransitionError } from '../shared/domain-errors.js';

const caseId = 'case-1';
const metadata = { now: new Date('2021-05-22T12:00:00Z'), actor: { name: 'ana', role: 'investigator' as const } };
const report = {
  caseId,
  title: 'Alleged sale of 279M member records',
  jurisdictions: ['ID' as const],
  report: {
    receivedAt: '2021-05-20T06:00:00Z',
    channel: 'social-media' as const,
    summary: 'Forum post offers member data',
    dataCategories: ['national-id' as const],
  },
};

type CommandData<T extends CaseCommandType> = Extract<CaseCommand, { type: T }>['data'];

/** A valid command of each type against a case that has what the command needs. */
const valid = {
  ReceiveReport: report,
  AssignInvestigator: { caseId, investigator: 'Ana Putri', assignedAt: '2021-05-20T07:00:00Z' },
  AssessRisk: {
    caseId,
    assessedAt: '2021-05-20T09:00:00Z',
    riskLevel: 'high',
    likelyConsequences: 'Identity fraud and targeted phishing',
    estimatedAffectedSubjects: 222_400_000,
  },
  AssessNotifiability: {
    caseId,
    assessedAt: '2021-05-20T11:00:00Z',
    affectedSubjects: 100_002,
    dataCategories: ['national-id', 'name'],
    confidentiality: 'exfiltrated',
    integrity: false,
    availability: 'none',
    dataUnintelligible: false,
    harmRemediated: false,
    riskToIndividuals: 'high',
  },
  VerifySample: {
    caseId,
    verifiedAt: '2021-05-20T10:00:00Z',
    sampleSize: 1_000_000,
    matchedRecords: 100_002,
    confirmedDataCategories: ['national-id', 'name', 'phone'],
    method: 'Format and key match against the membership database',
    verdict: 'confirmed',
  },
  TraceSource: {
    caseId,
    tracedAt: '2021-05-20T12:00:00Z',
    sourceSystem: 'membership-db',
    vector: 'unknown',
    viaPartner: false,
    confidence: 'low',
    summary: 'Special team tracing the source',
  },
  NotifyRegulator: {
    caseId,
    notificationId: 'notif-1',
    regulatorId: 'komdigi',
    notifiedAt: '2021-05-20T14:00:00Z',
    content: { dataExposed: 'NIK, name, phone', whenAndHow: 'Under investigation', handling: 'Links taken down' },
  },
  SupplementRegulatorNotification: {
    caseId,
    notificationId: 'notif-1',
    supplementId: 'supp-1',
    supplementedAt: '2021-05-21T08:00:00Z',
    content: { cause: 'Compromised vendor credential' },
  },
  RecordRegulatorAcknowledgement: {
    caseId,
    notificationId: 'notif-1',
    regulatorId: 'komdigi',
    acknowledgedAt: '2021-05-20T16:00:00Z',
  },
  NotifyDataSubjects: {
    caseId,
    notifiedAt: '2021-05-21T09:00:00Z',
    channel: 'public-notice',
    subjectCount: 100_002,
    messageSummary: 'What happened and what members can do',
  },
  CloseCase: { caseId, closedAt: '2021-05-22T10:00:00Z', resolution: 'breach-remediated' },
  ReopenCase: { caseId, reopenedAt: '2021-05-22T11:00:00Z', reason: 'A second sample surfaced' },
  DraftHoldingStatement: {
    caseId,
    statementId: 'statement-1',
    language: 'id',
    stage: 'claim',
    heading: 'Pernyataan Sementara',
    points: ['Menanggapi informasi yang beredar …'],
    text: '1. Menanggapi informasi yang beredar …',
    factsVersion: 1,
    composedAt: '2021-05-20T08:00:00Z',
    includeSourceDetails: false,
  },
  ApproveHoldingStatement: { caseId, statementId: 'statement-1', approvedAt: '2021-05-20T08:30:00Z' },
  PublishHoldingStatement: { caseId, statementId: 'statement-1', publishedAt: '2021-05-20T09:00:00Z' },
  WithdrawHoldingStatement: {
    caseId,
    statementId: 'statement-1',
    withdrawnAt: '2021-05-21T09:00:00Z',
    reason: 'Superseded by the press conference',
  },
  EraseCaseData: { caseId, reason: 'Retention period ended' },
} satisfies { [T in CaseCommandType]: CommandData<T> };

/** Overrides may hold invalid values on purpose: the decider must refuse them at run time. */
function command<T extends CaseCommandType>(type: T, overrides: { [K in keyof CommandData<T>]?: unknown } = {}) {
  return { type, data: { ...valid[type], ...overrides }, metadata, regulators: DEFAULT_REGULATORS } as CaseCommand;
}

const received = ReportReceived.create(report);
const verified = (verdict: SampleVerdict = 'confirmed') =>
  SampleVerified.create({
    ...valid.VerifySample,
    verdict,
    confirmedDataCategories: verdict === 'confirmed' ? valid.VerifySample.confirmedDataCategories : [],
  });
const notified = (notificationId = 'notif-1', regulatorId = 'komdigi') =>
  RegulatorNotified.create({ ...valid.NotifyRegulator, notificationId, regulatorId });
const acknowledged = RegulatorAcknowledged.create(valid.RecordRegulatorAcknowledgement);
const closed = (resolution: CaseResolution = 'false-report') =>
  CaseClosed.create({ caseId, closedAt: '2021-05-22T10:00:00Z', resolution });
const confirmedBreach = [received, verified('confirmed')];

function rejectionOf(run: () => unknown): unknown {
  try {
    run();
  } catch (error) {
    return error;
  }
  throw new Error('expected the command to be refused, but it was accepted');
}

const given = (events: CaseEvent[]) => ({
  when: (cmd: CaseCommand) => {
    const run = () => decide(cmd, evolveAll(events));
    return {
      thenEvents: (expected: CaseEvent[]) => expect(run()).toStrictEqual(expected),
      thenIllegal: (rule: string) => {
        const error = rejectionOf(run);
        expect(error).toBeInstanceOf(IllegalTransitionError);
        expect(error).toMatchObject({ rule });
        return error as IllegalTransitionError;
      },
      thenForbidden: (rule: string) => {
        const error = rejectionOf(run);
        expect(error).toBeInstanceOf(ForbiddenActionError);
        expect(error).toMatchObject({ rule });
      },
      thenInvalid: (field: string, rule: string) => {
        const error = rejectionOf(run);
        expect(error).toBeInstanceOf(DomainValidationError);
        expect(error).toMatchObject({ field, rule });
      },
    };
  },
});

type CommandOnExistingCase = Exclude<CaseCommandType, 'ReceiveReport'>;
const allButReceive = Object.keys(valid).filter((t) => t !== 'ReceiveReport') as CommandOnExistingCase[];
const statementCommandTypes: readonly CaseCommandType[] = [
  'DraftHoldingStatement',
  'ApproveHoldingStatement',
  'PublishHoldingStatement',
  'WithdrawHoldingStatement',
];

describe('case decider: ReceiveReport', () => {
  it('opens a case from a report', () => {
    given([])
      .when(command('ReceiveReport'))
      .thenEvents([{ type: 'ReportReceived', schemaVersion: 1, payload: report }]);
  });

  it('refuses a second report on an existing case', () => {
    given([received]).when(command('ReceiveReport')).thenIllegal('case-already-exists');
  });

  it('refuses a report received in the future', () => {
    given([])
      .when(command('ReceiveReport', { report: { ...report.report, receivedAt: '2021-05-23T00:00:00Z' } }))
      .thenInvalid('report.receivedAt', 'not-in-future');
  });

  it('refuses a claimed record count that is not a whole number', () => {
    given([])
      .when(command('ReceiveReport', { report: { ...report.report, claimedRecordCount: 2.5 } }))
      .thenInvalid('report.claimedRecordCount', 'non-negative-integer');
  });

  it('refuses a channel outside the vocabulary', () => {
    given([])
      .when(command('ReceiveReport', { report: { ...report.report, channel: 'pigeon' } }))
      .thenInvalid('report.channel', 'in-vocabulary');
  });
});

describe('case decider: lifecycle guards', () => {
  it.each(allButReceive)('%s on an absent case is case-not-found', (type) => {
    given([]).when(command(type)).thenIllegal('case-not-found');
  });

  // Statement commands are left out: a closed case may still get a closing statement (see holding statements).
  it.each(allButReceive.filter((t) => t !== 'ReopenCase' && !statementCommandTypes.includes(t)))(
    '%s on a closed case is refused as case-closed',
    (type) => {
      given([received, closed()]).when(command(type)).thenIllegal('case-closed');
    },
  );

  it('drafts a holding statement on a closed case (a closing statement)', () => {
    given([received, closed()])
      .when(command('DraftHoldingStatement', { factsVersion: 2 }))
      .thenEvents([
        HoldingStatementDrafted.create({
          ...valid.DraftHoldingStatement,
          factsVersion: 2,
          composedAt: metadata.now.toISOString(),
          draftedBy: 'ana',
        }),
      ]);
  });

  it('refuses to reopen an open case', () => {
    given([received]).when(command('ReopenCase')).thenIllegal('case-not-closed');
  });

  it('refuses a command addressed to another case', () => {
    given([received])
      .when(command('AssignInvestigator', { caseId: 'case-2' }))
      .thenInvalid('caseId', 'matches-case');
  });
});

describe('case decider: event times', () => {
  const timeFields = [
    ['AssignInvestigator', 'assignedAt'],
    ['AssessRisk', 'assessedAt'],
    ['AssessNotifiability', 'assessedAt'],
    ['VerifySample', 'verifiedAt'],
    ['TraceSource', 'tracedAt'],
    ['NotifyRegulator', 'notifiedAt'],
    ['SupplementRegulatorNotification', 'supplementedAt'],
    ['RecordRegulatorAcknowledgement', 'acknowledgedAt'],
    ['NotifyDataSubjects', 'notifiedAt'],
    ['CloseCase', 'closedAt'],
    ['ReopenCase', 'reopenedAt'],
  ] as const;
  const caseWhere = (type: CaseCommandType) =>
    type === 'ReopenCase' ? [received, closed()] : [...confirmedBreach, notified()];

  it.each(timeFields)('%s.%s before the report was received is refused', (type, field) => {
    given(caseWhere(type))
      .when(command(type, { [field]: '2021-05-20T05:59:59Z' }))
      .thenInvalid(field, 'not-before-report');
  });

  it.each(timeFields)('%s.%s more than 5 minutes in the future is refused', (type, field) => {
    given(caseWhere(type))
      .when(command(type, { [field]: '2021-05-22T12:05:01Z' }))
      .thenInvalid(field, 'not-in-future');
  });

  it('accepts a time up to 5 minutes ahead of the clock (skew)', () => {
    given([received])
      .when(command('AssignInvestigator', { assignedAt: '2021-05-22T12:05:00Z' }))
      .thenEvents([InvestigatorAssigned.create({ ...valid.AssignInvestigator, assignedAt: '2021-05-22T12:05:00Z' })]);
  });

  it.each(['yesterday', '2021-05-20 10:00', '2021-05-20T10:00:00', 1621500000000])(
    'refuses %p, which is not an ISO-8601 instant with a time zone',
    (verifiedAt) => {
      given([received]).when(command('VerifySample', { verifiedAt })).thenInvalid('verifiedAt', 'iso-8601-instant');
    },
  );
});

describe('case decider: AssignInvestigator', () => {
  it('assigns an investigator, with an optional note', () => {
    given([received])
      .when(command('AssignInvestigator', { note: 'Lead for the BPJS claim' }))
      .thenEvents([InvestigatorAssigned.create({ ...valid.AssignInvestigator, note: 'Lead for the BPJS claim' })]);
  });

  it('omits an absent note rather than storing undefined', () => {
    const [event] = decide(command('AssignInvestigator', { note: undefined }), evolveAll([received]));
    expect(Object.keys(event!.payload)).not.toContain('note');
  });

  it('refuses a blank investigator name', () => {
    given([received])
      .when(command('AssignInvestigator', { investigator: '  ' }))
      .thenInvalid('investigator', 'required');
  });
});

describe('case decider: AssessRisk', () => {
  it('records the risk assessment', () => {
    given([received])
      .when(command('AssessRisk'))
      .thenEvents([RiskAssessed.create(valid.AssessRisk)]);
  });

  it.each([-1, 1.5, Number.NaN, Number.POSITIVE_INFINITY, '10'])(
    'refuses estimatedAffectedSubjects %p',
    (estimatedAffectedSubjects) => {
      given([received])
        .when(command('AssessRisk', { estimatedAffectedSubjects }))
        .thenInvalid('estimatedAffectedSubjects', 'non-negative-integer');
    },
  );

  it('refuses a risk level outside the vocabulary', () => {
    given([received])
      .when(command('AssessRisk', { riskLevel: 'extreme' }))
      .thenInvalid('riskLevel', 'in-vocabulary');
  });
});

describe('case decider: VerifySample', () => {
  it('records the outcome of a sample check', () => {
    given([received])
      .when(command('VerifySample'))
      .thenEvents([SampleVerified.create(valid.VerifySample)]);
  });

  it('never stores leaked records, even when a command carries them', () => {
    const leaky = command('VerifySample', { leakedRecords: [{ nik: '3171234567890001' }] } as never);
    const [event] = decide(leaky, evolveAll([received]));
    expect(event).toStrictEqual(SampleVerified.create(valid.VerifySample));
  });

  it('refuses more matched records than the sample holds', () => {
    given([received])
      .when(command('VerifySample', { sampleSize: 10, matchedRecords: 11 }))
      .thenInvalid('matchedRecords', 'matched-within-sample');
  });

  it('refuses an empty sample', () => {
    given([received])
      .when(command('VerifySample', { sampleSize: 0, matchedRecords: 0 }))
      .thenInvalid('sampleSize', 'positive-integer');
  });

  it('refuses a negative matched-records count', () => {
    given([received])
      .when(command('VerifySample', { matchedRecords: -1 }))
      .thenInvalid('matchedRecords', 'non-negative-integer');
  });

  it('refuses a confirmed verdict that names no data category', () => {
    given([received])
      .when(command('VerifySample', { confirmedDataCategories: [] }))
      .thenInvalid('confirmedDataCategories', 'required-when-confirmed');
  });

  it('accepts a not-ours verdict without categories', () => {
    const notOurs = { verdict: 'not-ours' as const, matchedRecords: 0, confirmedDataCategories: [] };
    given([received])
      .when(command('VerifySample', notOurs))
      .thenEvents([SampleVerified.create({ ...valid.VerifySample, ...notOurs })]);
  });

  it('may be repeated: a later verdict overrides the earlier one', () => {
    given([...confirmedBreach, verified('inconclusive')])
      .when(command('NotifyRegulator'))
      .thenIllegal('notification-requires-confirmed-sample');
    given([received, verified('not-ours'), verified('confirmed')])
      .when(command('NotifyRegulator'))
      .thenEvents([RegulatorNotified.create(valid.NotifyRegulator)]);
  });
});

describe('case decider: TraceSource', () => {
  it('records the traced source', () => {
    given([received])
      .when(command('TraceSource', { containment: 'Vendor credential revoked' }))
      .thenEvents([SourceTraced.create({ ...valid.TraceSource, containment: 'Vendor credential revoked' })]);
  });

  it('may be repeated as the trace is refined', () => {
    const refined = { vector: 'hacking:use-of-stolen-credentials', viaPartner: true, confidence: 'high' } as const;
    given([received, SourceTraced.create(valid.TraceSource)])
      .when(command('TraceSource', refined))
      .thenEvents([SourceTraced.create({ ...valid.TraceSource, ...refined })]);
  });

  it('refuses a vector outside the vocabulary', () => {
    given([received])
      .when(command('TraceSource', { vector: 'aliens' }))
      .thenInvalid('vector', 'in-vocabulary');
  });

  it.each(['error:misdelivery', 'social:phishing', 'malware:ransomware', 'physical:theft', 'misuse:privilege-abuse'])(
    'records the VERIS vector %s',
    (vector) => {
      given([received])
        .when(command('TraceSource', { vector }))
        .thenEvents([SourceTraced.create({ ...valid.TraceSource, vector: vector as SourceVector })]);
    },
  );

  it('given viaPartner left out, then no partner is recorded as involved', () => {
    const { viaPartner: _, ...withoutPartner } = valid.TraceSource;
    given([received])
      .when({ type: 'TraceSource', data: withoutPartner, metadata })
      .thenEvents([SourceTraced.create({ ...valid.TraceSource, viaPartner: false })]);
  });

  it('refuses a version-1 vector name: new commands use the VERIS names', () => {
    given([received])
      .when(command('TraceSource', { vector: 'compromised-vendor-credential' }))
      .thenInvalid('vector', 'in-vocabulary');
  });

  it('refuses a viaPartner that is not true or false', () => {
    given([received])
      .when(command('TraceSource', { viaPartner: 'yes' }))
      .thenInvalid('viaPartner', 'boolean');
  });
});

describe('case decider: NotifyRegulator', () => {
  it('notifies a regulator once a sample is confirmed', () => {
    given(confirmedBreach)
      .when(command('NotifyRegulator'))
      .thenEvents([RegulatorNotified.create(valid.NotifyRegulator)]);
  });

  it('notifies a second, different regulator', () => {
    given([...confirmedBreach, notified()])
      .when(command('NotifyRegulator', { notificationId: 'notif-2', regulatorId: 'pdpc' }))
      .thenEvents([
        RegulatorNotified.create({ ...valid.NotifyRegulator, notificationId: 'notif-2', regulatorId: 'pdpc' }),
      ]);
  });

  it.each([[[received]], [[received, verified('inconclusive')]], [[received, verified('not-ours')]]])(
    'refuses without a confirmed latest sample (given %#)',
    (events) => {
      given(events).when(command('NotifyRegulator')).thenIllegal('notification-requires-confirmed-sample');
    },
  );

  it('refuses to notify the same regulator twice (supplements are for follow-ups)', () => {
    given([...confirmedBreach, notified()])
      .when(command('NotifyRegulator', { notificationId: 'notif-2' }))
      .thenIllegal('regulator-already-notified');
  });

  it('refuses a notification id already used', () => {
    given([...confirmedBreach, notified()])
      .when(command('NotifyRegulator', { regulatorId: 'pdpc' }))
      .thenIllegal('notification-id-taken');
  });

  it.each([{ 'a.b': 'x' }, { $where: 'x' }, { '': 'x' }])('refuses the unsafe content field name in %p', (content) => {
    given(confirmedBreach).when(command('NotifyRegulator', { content })).thenInvalid('content', 'safe-field-name');
  });

  it('refuses empty content', () => {
    given(confirmedBreach)
      .when(command('NotifyRegulator', { content: {} }))
      .thenInvalid('content', 'non-empty');
  });

  it('refuses content that is not text', () => {
    given(confirmedBreach)
      .when(command('NotifyRegulator', { content: { records: ['a', 'b'] } }))
      .thenInvalid('content.records', 'text');
  });
});

describe('case decider: SupplementRegulatorNotification', () => {
  it('supplements a notification, naming its regulator', () => {
    given([...confirmedBreach, notified()])
      .when(command('SupplementRegulatorNotification', { reasonForDelay: 'Scope known only after tracing' }))
      .thenEvents([
        RegulatorNotificationSupplemented.create({
          ...valid.SupplementRegulatorNotification,
          regulatorId: 'komdigi',
          reasonForDelay: 'Scope known only after tracing',
        }),
      ]);
  });

  it('supplements an acknowledged notification too', () => {
    given([...confirmedBreach, notified(), acknowledged])
      .when(command('SupplementRegulatorNotification'))
      .thenEvents([
        RegulatorNotificationSupplemented.create({ ...valid.SupplementRegulatorNotification, regulatorId: 'komdigi' }),
      ]);
  });

  it('refuses an unknown notification', () => {
    given(confirmedBreach).when(command('SupplementRegulatorNotification')).thenIllegal('unknown-notification');
  });

  it('refuses a supplement id already used', () => {
    const earlier = RegulatorNotificationSupplemented.create({
      ...valid.SupplementRegulatorNotification,
      regulatorId: 'komdigi',
    });
    given([...confirmedBreach, notified(), earlier])
      .when(command('SupplementRegulatorNotification'))
      .thenIllegal('supplement-id-taken');
  });

  it('refuses a supplement dated before the notification', () => {
    given([...confirmedBreach, notified()])
      .when(command('SupplementRegulatorNotification', { supplementedAt: '2021-05-20T13:59:59Z' }))
      .thenInvalid('supplementedAt', 'not-before-notification');
  });
});

describe('case decider: RecordRegulatorAcknowledgement', () => {
  it('records the acknowledgement, with the regulator reference', () => {
    given([...confirmedBreach, notified()])
      .when(command('RecordRegulatorAcknowledgement', { reference: 'KOMDIGI-2021-0042' }))
      .thenEvents([
        RegulatorAcknowledged.create({ ...valid.RecordRegulatorAcknowledgement, reference: 'KOMDIGI-2021-0042' }),
      ]);
  });

  it('refuses an unknown notification', () => {
    given(confirmedBreach).when(command('RecordRegulatorAcknowledgement')).thenIllegal('unknown-notification');
  });

  it('refuses an acknowledgement by another regulator than the one notified', () => {
    given([...confirmedBreach, notified()])
      .when(command('RecordRegulatorAcknowledgement', { regulatorId: 'pdpc' }))
      .thenIllegal('acknowledgement-regulator-mismatch');
  });

  it('refuses a second acknowledgement', () => {
    given([...confirmedBreach, notified(), acknowledged])
      .when(command('RecordRegulatorAcknowledgement'))
      .thenIllegal('already-acknowledged');
  });

  it('refuses an acknowledgement dated before the notification', () => {
    given([...confirmedBreach, notified()])
      .when(command('RecordRegulatorAcknowledgement', { acknowledgedAt: '2021-05-20T13:00:00Z' }))
      .thenInvalid('acknowledgedAt', 'not-before-notification');
  });
});

describe('case decider: NotifyDataSubjects', () => {
  it('records that data subjects were notified', () => {
    given(confirmedBreach)
      .when(command('NotifyDataSubjects'))
      .thenEvents([DataSubjectsNotified.create(valid.NotifyDataSubjects)]);
  });

  it('refuses without a confirmed latest sample', () => {
    given([received, verified('inconclusive')])
      .when(command('NotifyDataSubjects'))
      .thenIllegal('subject-notification-requires-confirmed-sample');
  });

  it('refuses a negative subject count', () => {
    given(confirmedBreach)
      .when(command('NotifyDataSubjects', { subjectCount: -5 }))
      .thenInvalid('subjectCount', 'non-negative-integer');
  });

  it('refuses a channel outside the vocabulary', () => {
    given(confirmedBreach)
      .when(command('NotifyDataSubjects', { channel: 'fax' }))
      .thenInvalid('channel', 'in-vocabulary');
  });
});

describe('case decider: CloseCase', () => {
  const closeAs = (resolution: CaseResolution, extra: { note?: string; duplicateOfCaseId?: string } = {}) =>
    command('CloseCase', { resolution, ...extra });
  const closedEvent = (resolution: CaseResolution, extra: { note?: string; duplicateOfCaseId?: string } = {}) =>
    CaseClosed.create({ ...valid.CloseCase, resolution, ...extra });

  it('closes a confirmed, notified breach as breach-remediated', () => {
    given([...confirmedBreach, notified()])
      .when(closeAs('breach-remediated'))
      .thenEvents([closedEvent('breach-remediated')]);
  });

  it('refuses breach-remediated without a confirmed sample', () => {
    given([received, verified('inconclusive')])
      .when(closeAs('breach-remediated'))
      .thenIllegal('remediation-requires-confirmed-sample');
  });

  it('refuses breach-remediated before any regulator was notified', () => {
    given(confirmedBreach)
      .when(closeAs('breach-remediated'))
      .thenIllegal('remediation-requires-regulator-notification');
  });

  it('closes a not-ours case as not-our-data without any notification', () => {
    given([received, verified('not-ours')])
      .when(closeAs('not-our-data', { note: 'Foreign insurer concern, not a breach' }))
      .thenEvents([closedEvent('not-our-data', { note: 'Foreign insurer concern, not a breach' })]);
  });

  it.each([[[received]], [[received, verified('inconclusive')]], [confirmedBreach]])(
    'refuses not-our-data unless the latest verdict is not-ours (given %#)',
    (events) => {
      given(events).when(closeAs('not-our-data')).thenIllegal('not-our-data-requires-not-ours-verdict');
    },
  );

  it('closes an unverified claim as false-report', () => {
    given([received, verified('inconclusive')])
      .when(closeAs('false-report'))
      .thenEvents([closedEvent('false-report')]);
  });

  it('refuses to close a confirmed breach as false-report', () => {
    given(confirmedBreach).when(closeAs('false-report')).thenIllegal('false-report-contradicts-confirmed-sample');
  });

  it('closes a duplicate, naming the original case', () => {
    given([received])
      .when(closeAs('duplicate', { duplicateOfCaseId: 'case-0' }))
      .thenEvents([closedEvent('duplicate', { duplicateOfCaseId: 'case-0' })]);
  });

  it('refuses a duplicate without the original case', () => {
    given([received]).when(closeAs('duplicate')).thenInvalid('duplicateOfCaseId', 'required-for-duplicate');
  });

  it('refuses a duplicate of itself', () => {
    given([received])
      .when(closeAs('duplicate', { duplicateOfCaseId: caseId }))
      .thenInvalid('duplicateOfCaseId', 'not-own-case');
  });

  it('refuses duplicateOfCaseId with another resolution', () => {
    given([received])
      .when(closeAs('false-report', { duplicateOfCaseId: 'case-0' }))
      .thenInvalid('duplicateOfCaseId', 'only-for-duplicate');
  });

  it('refuses a resolution outside the vocabulary', () => {
    given([received])
      .when(closeAs('solved' as CaseResolution))
      .thenInvalid('resolution', 'in-vocabulary');
  });
});

describe('case decider: ReopenCase', () => {
  it('reopens a closed case', () => {
    given([received, closed()])
      .when(command('ReopenCase'))
      .thenEvents([CaseReopened.create(valid.ReopenCase)]);
  });

  it('accepts commands again once reopened', () => {
    given([received, closed(), CaseReopened.create(valid.ReopenCase)])
      .when(command('VerifySample'))
      .thenEvents([SampleVerified.create(valid.VerifySample)]);
  });

  it('keeps earlier notifications after reopening', () => {
    given([...confirmedBreach, notified(), closed('breach-remediated'), CaseReopened.create(valid.ReopenCase)])
      .when(command('NotifyRegulator', { notificationId: 'notif-2' }))
      .thenIllegal('regulator-already-notified');
  });

  it('refuses a reopening dated before the closure', () => {
    given([received, closed()])
      .when(command('ReopenCase', { reopenedAt: '2021-05-22T09:59:59Z' }))
      .thenInvalid('reopenedAt', 'not-before-closure');
  });

  it('refuses a reopening without a reason', () => {
    given([received, closed()])
      .when(command('ReopenCase', { reason: '' }))
      .thenInvalid('reason', 'required');
  });
});

// Holding statements ---------------------------------------------------------------------------------

const rina: Actor = { name: 'rina', role: 'pr' };
const budi: Actor = { name: 'budi', role: 'admin' };
/** Statement events are dated by the decider's clock (metadata.now), not by the command's time fields. */
const clockTime = metadata.now.toISOString();

const by = (actor: Actor, cmd: CaseCommand): CaseCommand => ({ ...cmd, metadata: { ...cmd.metadata, actor } });
const draft = (overrides: { [K in keyof CommandData<'DraftHoldingStatement'>]?: unknown } = {}) =>
  by(rina, command('DraftHoldingStatement', overrides));
const approve = (statementId = 'statement-1', actor = budi) =>
  by(actor, command('ApproveHoldingStatement', { statementId }));
const publish = (statementId = 'statement-1') => by(budi, command('PublishHoldingStatement', { statementId }));
const withdraw = (statementId = 'statement-1', reason: unknown = valid.WithdrawHoldingStatement.reason) =>
  by(budi, command('WithdrawHoldingStatement', { statementId, reason }));

const drafted = (overrides: Partial<HoldingStatementDraftedPayload> = {}) =>
  HoldingStatementDrafted.create({
    ...valid.DraftHoldingStatement,
    composedAt: clockTime,
    draftedBy: 'rina',
    ...overrides,
  });
const approved = (statementId = 'statement-1', approvedBy = 'budi') =>
  HoldingStatementApproved.create({ caseId, statementId, approvedAt: clockTime, approvedBy });
const published = (statementId = 'statement-1') =>
  HoldingStatementPublished.create({ caseId, statementId, publishedAt: clockTime });
const withdrawn = (statementId = 'statement-1') =>
  HoldingStatementWithdrawn.create({
    caseId,
    statementId,
    withdrawnAt: clockTime,
    reason: valid.WithdrawHoldingStatement.reason,
  });
const reopened = CaseReopened.create(valid.ReopenCase);

function statementsAfter(events: CaseEvent[]) {
  const state = evolveAll(events);
  if (state.status === 'absent') throw new Error('no case');
  return state.statements.map(({ statementId, language, status }) => ({ statementId, language, status }));
}

describe('case decider: holding statements, the workflow', () => {
  it('drafts a statement composed from the current facts, naming the drafter and dated by the clock', () => {
    given([received])
      .when(draft())
      .thenEvents([
        {
          type: 'HoldingStatementDrafted',
          schemaVersion: 1,
          payload: {
            caseId,
            statementId: 'statement-1',
            language: 'id',
            stage: 'claim',
            heading: 'Pernyataan Sementara',
            points: ['Menanggapi informasi yang beredar …'],
            text: '1. Menanggapi informasi yang beredar …',
            factsVersion: 1,
            composedAt: '2021-05-22T12:00:00.000Z',
            includeSourceDetails: false,
            draftedBy: 'rina',
          },
        },
      ]);
  });

  it('keeps a promised next update, and omits an absent one rather than storing undefined', () => {
    given([received])
      .when(draft({ nextUpdateDueAt: '2021-05-23T12:00:00.000Z' }))
      .thenEvents([drafted({ nextUpdateDueAt: '2021-05-23T12:00:00.000Z' })]);
    const [event] = decide(draft({ nextUpdateDueAt: undefined }), evolveAll([received]));
    expect(Object.keys(event!.payload)).not.toContain('nextUpdateDueAt');
  });

  it('approves a draft by another user than the drafter', () => {
    given([received, drafted()]).when(approve()).thenEvents([approved()]);
  });

  it('publishes an approved statement', () => {
    given([received, drafted(), approved()]).when(publish()).thenEvents([published()]);
  });

  it('withdraws a published statement, with the reason', () => {
    given([received, drafted(), approved(), published()]).when(withdraw()).thenEvents([withdrawn()]);
  });

  it('withdraws a draft that was never published', () => {
    given([received, drafted()]).when(withdraw()).thenEvents([withdrawn()]);
  });

  it('moves the statement through draft → approved → published → withdrawn in the state', () => {
    const steps = [received, drafted(), approved(), published(), withdrawn()];
    const statuses = [2, 3, 4, 5].map((n) => statementsAfter(steps.slice(0, n))[0]!.status);
    expect(statuses).toEqual(['draft', 'approved', 'published', 'withdrawn']);
  });
});

describe('case decider: holding statements, one published statement per language', () => {
  const indonesianPublished = [received, drafted(), approved(), published()];
  const englishPublished = [
    drafted({ statementId: 'statement-en', language: 'en' }),
    approved('statement-en'),
    published('statement-en'),
  ];
  const secondIndonesianApproved = [drafted({ statementId: 'statement-2' }), approved('statement-2')];

  it('publishing a second statement in a language supersedes the first; the other language is untouched', () => {
    const history = [...indonesianPublished, ...englishPublished, ...secondIndonesianApproved];
    given(history)
      .when(publish('statement-2'))
      .thenEvents([published('statement-2')]);

    expect(statementsAfter([...history, published('statement-2')])).toEqual([
      { statementId: 'statement-1', language: 'id', status: 'superseded' },
      { statementId: 'statement-en', language: 'en', status: 'published' },
      { statementId: 'statement-2', language: 'id', status: 'published' },
    ]);
  });

  it('publishing the first statement of a language supersedes nothing', () => {
    expect(statementsAfter([...indonesianPublished, ...englishPublished])).toEqual([
      { statementId: 'statement-1', language: 'id', status: 'published' },
      { statementId: 'statement-en', language: 'en', status: 'published' },
    ]);
  });

  it('a superseded statement is not published again, but can still be withdrawn', () => {
    const history = [...indonesianPublished, ...secondIndonesianApproved, published('statement-2')];
    given(history).when(publish('statement-1')).thenIllegal('statement-not-approved');
    given(history)
      .when(withdraw('statement-1'))
      .thenEvents([withdrawn('statement-1')]);
  });
});

describe('case decider: holding statements, four-eyes', () => {
  it('refuses approval by the drafter as a forbidden action', () => {
    given([received, drafted()]).when(approve('statement-1', rina)).thenForbidden('four-eyes');
  });

  it('goes by the name of the drafter, whatever role they act in', () => {
    given([received, drafted()])
      .when(approve('statement-1', { name: 'rina', role: 'admin' }))
      .thenForbidden('four-eyes');
  });

  it('lets the drafter publish once someone else approved', () => {
    given([received, drafted(), approved()])
      .when(by(rina, command('PublishHoldingStatement')))
      .thenEvents([published()]);
  });
});

describe('case decider: holding statements and the facts', () => {
  it('refuses a draft composed from older facts than the case has, as statement-facts-outdated', () => {
    const error = given([received, verified()])
      .when(draft({ factsVersion: 1 }))
      .thenIllegal('statement-facts-outdated');
    expect(error.message).toContain('SampleVerified');
  });

  it('accepts a draft composed from the facts of the case as they are now', () => {
    given([received, verified()])
      .when(draft({ factsVersion: 2 }))
      .thenEvents([drafted({ factsVersion: 2 })]);
  });

  it('refuses to approve a draft once a fact arrived after it, naming the fact and its version', () => {
    const error = given([received, drafted(), verified()]).when(approve()).thenIllegal('statement-facts-changed');
    expect(error.message).toContain('SampleVerified at version 3');
  });

  it('refuses to publish an approved statement once a fact arrived after it, naming the fact and its version', () => {
    const error = given([received, drafted(), approved(), SourceTraced.create(valid.TraceSource)])
      .when(publish())
      .thenIllegal('statement-facts-changed');
    expect(error.message).toContain('SourceTraced at version 4');
  });

  it('treats closing and reopening as facts, and keeps the statements across them', () => {
    const error = given([received, drafted(), closed(), reopened])
      .when(approve())
      .thenIllegal('statement-facts-changed');
    expect(error.message).toContain('CaseReopened at version 4');
  });

  it('does not let statement events make other drafts stale', () => {
    const statementEvents = [
      drafted(),
      drafted({ statementId: 'statement-2', language: 'en' }),
      approved('statement-2'),
      published('statement-2'),
      withdrawn('statement-2'),
    ];
    given([received, ...statementEvents])
      .when(approve())
      .thenEvents([approved()]);
    given([received, ...statementEvents])
      .when(draft({ statementId: 'statement-3', factsVersion: 1 }))
      .thenEvents([drafted({ statementId: 'statement-3', factsVersion: 1 })]);
    expect(evolveAll([received, ...statementEvents])).toMatchObject({
      version: 6,
      factsVersion: 1,
      lastFactType: 'ReportReceived',
    });
  });
});

describe('case decider: holding statements, refusals', () => {
  it('refuses a statement id already used', () => {
    given([received, drafted()]).when(draft()).thenIllegal('statement-id-taken');
  });

  it.each(['ApproveHoldingStatement', 'PublishHoldingStatement', 'WithdrawHoldingStatement'] as const)(
    '%s of an unknown statement is refused',
    (type) => {
      given([received, drafted()])
        .when(by(budi, command(type, { statementId: 'statement-9' })))
        .thenIllegal('unknown-statement');
    },
  );

  it.each([
    ['approved', [approved()]],
    ['published', [approved(), published()]],
    ['withdrawn', [withdrawn()]],
  ])('refuses to approve a statement that is %s, not a draft', (_status, after) => {
    given([received, drafted(), ...after])
      .when(approve())
      .thenIllegal('statement-not-draft');
  });

  it.each([
    ['a draft', []],
    ['published', [approved(), published()]],
    ['withdrawn after approval', [approved(), withdrawn()]],
  ])('refuses to publish a statement that is %s, not approved', (_status, after) => {
    given([received, drafted(), ...after])
      .when(publish())
      .thenIllegal('statement-not-approved');
  });

  it('refuses to withdraw a statement twice', () => {
    given([received, drafted(), approved(), published(), withdrawn()])
      .when(withdraw())
      .thenIllegal('statement-withdrawn');
  });

  it('refuses a language the statement cannot be composed in', () => {
    given([received])
      .when(draft({ language: 'fr' }))
      .thenInvalid('language', 'in-vocabulary');
  });

  it('refuses a blank point', () => {
    given([received])
      .when(draft({ points: ['Menanggapi informasi yang beredar …', ' '] }))
      .thenInvalid('points[1]', 'required');
  });

  it('refuses a withdrawal without a reason', () => {
    given([received, drafted()]).when(withdraw('statement-1', '')).thenInvalid('reason', 'required');
  });
});

describe('case decider: holding statements on a closed case (a closing statement)', () => {
  const closedCase = [received, closed()];
  const closing = { factsVersion: 2 };

  it('drafts, approves, publishes and withdraws a statement while the case stays closed', () => {
    given(closedCase)
      .when(draft(closing))
      .thenEvents([drafted(closing)]);
    given([...closedCase, drafted(closing)])
      .when(approve())
      .thenEvents([approved()]);
    given([...closedCase, drafted(closing), approved()])
      .when(publish())
      .thenEvents([published()]);
    given([...closedCase, drafted(closing), approved(), published()])
      .when(withdraw())
      .thenEvents([withdrawn()]);
    expect(evolveAll([...closedCase, drafted(closing), approved(), published()])).toMatchObject({ status: 'closed' });
  });

  it('still refuses other commands after a closing statement', () => {
    given([...closedCase, drafted(closing)])
      .when(command('AssignInvestigator'))
      .thenIllegal('case-closed');
  });
});

describe('case state', () => {
  it('counts the events folded into it as its version', () => {
    expect(evolveAll([...confirmedBreach, notified(), acknowledged]).version).toBe(4);
    expect(initialCaseState().version).toBe(0);
  });

  it('survives a JSON snapshot round trip through close and reopen', () => {
    const states = [
      [],
      [received],
      [...confirmedBreach, notified(), acknowledged],
      [received, closed()],
      [received, closed(), CaseReopened.create(valid.ReopenCase)],
      [
        received,
        drafted(),
        approved(),
        published(),
        drafted({ statementId: 'statement-2', nextUpdateDueAt: clockTime }),
      ],
      [received, drafted(), closed(), CaseReopened.create(valid.ReopenCase)],
    ].map((events) => evolveAll(events));
    for (const state of states) expect(JSON.parse(JSON.stringify(state))).toStrictEqual(state);
  });

  it('refuses to fold a stream that does not start with ReportReceived', () => {
    expect(() => evolve(initialCaseState(), closed())).toThrow(/Corrupt case stream/);
    expect(() => evolveAll([received, received])).toThrow(/Corrupt case stream/);
  });
});

describe('case event definitions', () => {
  it('has exactly one definition per event type, each with a one-sentence description', () => {
    const types = CASE_EVENT_DEFINITIONS.map((d) => d.type);
    expect(new Set(types).size).toBe(types.length);
    expect(types).toHaveLength(16);
    for (const definition of CASE_EVENT_DEFINITIONS) {
      expect(definition.schemaVersion).toBeGreaterThanOrEqual(1);
      expect(definition.description).toMatch(/^[A-Z][^.]*\.$/);
    }
  });
});
