import {
  type CaseEventType,
  type CaseResolution,
  type NotifiabilityAssessedPayload,
  type NotifiabilityChange,
  type ReportChannel,
  type ActorRole,
  SOURCE_VECTOR_CATALOGUE,
  type SourceVector,
  type SubjectNotificationChannel,
} from '#libs/domain';
import type { IndexDefinition } from '#libs/platform';
import { type CaseStoredEvent, presentFields, refuseUnknownEvent } from './projection.js';

export interface TimelineActor {
  name: string;
  role: ActorRole;
  /** Present when a regulator's own key recorded the event. */
  regulatorId?: string;
}

/**
 * The audit log: one document per event, never updated. Written insert-only, so `_id` (caseId and
 * version) makes a repeated delivery a duplicate-key error, i.e. already applied.
 */
export interface CaseTimelineEntry {
  /** timelineEntryId(caseId, version) */
  _id: string;
  caseId: string;
  version: number;
  eventId: string;
  type: CaseEventType;
  occurredAt: string;
  recordedAt: string;
  actor: TimelineActor;
  correlationId: string;
  /** What happened, in one English sentence that starts with the actor. */
  line: string;
}

export const CASE_TIMELINE_COLLECTION = 'case_timeline';

// A version never contains ':', so the id stays unambiguous even for case ids that do.
export const timelineEntryId = (caseId: string, version: number): string => `${caseId}:${version}`;

/** `GET /v1/cases/:caseId/timeline` pages by version; unique as a second guard against double inserts. */
export const CASE_TIMELINE_INDEXES: IndexDefinition[] = [
  { key: { caseId: 1, version: 1 }, options: { name: 'caseId_version', unique: true } },
];

export function toTimelineEntry(event: CaseStoredEvent): CaseTimelineEntry {
  const { name, role, regulatorId } = event.actor;
  return {
    _id: timelineEntryId(event.caseId, event.version),
    caseId: event.caseId,
    version: event.version,
    eventId: event.eventId,
    type: event.type,
    occurredAt: event.occurredAt,
    recordedAt: event.recordedAt,
    actor: { name, role, ...presentFields({ regulatorId }) },
    correlationId: event.correlationId,
    line: `${name} (${role}) ${describe(event)}`,
  };
}

const REPORTED: Record<ReportChannel, string> = {
  'social-media': 'reported on social media',
  'dark-web-forum': 'reported on a dark-web forum',
  media: 'reported in the media',
  researcher: 'reported by a researcher',
  regulator: 'reported by a regulator',
  internal: 'reported internally',
};

/** "by VERIS error / Misdelivery, through a partner"; the vocabulary's own names, so the log says what was recorded. */
function howTraced(vector: SourceVector, viaPartner: boolean): string {
  const { action, verisVariety } = SOURCE_VECTOR_CATALOGUE[vector];
  const how = vector === 'unknown' ? 'by an unknown vector' : `by VERIS ${action} / ${verisVariety}`;
  return viaPartner ? `${how}, through a partner` : how;
}

const NOTIFIED_BY: Record<SubjectNotificationChannel, string> = {
  email: 'by email',
  sms: 'by SMS',
  letter: 'by letter',
  'public-notice': 'by public notice',
  'in-app': 'in the app',
};

const CLOSED_AS: Record<Exclude<CaseResolution, 'duplicate'>, string> = {
  'breach-remediated': 'breach remediated',
  'false-report': 'false report',
  'not-our-data': 'not our data',
};

