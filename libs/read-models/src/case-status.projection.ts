import { type ClockFacts, evolveClockFacts } from '#libs/domain';
import type {
  CaseClosedPayload,
  CaseReopenedPayload,
  DataSubjectsNotifiedPayload,
  Jurisdiction,
  NotifiabilityFacts,
  RegulatorAcknowledgedPayload,
  RegulatorNotificationSupplementedPayload,
  RegulatorNotifiedPayload,
  ReportReceivedPayload,
  RiskAssessedPayload,
  SampleVerifiedPayload,
  SourceTracedPayload,
} from '#libs/domain';
import { milestoneAfter, stageOf, type CaseMilestone, type CaseStage } from './case-stage.js';
import { type CaseDocumentProjection, type CaseStoredEvent, presentFields, refuseUnknownEvent } from './projection.js';

export type ReportFacts = ReportReceivedPayload['report'];

export interface Assignment {
  investigator: string;
  assignedAt: string;
}

/** Read-model parts are their event's payload without the case id: one shape per fact. */
type Fact<TPayload> = Omit<TPayload, 'caseId'>;

export type RiskAssessment = Fact<RiskAssessedPayload>;

/** The facts of the latest notifiability assessment; the outcomes per law are in the status's `notifiability`. */
export interface NotifiabilityAssessment extends NotifiabilityFacts {
  assessedAt: string;
  notes?: string;
  /** How many assessments the case has had; the latest counts. */
  assessmentCount: number;
}

/** The outcome of a sample check; leaked records are never part of it. */
export type SampleVerification = Fact<SampleVerifiedPayload>;

export type SourceTrace = Fact<SourceTracedPayload>;

export type NotificationSupplement = Omit<
  Fact<RegulatorNotificationSupplementedPayload>,
  'notificationId' | 'regulatorId'
>;

export type RegulatorAcknowledgement = Omit<Fact<RegulatorAcknowledgedPayload>, 'notificationId' | 'regulatorId'>;

/**
 * `content` is the organisation's own notification text (field names are checked by the domain to be
 * storable keys), never leaked data, so the status shows it in full.
 */
export interface RegulatorNotification extends Fact<RegulatorNotifiedPayload> {
  /** In the order they were sent. */
  supplements: NotificationSupplement[];
  acknowledgement?: RegulatorAcknowledgement;
}

export type DataSubjectNotification = Fact<DataSubjectsNotifiedPayload>;

export type Closure = Fact<CaseClosedPayload>;

export type Reopening = Fact<CaseReopenedPayload>;

/**
 * Everything known about one case, for `GET /v1/cases/:caseId`. Stored as is on a MongoDB-protocol
 * server, so: optional fields are omitted (never undefined), no arrays directly inside arrays, and
 * every key is a fixed name (notification content keys are validated by the domain).
 * Deadline fields arrive with the regulator registry.
 */
export interface CaseStatusDocument {
  _id: string;
  caseId: string;
  title: string;
  /** `closed` while closed, otherwise the milestone. */
  stage: CaseStage;
  /** Furthest milestone reached; kept while the case is closed and shown again when it is reopened. */
  milestone: CaseMilestone;
  jurisdictions: Jurisdiction[];
  report: ReportFacts;
  /** The investigator currently responsible (the latest assignment). */
  assignee?: Assignment;
  /** The latest assessment. */
  riskAssessment?: RiskAssessment;
  /** The latest notifiability assessment. */
  notifiabilityAssessment?: NotifiabilityAssessment;
  /** The latest sample check: a later check overrides an earlier one, as in the decider. */
  latestSampleVerification?: SampleVerification;
  sampleVerificationCount: number;
  /** The latest trace. */
  sourceTrace?: SourceTrace;
  /** In the order they were sent. */
  regulatorNotifications: RegulatorNotification[];
  /** In the order they were sent. */
  dataSubjectNotifications: DataSubjectNotification[];
  /** Present exactly while the case is closed. */
  closure?: Closure;
  reopenCount: number;
  lastReopening?: Reopening;
  /** Set once the case's personal data was erased: its personal fields then read `{ erased: true }`. */
  erasure?: { erasedAt: string; erasedBy: string; reason: string };
  /** When the case was opened here (the ReportReceived event), not when the claim surfaced (report.receivedAt). */
  openedAt: string;
  /** occurredAt of the last event applied. */
  updatedAt: string;
  /** What legal clocks depend on; deadlines are computed from it at read time, against the registry and now. */
  clockFacts: ClockFacts;
  /** Stream version of the last event applied. */
  version: number;
}

