import { DomainValidationError } from './domain-errors.js';

// Value checks shared by deciders. Each returns the checked value typed, or throws a
// DomainValidationError naming the field and the rule. Commands are typed, but they arrive from
// JSON through the shell, and whatever passes here is stored in events for good.

const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/;

/** Clocks of investigators' machines and of our servers disagree a little; don't refuse them for it. */
export const ALLOWED_CLOCK_SKEW_MS = 5 * 60 * 1000;

export function requireText(field: string, value: unknown): string {
  if (typeof value !== 'string' || value.trim() === '') {
    throw new DomainValidationError(field, 'required', `${field} is required`);
  }
  return value;
}

export function requireOptionalText(field: string, value: unknown): string | undefined {
  if (value !== undefined && typeof value !== 'string') {
    throw new DomainValidationError(field, 'text', `${field} must be text`);
  }
  return value;
}

export function requireOptionalBoolean(field: string, value: unknown): boolean | undefined {
  if (value === undefined || typeof value === 'boolean') return value;
  throw new DomainValidationError(field, 'boolean', `${field} must be true or false`);
}

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

export function requireNonNegativeInteger(field: string, value: unknown): number {
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 0) {
    throw new DomainValidationError(field, 'non-negative-integer', `${field} must be a whole number ≥ 0`);
  }
  return value;
}

export function requirePositiveInteger(field: string, value: unknown): number {
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 1) {
    throw new DomainValidationError(field, 'positive-integer', `${field} must be a whole number ≥ 1`);
  }
  return value;
}

export function requireBoolean(field: string, value: unknown): boolean {
  if (typeof value !== 'boolean') {
    throw new DomainValidationError(field, 'boolean', `${field} must be true or false`);
  }
  return value;
}

export function requireOneOf<T extends string>(field: string, value: unknown, allowed: readonly T[]): T {
  if (!allowed.includes(value as T)) {
    throw new DomainValidationError(field, 'in-vocabulary', `${field} must be one of: ${allowed.join(', ')}`);
  }
  return value as T;
}

export function requireListOf<T extends string>(field: string, values: unknown, allowed: readonly T[]): T[] {
  if (!Array.isArray(values)) {
    throw new DomainValidationError(field, 'list', `${field} must be a list`);
  }
  return values.map((value: unknown) => requireOneOf(field, value, allowed));
}

/**
 * A flat map of field name → text. Keys holding '.' or '$' are refused because document stores
 * (MongoDB) read them as paths and operators.
 */
export function requireTextFields(field: string, value: unknown): Record<string, string> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new DomainValidationError(field, 'text-fields', `${field} must map field names to text`);
  }
  const entries = Object.entries(value);
  if (entries.length === 0) {
    throw new DomainValidationError(field, 'non-empty', `${field} must have at least one field`);
  }
  for (const [key, text] of entries) {
    if (key === '' || key.includes('.') || key.includes('$')) {
      throw new DomainValidationError(
        field,
        'safe-field-name',
        `${field} field names must be non-empty, without '.' or '$'`,
      );
    }
    if (typeof text !== 'string') {
      throw new DomainValidationError(`${field}.${key}`, 'text', `${field}.${key} must be text`);
    }
  }
  return Object.fromEntries(entries) as Record<string, string>;
}

/** `{ key: value }`, or `{}` when the value is undefined: payloads omit absent options rather than store undefined. */
export function optionalField<K extends string, V>(key: K, value: V | undefined): { [P in K]?: V } {
  return (value === undefined ? {} : { [key]: value }) as { [P in K]?: V };
}
