import type { StatementLanguage } from '../holding-statement/index.js';
import { defineEvent } from '../shared/event-definition.js';

// The events of the holding-statement workflow on the case stream; they are listed with the others in
// CASE_EVENT_DEFINITIONS (case-events.ts).

export interface HoldingStatementDraftedPayload {
  caseId: string;
  statementId: string;
  language: StatementLanguage;
  stage: string;
  heading: string;
  points: string[];
  text: string;
  /** The case version of the last fact the statement was composed from. */
  factsVersion: number;
  composedAt: string;
  includeSourceDetails: boolean;
  nextUpdateDueAt?: string;
  /** Kept in the payload (not only in metadata) because four-eyes approval is decided on it. */
  draftedBy: string;
}

export interface HoldingStatementApprovedPayload {
  caseId: string;
  statementId: string;
  approvedAt: string;
  approvedBy: string;
}

export interface HoldingStatementPublishedPayload {
  caseId: string;
  statementId: string;
  publishedAt: string;
}

export interface HoldingStatementWithdrawnPayload {
  caseId: string;
  statementId: string;
  withdrawnAt: string;
  reason: string;
}

export const HoldingStatementDrafted = defineEvent<HoldingStatementDraftedPayload>()(
  'HoldingStatementDrafted',
  1,
  'The PR team drafted a holding statement, composed from the case facts at factsVersion.',
  {
    caseId: 'public',
    statementId: 'public',
    language: 'public',
    stage: 'public',
    heading: 'public',
    'points[]': 'public',
    text: 'public',
    composedAt: 'public',
    nextUpdateDueAt: 'public',
    draftedBy: 'public',
  },
);

export const HoldingStatementApproved = defineEvent<HoldingStatementApprovedPayload>()(
  'HoldingStatementApproved',
  1,
  'A second PR or admin user, not the drafter, approved a draft whose facts were still current.',
  { caseId: 'public', statementId: 'public', approvedAt: 'public', approvedBy: 'public' },
);

export const HoldingStatementPublished = defineEvent<HoldingStatementPublishedPayload>()(
  'HoldingStatementPublished',
  1,
  'An approved holding statement was published; it replaces the earlier one in its language.',
  { caseId: 'public', statementId: 'public', publishedAt: 'public' },
);

export const HoldingStatementWithdrawn = defineEvent<HoldingStatementWithdrawnPayload>()(
  'HoldingStatementWithdrawn',
  1,
  'A holding statement was withdrawn and must no longer be used.',
  { caseId: 'public', statementId: 'public', withdrawnAt: 'public', reason: 'personal' },
);
