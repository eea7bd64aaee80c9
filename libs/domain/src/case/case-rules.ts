import { DomainValidationError, IllegalTransitionError } from '../shared/domain-errors.js';
import { requireInstant, requireNotInFuture } from '../shared/value-checks.js';
import type { ExistingCaseState, NotificationState } from './case-state.js';

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
