import type { NotifiabilityFacts } from '../regulators/notifiability.js';
import type { RegulatorDefinition } from '../regulators/regulator-definition.js';
import type { Actor } from '../shared/actor.js';
import type {
  CaseClosedPayload,
  CaseReopenedPayload,
  DataSubjectsNotifiedPayload,
  HoldingStatementApprovedPayload,
  HoldingStatementDraftedPayload,
  HoldingStatementPublishedPayload,
  HoldingStatementWithdrawnPayload,
  InvestigatorAssignedPayload,
  RegulatorAcknowledgedPayload,
  RegulatorNotificationSupplementedPayload,
  RegulatorNotifiedPayload,
  ReportReceivedPayload,
  RiskAssessedPayload,
  SampleVerifiedPayload,
  SourceTracedPayload,
} from './case-events.js';

/** Passed into decide: the clock is read by the shell, never by the core. */
export interface CommandMetadata {
  readonly now: Date;
  readonly actor: Actor;
}

interface Command<TType extends string, TData> {
  type: TType;
  data: TData;
  metadata: CommandMetadata;
}

export type ReceiveReport = Command<'ReceiveReport', ReportReceivedPayload>;
export type AssignInvestigator = Command<'AssignInvestigator', InvestigatorAssignedPayload>;
export type AssessRisk = Command<'AssessRisk', RiskAssessedPayload>;
export interface AssessNotifiabilityData extends NotifiabilityFacts {
  caseId: string;
  assessedAt: string;
  notes?: string;
}
/** The shell passes the registry as it stands: the decider applies each applicable law's test to the facts. */
export type AssessNotifiability = Command<'AssessNotifiability', AssessNotifiabilityData> & {
  regulators: readonly RegulatorDefinition[];
};
export type VerifySample = Command<'VerifySample', SampleVerifiedPayload>;
/** `viaPartner` may be left out: no partner involved. */
export type TraceSource = Command<'TraceSource', Omit<SourceTracedPayload, 'viaPartner'> & { viaPartner?: boolean }>;
export type NotifyRegulator = Command<'NotifyRegulator', RegulatorNotifiedPayload>;
/** The regulator is the one of the original notification, so the command does not repeat it. */
export type SupplementRegulatorNotification = Command<
  'SupplementRegulatorNotification',
  Omit<RegulatorNotificationSupplementedPayload, 'regulatorId'>
>;
export type RecordRegulatorAcknowledgement = Command<'RecordRegulatorAcknowledgement', RegulatorAcknowledgedPayload>;
export type NotifyDataSubjects = Command<'NotifyDataSubjects', DataSubjectsNotifiedPayload>;
export type CloseCase = Command<'CloseCase', CaseClosedPayload>;
export type ReopenCase = Command<'ReopenCase', CaseReopenedPayload>;

export type DraftHoldingStatement = Command<'DraftHoldingStatement', Omit<HoldingStatementDraftedPayload, 'draftedBy'>>;
export type ApproveHoldingStatement = Command<
  'ApproveHoldingStatement',
  Omit<HoldingStatementApprovedPayload, 'approvedBy'>
>;
export type PublishHoldingStatement = Command<'PublishHoldingStatement', HoldingStatementPublishedPayload>;
export type WithdrawHoldingStatement = Command<'WithdrawHoldingStatement', HoldingStatementWithdrawnPayload>;

export type HoldingStatementCommand =
  DraftHoldingStatement | ApproveHoldingStatement | PublishHoldingStatement | WithdrawHoldingStatement;

/** The shell destroys the case's data key first; the event records who (metadata.actor), when (metadata.now), why. */
export type EraseCaseData = Command<'EraseCaseData', { caseId: string; reason: string }>;

export type CaseCommand =
  | ReceiveReport
  | AssignInvestigator
  | AssessRisk
  | AssessNotifiability
  | VerifySample
  | TraceSource
  | NotifyRegulator
  | SupplementRegulatorNotification
  | RecordRegulatorAcknowledgement
  | NotifyDataSubjects
  | CloseCase
  | ReopenCase
  | EraseCaseData
  | HoldingStatementCommand;

export type CaseCommandType = CaseCommand['type'];