function describe(event: CaseStoredEvent): string {
  switch (event.type) {
    case 'ReportReceived': {
      const { title, jurisdictions, report } = event.payload;
      const claimed =
        report.claimedRecordCount === undefined
          ? 'no record count claimed'
          : `${count(report.claimedRecordCount, 'record')} claimed`;
      return `opened the case "${title}" — ${REPORTED[report.channel]}, ${claimed}; jurisdictions ${jurisdictions.join(', ')}`;
    }
    case 'InvestigatorAssigned':
      return `assigned the case to ${event.payload.investigator}`;
    case 'RiskAssessed': {
      const { riskLevel, estimatedAffectedSubjects } = event.payload;
      return `assessed the risk as ${riskLevel}: about ${count(estimatedAffectedSubjects, 'data subject')} likely affected`;
    }
    case 'NotifiabilityAssessed':
      return describeNotifiability(event.payload);
    case 'SampleVerified': {
      const { matchedRecords, sampleSize, verdict } = event.payload;
      const matched = `${formatNumber(matchedRecords)} of ${count(sampleSize, 'record')} matched`;
      return `verified a sample: ${matched} — verdict ${verdict}`;
    }
    case 'SourceTraced': {
      const { sourceSystem, vector, viaPartner, confidence } = event.payload;
      return `traced the source to ${sourceSystem} ${howTraced(vector, viaPartner)} (confidence ${confidence})`;
    }
    case 'RegulatorNotified': {
      const { regulatorId, notificationId, content } = event.payload;
      return `notified regulator ${regulatorId} (notification ${notificationId}: ${Object.keys(content).join(', ')})`;
    }
    case 'RegulatorNotificationSupplemented': {
      const { regulatorId, notificationId, supplementId, content, reasonForDelay } = event.payload;
      const delay = reasonForDelay === undefined ? '' : ', with reasons for the delay';
      const fields = Object.keys(content).join(', ');
      return `supplemented notification ${notificationId} to regulator ${regulatorId} (supplement ${supplementId}: ${fields})${delay}`;
    }
    case 'RegulatorAcknowledged': {
      const { regulatorId, notificationId, reference } = event.payload;
      const withReference = reference === undefined ? '' : ` (reference ${reference})`;
      return `recorded that regulator ${regulatorId} acknowledged notification ${notificationId}${withReference}`;
    }
    case 'DataSubjectsNotified': {
      const { subjectCount, channel } = event.payload;
      return `notified ${count(subjectCount, 'data subject')} ${NOTIFIED_BY[channel]}`;
    }
    case 'CaseClosed': {
      const { resolution, duplicateOfCaseId } = event.payload;
      return resolution === 'duplicate'
        ? `closed the case as a duplicate of ${duplicateOfCaseId ?? 'another case'}`
        : `closed the case: ${CLOSED_AS[resolution]}`;
    }
    case 'CaseReopened':
      return `reopened the case: ${event.payload.reason}`;
    case 'HoldingStatementDrafted': {
      const { statementId, language, factsVersion } = event.payload;
      return `drafted holding statement ${statementId} (${language}) from the facts at version ${factsVersion}`;
    }
    case 'HoldingStatementApproved':
      return `approved holding statement ${event.payload.statementId}`;
    case 'HoldingStatementPublished':
      return `published holding statement ${event.payload.statementId}`;
    case 'HoldingStatementWithdrawn': {
      const { statementId, reason } = event.payload;
      return `withdrew holding statement ${statementId}: ${reason}`;
    }
    case 'PersonalDataErased':
      return `erased the personal data of the case: ${event.payload.reason}`;
    default:
      return refuseUnknownEvent('case_timeline', event);
  }
}

const RECIPIENT: Record<NotifiabilityChange['recipient'], string> = {
  regulator: 'the regulator',
  'data-subjects': 'the data subjects',
};

/** The outcome per regulator ("regulator / data subjects"), and every outcome a reassessment changed. */
function describeNotifiability(payload: NotifiabilityAssessedPayload): string {
  const { affectedSubjects, confidentiality, riskToIndividuals, outcomes, changes } = payload;
  const facts = `${count(affectedSubjects, 'data subject')}, confidentiality ${confidentiality}, risk ${riskToIndividuals}`;
  const perRegulator = outcomes.map((o) => `${o.regulatorId} ${o.regulator} / ${o.dataSubjects}`).join(', ');
  const assessed = `assessed notifiability (${facts}): ${perRegulator || 'no regulator applies'}`;
  if (changes.length === 0) return assessed;
  const changed = changes.map((c) => `${c.regulatorId} ${RECIPIENT[c.recipient]} ${c.from} → ${c.to}`).join(', ');
  return `${assessed}; outcome changed: ${changed}`;
}

/** Thousands separated by commas, independent of the host's locale data. */
function formatNumber(value: number): string {
  return String(value).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

function count(value: number, noun: string): string {
  return `${formatNumber(value)} ${value === 1 ? noun : `${noun}s`}`;
}
