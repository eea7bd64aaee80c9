import { DomainValidationError, IllegalTransitionError } from '../shared/domain-errors.js';
import type { AssessRisk, AssignInvestigator, ReceiveReport, TraceSource, VerifySample } from './case-commands.js';
import {
  InvestigatorAssigned,
  ReportReceived,
  RiskAssessed,
  SampleVerified,
  SourceTraced,
  type CaseEvent,
} from './case-events.js';
import { optionalField, requireCaseTime, requireNotInFuture } from './case-rules.js';
import type { CaseState, OpenCaseState } from './case-state.js';

// Payloads are built field by field rather than copied from the command, so nothing the command
// happens to carry beyond its type (least of all leaked records) can reach the event store.

export function receiveReport({ data, metadata }: ReceiveReport, state: CaseState): CaseEvent[] {
  if (state.status !== 'absent') {
    throw new IllegalTransitionError('case-already-exists', `Case ${data.caseId} already exists`);
  }
  const { report } = data;
  requireNotInFuture('report.receivedAt', report.receivedAt, metadata.now);
  return [
    ReportReceived.create({
      caseId: data.caseId,
      title: data.title,
      jurisdictions: [...data.jurisdictions],
      report: {
        receivedAt: report.receivedAt,
        channel: report.channel,
        summary: report.summary,
        ...optionalField('sourceUrl', report.sourceUrl),
        ...optionalField('claimedRecordCount', report.claimedRecordCount),
        dataCategories: [...report.dataCategories],
      },
    }),
  ];
}

export function assignInvestigator({ data, metadata }: AssignInvestigator, state: OpenCaseState): CaseEvent[] {
  return [
    InvestigatorAssigned.create({
      caseId: state.caseId,
      investigator: data.investigator,
      assignedAt: requireCaseTime('assignedAt', data.assignedAt, state, metadata.now),
      ...optionalField('note', data.note),
    }),
  ];
}

export function assessRisk({ data, metadata }: AssessRisk, state: OpenCaseState): CaseEvent[] {
  return [
    RiskAssessed.create({
      caseId: state.caseId,
      assessedAt: requireCaseTime('assessedAt', data.assessedAt, state, metadata.now),
      riskLevel: data.riskLevel,
      likelyConsequences: data.likelyConsequences,
      estimatedAffectedSubjects: data.estimatedAffectedSubjects,
      ...optionalField('notes', data.notes),
    }),
  ];
}

/** May be repeated: a later sample check overrides the verdict of earlier ones. */
export function verifySample({ data, metadata }: VerifySample, state: OpenCaseState): CaseEvent[] {
  const verifiedAt = requireCaseTime('verifiedAt', data.verifiedAt, state, metadata.now);
  const { sampleSize, matchedRecords, confirmedDataCategories, method, verdict } = data;
  if (matchedRecords > sampleSize) {
    throw new DomainValidationError(
      'matchedRecords',
      'matched-within-sample',
      `matchedRecords (${matchedRecords}) cannot exceed sampleSize (${sampleSize})`,
    );
  }
  if (verdict === 'confirmed' && confirmedDataCategories.length === 0) {
    throw new DomainValidationError(
      'confirmedDataCategories',
      'required-when-confirmed',
      'A confirmed sample must name at least one confirmed data category',
    );
  }
  return [
    SampleVerified.create({
      caseId: state.caseId,
      verifiedAt,
      sampleSize,
      matchedRecords,
      confirmedDataCategories: [...confirmedDataCategories],
      method,
      verdict,
    }),
  ];
}

/** May be repeated as the trace is refined. */
export function traceSource({ data, metadata }: TraceSource, state: OpenCaseState): CaseEvent[] {
  return [
    SourceTraced.create({
      caseId: state.caseId,
      tracedAt: requireCaseTime('tracedAt', data.tracedAt, state, metadata.now),
      sourceSystem: data.sourceSystem,
      vector: data.vector,
      viaPartner: data.viaPartner ?? false,
      confidence: data.confidence,
      summary: data.summary,
      ...optionalField('containment', data.containment),
    }),
  ];
}