type ReportReceivedEvent = Extract<CaseStoredEvent, { type: 'ReportReceived' }>;
type FollowUpEvent = Exclude<CaseStoredEvent, { type: 'ReportReceived' }>;

export const caseStatusProjection: CaseDocumentProjection<CaseStatusDocument> = {
  name: 'case_status',
  evolve(current, event) {
    if (event.type === 'ReportReceived') {
      if (current) throw new Error(`case_status: a second ReportReceived for case ${event.caseId}`);
      return opened(event);
    }
    if (!current) throw new Error(`case_status: ${event.type} before ReportReceived for case ${event.caseId}`);
    const clockFacts = evolveClockFacts(current.clockFacts, event);
    const milestone = milestoneAfter(current.milestone, event.type);
    const touched: CaseStatusDocument = {
      ...current,
      milestone,
      stage: stageOf(milestone, current.closure !== undefined),
      updatedAt: event.occurredAt,
      clockFacts,
      version: event.version,
    };
    return withFacts(touched, event);
  },
};

function opened(event: ReportReceivedEvent): CaseStatusDocument {
  const { caseId, title, jurisdictions, report } = event.payload;
  return {
    _id: caseId,
    caseId,
    title,
    stage: 'reported',
    milestone: 'reported',
    jurisdictions: [...jurisdictions],
    report: {
      receivedAt: report.receivedAt,
      channel: report.channel,
      summary: report.summary,
      ...presentFields({ sourceUrl: report.sourceUrl, claimedRecordCount: report.claimedRecordCount }),
      dataCategories: [...report.dataCategories],
    },
    sampleVerificationCount: 0,
    regulatorNotifications: [],
    dataSubjectNotifications: [],
    reopenCount: 0,
    openedAt: event.occurredAt,
    updatedAt: event.occurredAt,
    clockFacts: evolveClockFacts(undefined, event),
    version: event.version,
  };
}

