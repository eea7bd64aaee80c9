import type { NotifiabilityOutcome } from '../regulators/notifiability.js';
import type { CaseResolution, Jurisdiction, SampleVerdict } from './vocabulary.js';

// Only what decisions need, as plain data; read models hold the rest.

export interface NotificationState {
  notificationId: string;
  regulatorId: string;
  notifiedAt: string;
  supplementIds: string[];
  acknowledged: boolean;
}

/** One regulator's outcomes in the latest notifiability assessment. */
export interface NotifiabilityState {
  regulatorId: string;
  regulator: NotifiabilityOutcome;
  dataSubjects: NotifiabilityOutcome;
}

export type StatementStatus = 'draft' | 'approved' | 'published' | 'superseded' | 'withdrawn';

export interface StatementState {
  statementId: string;
  language: string;
  draftedBy: string;
  factsVersion: number;
  status: StatementStatus;
}

interface CaseFacts {
  /** Number of events folded into this state: the stream position a snapshot resumes from. */
  version: number;
  caseId: string;
  receivedAt: string;
  jurisdictions: Jurisdiction[];
  /** Verdict of the most recent sample check; a later check overrides an earlier one. */
  latestVerdict: SampleVerdict | null;
  /** In the order the regulators were notified. */
  notifications: NotificationState[];
  /** The latest notifiability assessment's outcomes, null until one is recorded. */
  notifiability: NotifiabilityState[] | null;
  /** Version and type of the last event that changed the facts (holding-statement events do not). */
  factsVersion: number;
  lastFactType: string;
  statements: StatementState[];
  /** When the case's personal data was erased; an erased case accepts no further command. */
  erasedAt: string | null;
}

export interface AbsentCaseState {
  status: 'absent';
  version: number;
}

export interface OpenCaseState extends CaseFacts {
  status: 'open';
}

export interface ClosedCaseState extends CaseFacts {
  status: 'closed';
  closedAt: string;
  resolution: CaseResolution;
}

export type ExistingCaseState = OpenCaseState | ClosedCaseState;
export type CaseState = AbsentCaseState | ExistingCaseState;

export const initialCaseState = (): CaseState => ({ status: 'absent', version: 0 });
