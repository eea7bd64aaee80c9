import { DomainValidationError } from './domain-errors.js';

// Checks of what a command's values mean, shared by deciders: each throws a DomainValidationError naming the field
// and the rule. A value's shape (a string, a date-time, a word of a vocabulary) is the shell's to check, at the edge.

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
