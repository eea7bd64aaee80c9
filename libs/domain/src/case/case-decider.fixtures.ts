import { expect } from '@jest/globals';
import { decide, evolveAll } from './case-decider.js';
import type { CaseCommand, CaseCommandType } from './case-commands.js';
import {
  CaseClosed,
  CaseReopened,
  type CaseEvent,
  HoldingStatementApproved,
  HoldingStatementDrafted,
  type HoldingStatementDraftedPayload,
  HoldingStatementPublished,
  HoldingStatementWithdrawn,
  RegulatorAcknowledged,
  RegulatorNotified,
  ReportReceived,
  SampleVerified,
} from './case-events.js';
import { DEFAULT_REGULATORS } from '../regulators/default-regulators.js';
import type { Actor } from '../shared/actor.js';
import { DomainValidationError, ForbiddenActionError, IllegalTransitionError } from '../shared/domain-errors.js';
import type { CaseResolution, SampleVerdict } from './vocabulary.js';

// The case decider's given/when/then kit, shared by its spec files (one per capability).

export const caseId = 'case-1';
export const metadata = {
  now: new Date('2021-05-22T12:00:00Z'),
  actor: { name: 'ana', role: 'investigator' as const },
  id: 'command-1',
};
export const report = {
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

export type CommandData<T extends CaseCommandType> = Extract<CaseCommand, { type: T }>['data'];

/** A valid command of each type against a case that has what the command needs. */
export const valid = {
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
    regulatorId: 'komdigi',
    notifiedAt: '2021-05-20T14:00:00Z',
    content: { dataExposed: 'NIK, name, phone', whenAndHow: 'Under investigation', handling: 'Links taken down' },
  },
  SupplementRegulatorNotification: {
    caseId,
    notificationId: 'notif-1',
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
    language: 'id',
    stage: 'claim',
    heading: 'Pernyataan Sementara',
    points: ['Menanggapi informasi yang beredar …'],
    text: '1. Menanggapi informasi yang beredar …',
    factsVersion: 1,
    includeSourceDetails: false,
  },
  ApproveHoldingStatement: { caseId, statementId: 'statement-1' },
  PublishHoldingStatement: { caseId, statementId: 'statement-1' },
  WithdrawHoldingStatement: { caseId, statementId: 'statement-1', reason: 'Superseded by the press conference' },
  EraseCaseData: { caseId, reason: 'Retention period ended' },
} satisfies { [T in CaseCommandType]: CommandData<T> };

/** The id a command gives what it creates (metadata.id), by default. */
const CREATED_ID: Partial<Record<CaseCommandType, string>> = {
  NotifyRegulator: 'notif-1',
  SupplementRegulatorNotification: 'supp-1',
  DraftHoldingStatement: 'statement-1',
};

/** Overrides may hold invalid values on purpose: the decider must refuse them at run time. */
export function command<T extends CaseCommandType>(
  type: T,
  overrides: { [K in keyof CommandData<T>]?: unknown } = {},
  id = CREATED_ID[type] ?? metadata.id,
) {
  const data = { ...valid[type], ...overrides };
  return { type, data, metadata: { ...metadata, id }, regulators: DEFAULT_REGULATORS } as CaseCommand;
}

export const received = ReportReceived.create(report);
export const verified = (verdict: SampleVerdict = 'confirmed') =>
  SampleVerified.create({
    ...valid.VerifySample,
    verdict,
    confirmedDataCategories: verdict === 'confirmed' ? valid.VerifySample.confirmedDataCategories : [],
  });
export const notified = (notificationId = 'notif-1', regulatorId = 'komdigi') =>
  RegulatorNotified.create({ ...valid.NotifyRegulator, notificationId, regulatorId });
export const acknowledged = RegulatorAcknowledged.create(valid.RecordRegulatorAcknowledgement);
export const closed = (resolution: CaseResolution = 'false-report') =>
  CaseClosed.create({ caseId, closedAt: '2021-05-22T10:00:00Z', resolution });
export const reopened = CaseReopened.create(valid.ReopenCase);
export const confirmedBreach = [received, verified('confirmed')];

function rejectionOf(run: () => unknown): unknown {
  try {
    run();
  } catch (error) {
    return error;
  }
  throw new Error('expected the command to be refused, but it was accepted');
}

export const given = (events: CaseEvent[]) => ({
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

// Holding statements: drafted by one PR user, approved by another, every step dated by the clock.

export const rina: Actor = { name: 'rina', role: 'pr' };
export const budi: Actor = { name: 'budi', role: 'admin' };
/** Statement events are dated by the decider's clock (metadata.now). */
export const clockTime = metadata.now.toISOString();

export const by = (actor: Actor, cmd: CaseCommand): CaseCommand => ({ ...cmd, metadata: { ...cmd.metadata, actor } });
export const draft = (
  overrides: { [K in keyof CommandData<'DraftHoldingStatement'>]?: unknown } = {},
  statementId = 'statement-1',
) => by(rina, command('DraftHoldingStatement', overrides, statementId));
export const approve = (statementId = 'statement-1', actor = budi) =>
  by(actor, command('ApproveHoldingStatement', { statementId }));
export const publish = (statementId = 'statement-1') => by(budi, command('PublishHoldingStatement', { statementId }));
export const withdraw = (statementId = 'statement-1', reason: unknown = valid.WithdrawHoldingStatement.reason) =>
  by(budi, command('WithdrawHoldingStatement', { statementId, reason }));

export const drafted = (overrides: Partial<HoldingStatementDraftedPayload> = {}) =>
  HoldingStatementDrafted.create({
    ...valid.DraftHoldingStatement,
    statementId: 'statement-1',
    composedAt: clockTime,
    draftedBy: 'rina',
    ...overrides,
  });
export const approved = (statementId = 'statement-1', approvedBy = 'budi') =>
  HoldingStatementApproved.create({ caseId, statementId, approvedAt: clockTime, approvedBy });
export const published = (statementId = 'statement-1') =>
  HoldingStatementPublished.create({ caseId, statementId, publishedAt: clockTime });
export const withdrawn = (statementId = 'statement-1') =>
  HoldingStatementWithdrawn.create({
    caseId,
    statementId,
    withdrawnAt: clockTime,
    reason: valid.WithdrawHoldingStatement.reason,
  });

export function statementsAfter(events: CaseEvent[]) {
  const state = evolveAll(events);
  if (state.status === 'absent') throw new Error('no case');
  return state.statements.map(({ statementId, language, status }) => ({ statementId, language, status }));
}
