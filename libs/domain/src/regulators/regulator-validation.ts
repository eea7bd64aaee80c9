import { DomainValidationError } from '../shared/domain-errors.js';
import { isRecord, text, unknownKeys } from './definition-checks.js';
import { validateNotifiability } from './notifiability-validation.js';
import { JURISDICTIONS, type Jurisdiction } from '../case/vocabulary.js';
import { STATEMENT_LANGUAGES, type StatementLanguage } from '../holding-statement/holding-statement-types.js';
import {
  CLOCK_STARTS,
  CONTENT_FIELD_PATTERN,
  DEADLINE_UNITS,
  MAX_DEADLINE_AMOUNT,
  REGULATOR_ID_PATTERN,
  type ApplicabilityCondition,
  type ClockStart,
  type DeadlineUnit,
  type RegulatorDefinition,
  type RegulatorDelivery,
  type RequiredContentField,
} from './regulator-definition.js';
import type { RegulatorDisplayName } from './regulator-name.js';

// ---------------------------------------------------------------------------------------------
// Notification content against the regulator's law
// ---------------------------------------------------------------------------------------------

export interface ContentCheck {
  /** Required fields absent or blank, in the regulator's order: a notification with any is refused. */
  missing: string[];
  /** Fields the regulator doesn't list. Allowed (laws set a minimum), reported so the shell may warn. */
  unknown: string[];
}

export function validateNotificationContent(
  regulator: RegulatorDefinition,
  content: Readonly<Record<string, string>>,
): ContentCheck {
  const required = new Set(regulator.requiredContent.map((c) => c.field));
  const missing = regulator.requiredContent
    .map((c) => c.field)
    .filter((field) => {
      const value = Object.hasOwn(content, field) ? content[field] : undefined;
      return typeof value !== 'string' || value.trim() === '';
    });
  const unknown = Object.keys(content).filter((field) => !required.has(field));
  return { missing, unknown };
}

/**
 * Throws a DomainValidationError (HTTP 400) on field `content`, rule `required-by-regulator`, listing
 * the missing fields, when the content lacks any field the regulator's law requires.
 */
export function requireNotificationContent(
  regulator: RegulatorDefinition,
  content: Readonly<Record<string, string>>,
): void {
  const { missing } = validateNotificationContent(regulator, content);
  if (missing.length > 0) {
    throw new MissingNotificationContentError(regulator, missing);
  }
}

export class MissingNotificationContentError extends DomainValidationError {
  constructor(
    regulator: RegulatorDefinition,
    readonly missing: string[],
  ) {
    super(
      'content',
      'required-by-regulator',
      `content is missing ${missing.length === 1 ? 'a field' : 'fields'} required by ${regulator.legalBasis} ` +
        `for ${regulator.id}: ${missing.join(', ')}`,
    );
    this.name = 'MissingNotificationContentError';
  }
}

// ---------------------------------------------------------------------------------------------
// Regulator definitions from the admin endpoint and the CLI
// ---------------------------------------------------------------------------------------------

export type RegulatorValidation = { ok: true; regulator: RegulatorDefinition } | { ok: false; errors: string[] };

const TOP_LEVEL_KEYS = [
  'id',
  'name',
  'jurisdiction',
  'legalBasis',
  'deadline',
  'requiredContent',
  'appliesWhen',
  'notifiability',
  'delivery',
];
const DEADLINE_KEYS = ['amount', 'unit', 'clockStartsAt', 'description'];
const CONTENT_KEYS = ['field', 'label', 'description'];
const APPLIES_WHEN_KEYS = ['minAffectedSubjects'];

/**
 * Checks a definition arriving as JSON. Every error names its field path (e.g. `deadline.amount`,
 * `requiredContent[1].field`); unknown keys are refused so a typo doesn't silently drop a rule. On
 * success the regulator is a fresh copy holding only the known keys.
 */
export function validateRegulatorDefinition(raw: unknown): RegulatorValidation {
  const errors: string[] = [];
  if (!isRecord(raw)) return { ok: false, errors: ['regulator must be a JSON object'] };
  unknownKeys('', raw, TOP_LEVEL_KEYS, errors);

  const id = text('id', raw.id, errors, 48);
  if (id !== undefined && !REGULATOR_ID_PATTERN.test(id)) {
    errors.push('id must be 2–48 characters of lowercase letters, digits and hyphens');
  }
  const name = validateName(raw.name, errors);
  const jurisdiction = oneOf<Jurisdiction>('jurisdiction', raw.jurisdiction, JURISDICTIONS, errors);
  const legalBasis = text('legalBasis', raw.legalBasis, errors);
  const deadline = validateDeadline(raw.deadline, errors);
  const requiredContent = validateRequiredContent(raw.requiredContent, errors);
  const appliesWhen = raw.appliesWhen === undefined ? undefined : validateAppliesWhen(raw.appliesWhen, errors);
  const notifiability = raw.notifiability === undefined ? undefined : validateNotifiability(raw.notifiability, errors);
  const delivery = validateDelivery(raw.delivery, errors);

  if (errors.length > 0) return { ok: false, errors };
  return {
    ok: true,
    regulator: {
      id: id!,
      name: name!,
      jurisdiction: jurisdiction!,
      legalBasis: legalBasis!,
      deadline: deadline!,
      requiredContent: requiredContent!,
      ...(appliesWhen ? { appliesWhen } : {}),
      ...(notifiability ? { notifiability } : {}),
      delivery: delivery!,
    },
  };
}

