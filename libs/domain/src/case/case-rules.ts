import { DomainValidationError, IllegalTransitionError } from '../shared/domain-errors.js';
import type { ExistingCaseState, NotificationState } from './case-state.js';

// What a command's values mean for the case, checked by the decisions: each refusal names the field and the rule.
// A value's shape (a string, a date-time, a word of a vocabulary) is the shell's to check, at the edge.

const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/;

/** Clocks of investigators' machines and of our servers disagree a little; don't refuse them for it. */
export const ALLOWED_CLOCK_SKEW_MS = 5 * 60 * 1000;

/** Returns the instant in epoch milliseconds. */
export function requireInstant(field: string, value: unknown): number {
  const instant = typeof value === 'string' && ISO_INSTANT.test(value) ? Date.parse(value) : Number.NaN;
  if (Number.isNaN(instant)) {
    throw new DomainValidationError(
      field,
      'iso-8601-instant',
      `${field} must be an ISO-8601 date-time with a time zone, e.g. 2021-05-20T08:00:00Z`,
    );
  }
  return instant;
}

export function requireNotInFuture(field: string, value: string, now: Date): void {
  if (requireInstant(field, value) > now.getTime() + ALLOWED_CLOCK_SKEW_MS) {
    throw new DomainValidationError(field, 'not-in-future', `${field} ${value} is in the future`);
  }
}

/** `{ key: value }`, or `{}` when the value is undefined: payloads omit absent options rather than store undefined. */
export function optionalField<K extends string, V>(key: K, value: V | undefined): { [P in K]?: V } {
  return (value === undefined ? {} : { [key]: value }) as { [P in K]?: V };
}

/** When something happened on a case: a valid instant, not before the report arrived, not in the future. */
export function requireCaseTime(field: string, value: unknown, state: ExistingCaseState, now: Date): string {
  requireNotBefore(field, value, state.receivedAt, 'not-before-report', 'the report was received');
  requireNotInFuture(field, value as string, now);
  return value as string;
}

export function requireNotBefore(field: string, value: unknown, earlier: string, rule: string, what: string): void {
  if (requireInstant(field, value) < Date.parse(earlier)) {
    throw new DomainValidationError(field, rule, `${field} ${String(value)} is before ${what} (${earlier})`);
  }
}

/** The shell loads the stream by caseId; a command naming another case is a routing bug, not a request to honour. */
export function requireSameCase(caseId: string, state: ExistingCaseState): void {
  if (caseId !== state.caseId) {
    throw new DomainValidationError(
      'caseId',
      'matches-case',
      `Command for case ${caseId} sent to case ${state.caseId}`,
    );
  }
}

export function requireConfirmedSample(state: ExistingCaseState, rule: string, action: string): void {
  if (state.latestVerdict !== 'confirmed') {
    throw new IllegalTransitionError(
      rule,
      `Case ${state.caseId}: ${action} requires the latest sample verdict to be 'confirmed' (it is ${describeVerdict(state)})`,
    );
  }
}

export function describeVerdict(state: ExistingCaseState): string {
  return state.latestVerdict === null ? 'not verified yet' : `'${state.latestVerdict}'`;
}

export function findNotification(state: ExistingCaseState, notificationId: string): NotificationState {
  const notification = state.notifications.find((n) => n.notificationId === notificationId);
  if (!notification) {
    throw new IllegalTransitionError(
      'unknown-notification',
      `Case ${state.caseId} has no regulator notification ${notificationId}`,
    );
  }
  return notification;
}