// Each payload is copied field by field, so nothing beyond the documented shape reaches the document.
function withFacts(doc: CaseStatusDocument, event: FollowUpEvent): CaseStatusDocument {
  switch (event.type) {
    case 'InvestigatorAssigned': {
      const { investigator, assignedAt } = event.payload;
      return { ...doc, assignee: { investigator, assignedAt } };
    }
    case 'RiskAssessed': {
      const { assessedAt, riskLevel, likelyConsequences, estimatedAffectedSubjects, notes } = event.payload;
      const riskAssessment = { assessedAt, riskLevel, likelyConsequences, estimatedAffectedSubjects };
      return { ...doc, riskAssessment: { ...riskAssessment, ...presentFields({ notes }) } };
    }
    case 'NotifiabilityAssessed': {
      const { assessedAt, affectedSubjects, dataCategories, confidentiality, integrity, availability } = event.payload;
      const { dataUnintelligible, harmRemediated, riskToIndividuals, notes } = event.payload;
      const notifiabilityAssessment = {
        assessedAt,
        affectedSubjects,
        dataCategories: [...dataCategories],
        confidentiality,
        integrity,
        availability,
        dataUnintelligible,
        harmRemediated,
        riskToIndividuals,
        ...presentFields({ notes }),
        assessmentCount: (doc.notifiabilityAssessment?.assessmentCount ?? 0) + 1,
      };
      return { ...doc, notifiabilityAssessment };
    }
    case 'SampleVerified': {
      const { verifiedAt, sampleSize, matchedRecords, confirmedDataCategories, method, verdict } = event.payload;
      return {
        ...doc,
        latestSampleVerification: {
          verifiedAt,
          sampleSize,
          matchedRecords,
          confirmedDataCategories: [...confirmedDataCategories],
          method,
          verdict,
        },
        sampleVerificationCount: doc.sampleVerificationCount + 1,
      };
    }
    case 'SourceTraced': {
      const { tracedAt, sourceSystem, vector, viaPartner, confidence, summary, containment } = event.payload;
      const sourceTrace = { tracedAt, sourceSystem, vector, viaPartner, confidence, summary };
      return { ...doc, sourceTrace: { ...sourceTrace, ...presentFields({ containment }) } };
    }
    case 'RegulatorNotified': {
      const { notificationId, regulatorId, notifiedAt, content } = event.payload;
      const notification = { notificationId, regulatorId, notifiedAt, content: { ...content }, supplements: [] };
      return { ...doc, regulatorNotifications: [...doc.regulatorNotifications, notification] };
    }
    case 'RegulatorNotificationSupplemented': {
      const { notificationId, supplementId, supplementedAt, content, reasonForDelay } = event.payload;
      const supplement = {
        supplementId,
        supplementedAt,
        content: { ...content },
        ...presentFields({ reasonForDelay }),
      };
      return updateNotification(doc, notificationId, (n) => ({ ...n, supplements: [...n.supplements, supplement] }));
    }
    case 'RegulatorAcknowledged': {
      const { notificationId, acknowledgedAt, reference } = event.payload;
      const acknowledgement = { acknowledgedAt, ...presentFields({ reference }) };
      return updateNotification(doc, notificationId, (n) => ({ ...n, acknowledgement }));
    }
    case 'DataSubjectsNotified': {
      const { notifiedAt, channel, subjectCount, messageSummary } = event.payload;
      const notification = { notifiedAt, channel, subjectCount, messageSummary };
      return { ...doc, dataSubjectNotifications: [...doc.dataSubjectNotifications, notification] };
    }
    case 'CaseClosed': {
      const { closedAt, resolution, note, duplicateOfCaseId } = event.payload;
      const closure = { closedAt, resolution, ...presentFields({ note, duplicateOfCaseId }) };
      return { ...doc, closure, stage: stageOf(doc.milestone, true) };
    }
    case 'CaseReopened': {
      const { reopenedAt, reason } = event.payload;
      const reopened: CaseStatusDocument = {
        ...doc,
        stage: stageOf(doc.milestone, false),
        reopenCount: doc.reopenCount + 1,
        lastReopening: { reopenedAt, reason },
      };
      delete reopened.closure;
      return reopened;
    }
    case 'HoldingStatementDrafted':
    case 'HoldingStatementApproved':
    case 'HoldingStatementPublished':
    case 'HoldingStatementWithdrawn':
      return doc;
    case 'PersonalDataErased': {
      const { erasedAt, erasedBy, reason } = event.payload;
      return { ...doc, erasure: { erasedAt, erasedBy, reason } };
    }
    default:
      return refuseUnknownEvent('case_status', event);
  }
}

function updateNotification(
  doc: CaseStatusDocument,
  notificationId: string,
  update: (notification: RegulatorNotification) => RegulatorNotification,
): CaseStatusDocument {
  if (!doc.regulatorNotifications.some((n) => n.notificationId === notificationId)) {
    throw new Error(`case_status: case ${doc.caseId} has no regulator notification ${notificationId}`);
  }
  return {
    ...doc,
    regulatorNotifications: doc.regulatorNotifications.map((n) =>
      n.notificationId === notificationId ? update(n) : n,
    ),
  };
}
