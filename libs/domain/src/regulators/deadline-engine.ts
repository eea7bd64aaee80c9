import type { CaseResolution, Jurisdiction } from '../case/vocabulary.js';
import { clockStartedAt, type ClockFacts, type ClockNotification } from './clock-facts.js';
import { annualLogDueAt, dueAtFor } from './deadline-arithmetic.js';
import {
  evaluateNotifiability,
  type NotifiabilityOutcome,
  type RegulatorNotifiability,
  toBeAssessed,
} from './notifiability.js';
import type { StatementLanguage } from '../holding-statement/holding-statement-types.js';
import type { RegulatorDefinition } from './regulator-definition.js';
import { regulatorName } from './regulator-name.js';

/**
 * * `not-started`: the event that starts the clock hasn't happened (no `dueAt`).
 * * `pending`: running, not yet notified, `now` at or before `dueAt`.
 * * `met`: notified at or before `dueAt`, or before the clock even started.
 * * `met-late`: notified after `dueAt`.
 * * `overdue`: not notified and `now` after `dueAt`.
 * * `not-required`: the latest notifiability assessment found the regulator need not be told; never overdue.
 */
export const DEADLINE_STATES = ['not-started', 'pending', 'met', 'met-late', 'overdue', 'not-required'] as const;
export type DeadlineState = (typeof DEADLINE_STATES)[number];

/** One regulator's clock for one case. Instants are ISO-8601 UTC strings; absent fields are omitted. */
export interface DeadlineStatus {
  regulatorId: string;
  /** In the language the deadlines were computed for. */
  regulatorName: string;
  state: DeadlineState;
  clockStartedAt?: string;
  dueAt?: string;
  /** The first notification to this regulator; its supplements don't move the clock. */
  notificationId?: string;
  notifiedAt?: string;
  /** While the clock runs unmet (`pending`, `overdue`): (dueAt − now) in hours, one decimal, negative once overdue. */
  hoursRemaining?: number;
  /** The regulator's outcome in the latest notifiability assessment; absent until one is recorded. */
  notifiability?: NotifiabilityOutcome;
}

/**
 * Closing as one of these without a confirmed sample means there was no breach of ours: no clock
 * runs, not even those that start before awareness (the NDB assessment clock starts at the report).
 */
export const NO_BREACH_RESOLUTIONS: readonly CaseResolution[] = ['false-report', 'not-our-data', 'duplicate'];

const HOUR_MS = 60 * 60 * 1000;

/** The regulators whose law reaches this case: its jurisdictions, and `appliesWhen` if any. */
export function applicableRegulators(
  facts: ClockFacts,
  regulators: readonly RegulatorDefinition[],
): RegulatorDefinition[] {
  return regulatorsReaching(facts.jurisdictions, facts.estimatedAffectedSubjects, regulators);
}

/**
 * `minAffectedSubjects` applies while the number is unknown: a clock that may be running is shown
 * rather than hidden until an assessment gives a number below the threshold.
 */
export function regulatorsReaching(
  jurisdictions: readonly Jurisdiction[],
  affectedSubjects: number | undefined,
  regulators: readonly RegulatorDefinition[],
): RegulatorDefinition[] {
  return regulators.filter((r) => {
    const min = r.appliesWhen?.minAffectedSubjects;
    const applies = min === undefined || affectedSubjects === undefined || affectedSubjects >= min;
    return jurisdictions.includes(r.jurisdiction) && applies;
  });
}

/** Every applicable regulator's clock for the case as of `now`, in registry order, regulators named in `language`. */
export function computeDeadlines(
  facts: ClockFacts,
  regulators: readonly RegulatorDefinition[],
  now: Date,
  language: StatementLanguage = 'en',
): DeadlineStatus[] {
  const noBreach =
    facts.resolution !== undefined &&
    NO_BREACH_RESOLUTIONS.includes(facts.resolution) &&
    facts.firstConfirmedSampleAt === undefined;
  return applicableRegulators(facts, regulators).map((regulator) => {
    const assessed = facts.notifiability?.find((n) => n.regulatorId === regulator.id);
    const startedAt = noBreach
      ? undefined
      : clockStartedAt(facts, regulator.deadline.clockStartsAt, assessed?.requiredSince);
    return deadlineFor(regulator, regulatorName(regulator, language), facts, startedAt, assessed?.regulator, now);
  });
}

/**
 * Each applicable regulator's notifiability, in registry order: the latest assessment's recorded
 * outcome, or `assess` (with the reason) for a regulator it did not cover or while none is recorded.
 */
export function computeNotifiability(
  facts: ClockFacts,
  regulators: readonly RegulatorDefinition[],
): RegulatorNotifiability[] {
  return applicableRegulators(facts, regulators).map((regulator) => {
    const assessed = facts.notifiability?.find((n) => n.regulatorId === regulator.id);
    if (assessed) {
      const { regulatorId, regulator: toRegulator, dataSubjects, legalBasis, reasons } = assessed;
      return { regulatorId, regulator: toRegulator, dataSubjects, legalBasis, reasons };
    }
    if (facts.notifiability === undefined) return evaluateNotifiability(undefined, [regulator])[0];
    return toBeAssessed(
      regulator,
      'the latest notifiability assessment did not cover this regulator (added since): reassess',
    );
  });
}

function deadlineFor(
  regulator: RegulatorDefinition,
  name: string,
  facts: ClockFacts,
  startedAt: string | undefined,
  outcome: NotifiabilityOutcome | undefined,
  now: Date,
): DeadlineStatus {
  const notification = firstNotification(facts.notifications, regulator.id);
  const base = {
    regulatorId: regulator.id,
    regulatorName: name,
    ...(notification
      ? {
          notificationId: notification.notificationId,
          notifiedAt: notification.notifiedAt,
        }
      : {}),
    ...(outcome !== undefined && { notifiability: outcome }),
  };
  if (outcome === 'not-required') return { ...base, state: 'not-required' };
  if (startedAt === undefined) {
    return { ...base, state: notification ? 'met' : 'not-started' };
  }
  const start = Date.parse(startedAt);
  const due = outcome === 'annual-log' ? annualLogDueAt(start) : dueAtFor(start, regulator.deadline);
  const clock = {
    clockStartedAt: new Date(start).toISOString(),
    dueAt: new Date(due).toISOString(),
  };
  if (notification) {
    return {
      ...base,
      ...clock,
      state: Date.parse(notification.notifiedAt) <= due ? 'met' : 'met-late',
    };
  }
  // `+ 0` turns a rounded -0 into 0.
  const hoursRemaining = Math.round((due - now.getTime()) / (HOUR_MS / 10)) / 10 + 0;
  return {
    ...base,
    ...clock,
    state: now.getTime() > due ? 'overdue' : 'pending',
    hoursRemaining,
  };
}

function firstNotification(notifications: readonly ClockNotification[], regulatorId: string) {
  return notifications
    .filter((n) => n.regulatorId === regulatorId)
    .reduce<ClockNotification | undefined>(
      (first, n) => (first === undefined || Date.parse(n.notifiedAt) < Date.parse(first.notifiedAt) ? n : first),
      undefined,
    );
}

/** For metrics: how many of these clocks are overdue. */
export function countOverdue(statuses: readonly DeadlineStatus[]): number {
  return statuses.filter((s) => s.state === 'overdue').length;
}
