import { DomainValidationError, IllegalTransitionError } from '../shared/domain-errors.js';
import {
  optionalField,
  requireListOf,
  requireNonNegativeInteger,
  requireNotInFuture,
  requireOneOf,
  requireOptionalBoolean,
  requireOptionalText,
  requirePositiveInteger,
  requireText,
} from '../shared/value-checks.js';
import type { AssessRisk, AssignInvestigator, ReceiveReport, TraceSource, VerifySample } from './case-commands.js';
import {
  InvestigatorAssigned,
  ReportReceived,
  RiskAssessed,
  SampleVerified,
  SourceTraced,
  type CaseEvent,
} from './case-events.js';
import { requireCaseTime } from './case-rules.js';
import type { CaseState, OpenCaseState } from './case-state.js';
import {
  DATA_CATEGORIES,
  JURISDICTIONS,
  REPORT_CHANNELS,
  RISK_LEVELS,
  SAMPLE_VERDICTS,
  SOURCE_VECTORS,
  TRACE_CONFIDENCE_LEVELS,
} from './vocabulary.js';

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
      caseId: requireText('caseId', data.caseId),
      title: requireText('title', data.title),
      jurisdictions: requireListOf('jurisdictions', data.jurisdictions, JURISDICTIONS),
      report: {
        receivedAt: report.receivedAt,
        channel: requireOneOf('report.channel', report.channel, REPORT_CHANNELS),
        summary: requireText('report.summary', report.summary),
        ...optionalField('sourceUrl', requireOptionalText('report.sourceUrl', report.sourceUrl)),
        ...(report.claimedRecordCount === undefined
          ? {}
          : { claimedRecordCount: requireNonNegativeInteger('report.claimedRecordCount', report.claimedRecordCount) }),
        dataCategories: requireListOf('report.dataCategories', report.dataCategories, DATA_CATEGORIES),
      },
    }),
  ];
}

export function assignInvestigator({ data, metadata }: AssignInvestigator, state: OpenCaseState): CaseEvent[] {
  return [
    InvestigatorAssigned.create({
      caseId: state.caseId,
      investigator: requireText('investigator', data.investigator),
      assignedAt: requireCaseTime('assignedAt', data.assignedAt, state, metadata.now),
      ...optionalField('note', requireOptionalText('note', data.note)),
    }),
  ];
}

export function assessRisk({ data, metadata }: AssessRisk, state: OpenCaseState): CaseEvent[] {
  return [
    RiskAssessed.create({
      caseId: state.caseId,
      assessedAt: requireCaseTime('assessedAt', data.assessedAt, state, metadata.now),
      riskLevel: requireOneOf('riskLevel', data.riskLevel, RISK_LEVELS),
      likelyConsequences: requireText('likelyConsequences', data.likelyConsequences),
      estimatedAffectedSubjects: requireNonNegativeInteger('estimatedAffectedSubjects', data.estimatedAffectedSubjects),
      ...optionalField('notes', requireOptionalText('notes', data.notes)),
    }),
  ];
}

/** May be repeated: a later sample check overrides the verdict of earlier ones. */
export function verifySample({ data, metadata }: VerifySample, state: OpenCaseState): CaseEvent[] {
  const verifiedAt = requireCaseTime('verifiedAt', data.verifiedAt, state, metadata.now);
  const sampleSize = requirePositiveInteger('sampleSize', data.sampleSize);
  const matchedRecords = requireNonNegativeInteger('matchedRecords', data.matchedRecords);
  if (matchedRecords > sampleSize) {
    throw new DomainValidationError(
      'matchedRecords',
      'matched-within-sample',
      `matchedRecords (${matchedRecords}) cannot exceed sampleSize (${sampleSize})`,
    );
  }
  const confirmedDataCategories = requireListOf(
    'confirmedDataCategories',
    data.confirmedDataCategories,
    DATA_CATEGORIES,
  );
  const method = requireText('method', data.method);
  const verdict = requireOneOf('verdict', data.verdict, SAMPLE_VERDICTS);
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
      confirmedDataCategories,
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
      sourceSystem: requireText('sourceSystem', data.sourceSystem),
      vector: requireOneOf('vector', data.vector, SOURCE_VECTORS),
      viaPartner: requireOptionalBoolean('viaPartner', data.viaPartner) ?? false,
      confidence: requireOneOf('confidence', data.confidence, TRACE_CONFIDENCE_LEVELS),
      summary: requireText('summary', data.summary),
      ...optionalField('containment', requireOptionalText('containment', data.containment)),
    }),
  ];
}
