import type { CaseEvent } from '../case/case-events.js';
import type { CaseResolution, Jurisdiction } from '../case/vocabulary.js';
import type { RegulatorNotifiability } from './notifiability.js';
import type { ClockStart } from './regulator-definition.js';

/** A regulator notification as far as deadlines care: supplements and acknowledgements don't stop a clock. */
export interface ClockNotification {
  notificationId: string;
  regulatorId: string;
  notifiedAt: string;
}

/** A regulator's outcome in the latest notifiability assessment, as its clock needs it. */
export interface ClockNotifiability extends RegulatorNotifiability {
  /**
   * `assessedAt` of the assessment since which the regulator is to be told (`required` or `annual-log`):
   * the moment PDPA s.26D's "assessed notifiable" clock starts. Absent while it is not.
   */
  requiredSince?: string;
}

/**
 * The case facts legal clocks depend on, instants as ISO-8601 strings. Build it with
 * `clockFactsFromEvents`, or keep it as a read model updated from the same events.
 */
export interface ClockFacts {
  reportReceivedAt: string;
  jurisdictions: Jurisdiction[];
  /** `verifiedAt` of the earliest `confirmed` SampleVerified: the moment of awareness. */
  firstConfirmedSampleAt?: string;
  /** `assessedAt` of the earliest RiskAssessed at level `critical`: the materiality determination. */
  firstCriticalRiskAssessedAt?: string;
  /**
   * From the most recent RiskAssessed or NotifiabilityAssessed; decides regulators with
   * `appliesWhen.minAffectedSubjects`.
   */
  estimatedAffectedSubjects?: number;
  /** The latest notifiability assessment's outcomes; absent until one is recorded. */
  notifiability?: ClockNotifiability[];
  notifications: ClockNotification[];
  /** Present while the case is closed; a reopen removes both. */
  closedAt?: string;
  resolution?: CaseResolution;
}

/**
 * The case fact that stands for each legal clock start, or undefined while it hasn't happened.
 *
 * * `awareness` (UU PDP, GDPR), `knowledge-of-failure` (PM 20/2016) and `discovery` (HIPAA): the
 *   first confirmed sample. DOMAIN.md: a `confirmed` verdict is the moment of awareness.
 * * `assessed-notifiable` (PDPA): the notifiability assessment since which the regulator's outcome
 *   is `required` (`requiredSince`); until one is recorded, the first confirmed sample, the earliest
 *   the breach can be assessed notifiable.
 * * `reasonable-suspicion` (NDB): the report's receipt; a credible claim is reasonable grounds to suspect.
 * * `materiality-determination` (SEC): the first risk assessment at level `critical`; a dedicated
 *   "determined material" event would refine it.
 */
export function clockStartedAt(facts: ClockFacts, clockStart: ClockStart, requiredSince?: string): string | undefined {
  switch (clockStart) {
    case 'assessed-notifiable':
      return requiredSince ?? facts.firstConfirmedSampleAt;
    case 'awareness':
    case 'knowledge-of-failure':
    case 'discovery':
      return facts.firstConfirmedSampleAt;
    case 'reasonable-suspicion':
      return facts.reportReceivedAt;
    case 'materiality-determination':
      return facts.firstCriticalRiskAssessedAt;
  }
}

/** Folds a case's events, in stream order, into its clock facts. */
export function clockFactsFromEvents(events: readonly CaseEvent[]): ClockFacts {
  if (events[0]?.type !== 'ReportReceived') {
    throw new Error('Corrupt case stream: it does not start with ReportReceived');
  }
  return events.reduce<ClockFacts | undefined>(evolveClockFacts, undefined) as ClockFacts;
}

/** One step of that fold, for read models that keep clock facts current event by event. */
export function evolveClockFacts(facts: ClockFacts | undefined, event: CaseEvent): ClockFacts {
  if (event.type === 'ReportReceived') {
    if (facts) throw new Error('Corrupt case stream: a second ReportReceived');
    return {
      reportReceivedAt: event.payload.report.receivedAt,
      jurisdictions: [...event.payload.jurisdictions],
      notifications: [],
    };
  }
  if (!facts) throw new Error(`Corrupt case stream: ${event.type} before ReportReceived`);
  return applyEvent(facts, event);
}

function applyEvent(facts: ClockFacts, event: CaseEvent): ClockFacts {
  switch (event.type) {
    case 'SampleVerified': {
      const { verdict, verifiedAt } = event.payload;
      if (verdict !== 'confirmed') return facts;
      return {
        ...facts,
        firstConfirmedSampleAt: earliest(facts.firstConfirmedSampleAt, verifiedAt),
      };
    }
    case 'RiskAssessed': {
      const { riskLevel, assessedAt, estimatedAffectedSubjects } = event.payload;
      const critical =
        riskLevel === 'critical'
          ? {
              firstCriticalRiskAssessedAt: earliest(facts.firstCriticalRiskAssessedAt, assessedAt),
            }
          : {};
      return { ...facts, ...critical, estimatedAffectedSubjects };
    }
    case 'NotifiabilityAssessed': {
      const { assessedAt, affectedSubjects, outcomes } = event.payload;
      const notifiability = outcomes.map((outcome): ClockNotifiability => {
        const before = facts.notifiability?.find((n) => n.regulatorId === outcome.regulatorId);
        const requiredSince = isToBeTold(outcome) ? (before?.requiredSince ?? assessedAt) : undefined;
        return { ...outcome, reasons: [...outcome.reasons], ...(requiredSince !== undefined && { requiredSince }) };
      });
      return { ...facts, estimatedAffectedSubjects: affectedSubjects, notifiability };
    }
    case 'RegulatorNotified': {
      const { notificationId, regulatorId, notifiedAt } = event.payload;
      return {
        ...facts,
        notifications: [...facts.notifications, { notificationId, regulatorId, notifiedAt }],
      };
    }
    case 'CaseClosed': {
      const { closedAt, resolution } = event.payload;
      return { ...facts, closedAt, resolution };
    }
    case 'CaseReopened': {
      const { closedAt: _closedAt, resolution: _resolution, ...open } = facts;
      return open;
    }
    case 'ReportReceived':
      throw new Error('Corrupt case stream: a second ReportReceived');
    default:
      return facts;
  }
}

const isToBeTold = (outcome: RegulatorNotifiability): boolean =>
  outcome.regulator === 'required' || outcome.regulator === 'annual-log';

/** Investigators may record checks out of order: the earliest instant counts, whatever the stream order. */
function earliest(current: string | undefined, candidate: string): string {
  return current !== undefined && Date.parse(current) <= Date.parse(candidate) ? current : candidate;
}
