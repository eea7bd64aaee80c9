import type {
  CaseEventType,
  HoldingStatementDraftedPayload,
  STATEMENT_EVENT_TYPES,
  StatementStatus,
} from '#libs/domain';
import { type CaseDocumentProjection, type CaseStoredEvent, presentFields, refuseUnknownEvent } from './projection.js';

type StatementEventType = (typeof STATEMENT_EVENT_TYPES)[number];
/** An event about the breach itself, as opposed to one about what the organisation says. */
export type FactEventType = Exclude<CaseEventType, StatementEventType>;

/** A drafted statement as the event recorded it, plus where it stands in the workflow. */
export interface HoldingStatementEntry extends Omit<HoldingStatementDraftedPayload, 'caseId'> {
  /** As in the decider: publishing a statement supersedes the earlier published one in its language. */
  status: StatementStatus;
  approvedBy?: string;
  approvedAt?: string;
  /** Kept once superseded or withdrawn: when it was in force. */
  publishedAt?: string;
  withdrawnAt?: string;
  withdrawalReason?: string;
}

/**
 * The holding statements of one case, for `GET /v1/cases/:caseId/holding-statements`, with the case's
 * current facts version so a reader can tell which statements are stale. Stored as is on a
 * MongoDB-protocol server: optional fields are omitted (never undefined), no arrays directly inside arrays.
 */
export interface HoldingStatementsDocument {
  _id: string;
  caseId: string;
  /** Stream version of the last event that changed the facts (statement events do not). */
  factsVersion: number;
  lastFactType: FactEventType;
  /** In the order they were drafted. */
  statements: HoldingStatementEntry[];
  /** occurredAt of the last event applied. */
  updatedAt: string;
  /** Stream version of the last event applied. */
  version: number;
}

/** A statement built on older facts than the case now has is stale and must say so. */
export const isStatementStale = (
  statement: Pick<HoldingStatementEntry, 'factsVersion'>,
  doc: Pick<HoldingStatementsDocument, 'factsVersion'>,
): boolean => statement.factsVersion < doc.factsVersion;

type FollowUpEvent = Exclude<CaseStoredEvent, { type: 'ReportReceived' }>;

export const holdingStatementsProjection: CaseDocumentProjection<HoldingStatementsDocument> = {
  name: 'holding_statements',
  evolve(current, event) {
    if (event.type === 'ReportReceived') {
      if (current) throw new Error(`holding_statements: a second ReportReceived for case ${event.caseId}`);
      return {
        _id: event.caseId,
        caseId: event.caseId,
        factsVersion: event.version,
        lastFactType: event.type,
        statements: [],
        updatedAt: event.occurredAt,
        version: event.version,
      };
    }
    if (!current) throw new Error(`holding_statements: ${event.type} before ReportReceived for case ${event.caseId}`);
    return withEvent({ ...current, updatedAt: event.occurredAt, version: event.version }, event);
  },
};

// Each payload is copied field by field, so nothing beyond the documented shape reaches the document.
function withEvent(doc: HoldingStatementsDocument, event: FollowUpEvent): HoldingStatementsDocument {
  switch (event.type) {
    // Facts: the same list as the decider's (everything but STATEMENT_EVENT_TYPES), spelled out so a
    // new event type is refused until someone decides whether it is a fact.
    case 'InvestigatorAssigned':
    case 'RiskAssessed':
    case 'NotifiabilityAssessed':
    case 'SampleVerified':
    case 'SourceTraced':
    case 'RegulatorNotified':
    case 'RegulatorNotificationSupplemented':
    case 'RegulatorAcknowledged':
    case 'DataSubjectsNotified':
    case 'CaseClosed':
    case 'CaseReopened':
    case 'PersonalDataErased':
      return { ...doc, factsVersion: event.version, lastFactType: event.type };
    case 'HoldingStatementDrafted': {
      const { statementId, language, stage, heading, points, text, factsVersion, composedAt } = event.payload;
      const { includeSourceDetails, nextUpdateDueAt, draftedBy } = event.payload;
      if (doc.statements.some((s) => s.statementId === statementId)) {
        throw new Error(`holding_statements: case ${doc.caseId} already has statement ${statementId}`);
      }
      const statement: HoldingStatementEntry = {
        statementId,
        language,
        stage,
        heading,
        points: [...points],
        text,
        factsVersion,
        composedAt,
        includeSourceDetails,
        ...presentFields({ nextUpdateDueAt }),
        draftedBy,
        status: 'draft',
      };
      return { ...doc, statements: [...doc.statements, statement] };
    }
    case 'HoldingStatementApproved': {
      const { statementId, approvedBy, approvedAt } = event.payload;
      return updateStatement(doc, statementId, (s) => ({ ...s, status: 'approved', approvedBy, approvedAt }));
    }
    case 'HoldingStatementPublished': {
      const { statementId, publishedAt } = event.payload;
      const language = findStatement(doc, statementId).language;
      const superseded = doc.statements.map((s) =>
        s.status === 'published' && s.language === language ? { ...s, status: 'superseded' as const } : s,
      );
      return updateStatement({ ...doc, statements: superseded }, statementId, (s) => ({
        ...s,
        status: 'published',
        publishedAt,
      }));
    }
    case 'HoldingStatementWithdrawn': {
      const { statementId, withdrawnAt, reason } = event.payload;
      return updateStatement(doc, statementId, (s) => ({
        ...s,
        status: 'withdrawn',
        withdrawnAt,
        withdrawalReason: reason,
      }));
    }
    default:
      return refuseUnknownEvent('holding_statements', event);
  }
}

function findStatement(doc: HoldingStatementsDocument, statementId: string): HoldingStatementEntry {
  const statement = doc.statements.find((s) => s.statementId === statementId);
  if (!statement) throw new Error(`holding_statements: case ${doc.caseId} has no statement ${statementId}`);
  return statement;
}

function updateStatement(
  doc: HoldingStatementsDocument,
  statementId: string,
  update: (statement: HoldingStatementEntry) => HoldingStatementEntry,
): HoldingStatementsDocument {
  findStatement(doc, statementId);
  return { ...doc, statements: doc.statements.map((s) => (s.statementId === statementId ? update(s) : s)) };
}