/** A plain string, or `{ en?, id? }` with at least one language: the one given is used for the others. */
function validateName(raw: unknown, errors: string[]): RegulatorDisplayName | undefined {
  if (!isRecord(raw)) return text('name', raw, errors);
  unknownKeys('name.', raw, STATEMENT_LANGUAGES, errors);
  const name: Partial<Record<StatementLanguage, string>> = {};
  for (const language of STATEMENT_LANGUAGES) {
    if (raw[language] === undefined) continue;
    const given = text(`name.${language}`, raw[language], errors);
    if (given !== undefined) name[language] = given;
  }
  if (STATEMENT_LANGUAGES.every((language) => raw[language] === undefined)) {
    errors.push(`name must give the name in at least one language (${STATEMENT_LANGUAGES.join(', ')})`);
    return undefined;
  }
  return name;
}

function validateDeadline(raw: unknown, errors: string[]): RegulatorDefinition['deadline'] | undefined {
  if (!isRecord(raw)) {
    errors.push('deadline must be an object with amount, unit, clockStartsAt and description');
    return undefined;
  }
  unknownKeys('deadline.', raw, DEADLINE_KEYS, errors);
  const amount = raw.amount;
  const amountOk = Number.isSafeInteger(amount) && (amount as number) >= 1 && (amount as number) <= MAX_DEADLINE_AMOUNT;
  if (!amountOk) errors.push(`deadline.amount must be a whole number from 1 to ${MAX_DEADLINE_AMOUNT}`);
  const unit = oneOf<DeadlineUnit>('deadline.unit', raw.unit, DEADLINE_UNITS, errors);
  const clockStartsAt = oneOf<ClockStart>('deadline.clockStartsAt', raw.clockStartsAt, CLOCK_STARTS, errors);
  const description = text('deadline.description', raw.description, errors);
  if (!amountOk || !unit || !clockStartsAt || description === undefined) return undefined;
  return { amount: amount as number, unit, clockStartsAt, description };
}

function validateRequiredContent(raw: unknown, errors: string[]): RequiredContentField[] | undefined {
  if (!Array.isArray(raw) || raw.length === 0) {
    errors.push('requiredContent must be a non-empty list of { field, label, description? }');
    return undefined;
  }
  const seen = new Set<string>();
  const fields = raw.map((item: unknown, index): RequiredContentField | undefined => {
    const path = `requiredContent[${index}]`;
    if (!isRecord(item)) {
      errors.push(`${path} must be an object with field, label and an optional description`);
      return undefined;
    }
    unknownKeys(`${path}.`, item, CONTENT_KEYS, errors);
    const field = text(`${path}.field`, item.field, errors, 64);
    if (field !== undefined && !CONTENT_FIELD_PATTERN.test(field)) {
      errors.push(`${path}.field must be camelCase: a lowercase letter, then letters and digits`);
    } else if (field !== undefined && seen.has(field)) {
      errors.push(`${path}.field ${field} is listed twice`);
    }
    if (field !== undefined) seen.add(field);
    const label = text(`${path}.label`, item.label, errors);
    const description =
      item.description === undefined ? undefined : text(`${path}.description`, item.description, errors);
    if (field === undefined || label === undefined) return undefined;
    return {
      field,
      label,
      ...(description !== undefined ? { description } : {}),
    };
  });
  return fields.every((f) => f !== undefined) ? (fields as RequiredContentField[]) : undefined;
}

function validateAppliesWhen(raw: unknown, errors: string[]): ApplicabilityCondition | undefined {
  if (!isRecord(raw)) {
    errors.push('appliesWhen must be an object, e.g. { "minAffectedSubjects": 500 }');
    return undefined;
  }
  unknownKeys('appliesWhen.', raw, APPLIES_WHEN_KEYS, errors);
  const min = raw.minAffectedSubjects;
  if (min === undefined) return undefined;
  if (!Number.isSafeInteger(min) || (min as number) < 1) {
    errors.push('appliesWhen.minAffectedSubjects must be a whole number ≥ 1');
    return undefined;
  }
  return { minAffectedSubjects: min as number };
}

function validateDelivery(raw: unknown, errors: string[]): RegulatorDelivery | undefined {
  if (!isRecord(raw)) {
    errors.push('delivery must be { "mode": "feed" } or { "mode": "webhook", "url": "https://…" }');
    return undefined;
  }
  if (raw.mode === 'feed') {
    unknownKeys('delivery.', raw, ['mode'], errors);
    return { mode: 'feed' };
  }
  if (raw.mode !== 'webhook') {
    errors.push('delivery.mode must be one of: feed, webhook');
    return undefined;
  }
  unknownKeys('delivery.', raw, ['mode', 'url'], errors);
  const url = text('delivery.url', raw.url, errors, 2048);
  if (url === undefined) return undefined;
  const parsed = URL.canParse(url) ? new URL(url) : undefined;
  if (!parsed || (parsed.protocol !== 'https:' && parsed.protocol !== 'http:')) {
    errors.push('delivery.url must be an absolute http(s) URL');
    return undefined;
  }
  if (parsed.username !== '' || parsed.password !== '') {
    errors.push('delivery.url must not carry credentials; signing secrets are configured separately');
    return undefined;
  }
  return { mode: 'webhook', url };
}

function oneOf<T extends string>(
  field: string,
  value: unknown,
  allowed: readonly T[],
  errors: string[],
): T | undefined {
  if (!allowed.includes(value as T)) {
    errors.push(`${field} must be one of: ${allowed.join(', ')}`);
    return undefined;
  }
  return value as T;
}
