import {
  AVAILABILITY_LOSSES,
  CONFIDENTIALITY_LOSSES,
  DATA_CATEGORIES,
  RISKS_TO_INDIVIDUALS,
} from '../case/vocabulary.js';
import {
  NOTIFIABILITY_OUTCOMES,
  type CategoryGroup,
  type NotifiabilityCondition,
  type NotifiabilityDefinition,
  type NotifiabilityOutcome,
  type NotifiabilityRule,
  type NotifiabilityTest,
} from './notifiability.js';
import { isRecord, text, unknownKeys } from './definition-checks.js';

// A regulator definition's `notifiability`, as admins send it: checked like the rest of the
// definition, every error naming its path, unknown keys refused.

const RULE_KEYS = ['when', 'outcome', 'clause', 'reason'];
const CONDITION_KEYS = [
  'confidentiality',
  'integrity',
  'availability',
  'dataUnintelligible',
  'harmRemediated',
  'riskToIndividuals',
  'minAffectedSubjects',
  'dataCategories',
];
const MAX_RULES = 50;

export function validateNotifiability(raw: unknown, errors: string[]): NotifiabilityDefinition | undefined {
  if (!isRecord(raw)) {
    errors.push('notifiability must be an object with the tests regulator and dataSubjects');
    return undefined;
  }
  unknownKeys('notifiability.', raw, ['regulator', 'dataSubjects'], errors);
  const regulator = validateTest('notifiability.regulator', raw.regulator, NOTIFIABILITY_OUTCOMES, errors);
  const dataSubjects = validateTest(
    'notifiability.dataSubjects',
    raw.dataSubjects,
    NOTIFIABILITY_OUTCOMES.filter((o) => o !== 'annual-log'),
    errors,
  );
  return regulator && dataSubjects ? { regulator, dataSubjects } : undefined;
}

function validateTest(
  path: string,
  raw: unknown,
  outcomes: readonly NotifiabilityOutcome[],
  errors: string[],
): NotifiabilityTest | undefined {
  if (!isRecord(raw)) {
    errors.push(`${path} must be an object { rules: [...] }`);
    return undefined;
  }
  unknownKeys(`${path}.`, raw, ['rules'], errors);
  const { rules } = raw;
  if (!Array.isArray(rules) || rules.length === 0 || rules.length > MAX_RULES) {
    errors.push(`${path}.rules must be a list of 1 to ${MAX_RULES} rules { when, outcome, clause, reason }`);
    return undefined;
  }
  const checked = rules.map((rule, index) => validateRule(`${path}.rules[${index}]`, rule, outcomes, errors));
  const last = rules.at(-1) as unknown;
  if (!isRecord(last) || !isRecord(last.when) || Object.keys(last.when).length > 0) {
    errors.push(`${path}.rules: the last rule's when must be {} so that every set of facts gets an outcome`);
  }
  return checked.every((rule) => rule !== undefined) ? { rules: checked as NotifiabilityRule[] } : undefined;
}

function validateRule(
  path: string,
  raw: unknown,
  outcomes: readonly NotifiabilityOutcome[],
  errors: string[],
): NotifiabilityRule | undefined {
  if (!isRecord(raw)) {
    errors.push(`${path} must be an object { when, outcome, clause, reason }`);
    return undefined;
  }
  const before = errors.length;
  unknownKeys(`${path}.`, raw, RULE_KEYS, errors);
  const when = validateCondition(`${path}.when`, raw.when, errors);
  if (!(outcomes as readonly unknown[]).includes(raw.outcome)) {
    errors.push(`${path}.outcome must be one of: ${outcomes.join(', ')}`);
  }
  const clause = text(`${path}.clause`, raw.clause, errors);
  const reason = text(`${path}.reason`, raw.reason, errors);
  if (errors.length > before || !when || clause === undefined || reason === undefined) return undefined;
  return { when, outcome: raw.outcome as NotifiabilityOutcome, clause, reason };
}

function validateCondition(path: string, raw: unknown, errors: string[]): NotifiabilityCondition | undefined {
  if (!isRecord(raw)) {
    errors.push(`${path} must be an object of conditions ({} always holds)`);
    return undefined;
  }
  const before = errors.length;
  unknownKeys(`${path}.`, raw, CONDITION_KEYS, errors);
  const condition: NotifiabilityCondition = {};
  if (raw.confidentiality !== undefined) {
    condition.confidentiality = list(`${path}.confidentiality`, raw.confidentiality, CONFIDENTIALITY_LOSSES, errors);
  }
  if (raw.availability !== undefined) {
    condition.availability = list(`${path}.availability`, raw.availability, AVAILABILITY_LOSSES, errors);
  }
  if (raw.riskToIndividuals !== undefined) {
    condition.riskToIndividuals = list(
      `${path}.riskToIndividuals`,
      raw.riskToIndividuals,
      RISKS_TO_INDIVIDUALS,
      errors,
    );
  }
  for (const key of ['integrity', 'dataUnintelligible', 'harmRemediated'] as const) {
    if (raw[key] === undefined) continue;
    if (typeof raw[key] !== 'boolean') errors.push(`${path}.${key} must be true or false`);
    else condition[key] = raw[key];
  }
  if (raw.minAffectedSubjects !== undefined) {
    const min = raw.minAffectedSubjects;
    if (!Number.isSafeInteger(min) || (min as number) < 1) {
      errors.push(`${path}.minAffectedSubjects must be a whole number ≥ 1`);
    } else condition.minAffectedSubjects = min as number;
  }
  if (raw.dataCategories !== undefined) {
    condition.dataCategories = categoryGroups(`${path}.dataCategories`, raw.dataCategories, errors);
  }
  return errors.length > before ? undefined : condition;
}

function categoryGroups(path: string, raw: unknown, errors: string[]): CategoryGroup[] {
  if (!Array.isArray(raw) || raw.length === 0) {
    errors.push(`${path} must be a non-empty list of { anyOf: [categories] }`);
    return [];
  }
  return raw.map((group: unknown, index) => {
    const at = `${path}[${index}]`;
    if (!isRecord(group)) {
      errors.push(`${at} must be an object { anyOf: [categories] }`);
      return { anyOf: [] };
    }
    unknownKeys(`${at}.`, group, ['anyOf'], errors);
    return { anyOf: list(`${at}.anyOf`, group.anyOf, DATA_CATEGORIES, errors) };
  });
}

function list<T extends string>(path: string, raw: unknown, allowed: readonly T[], errors: string[]): T[] {
  if (!Array.isArray(raw) || raw.length === 0 || !raw.every((v) => allowed.includes(v as T))) {
    errors.push(`${path} must be a non-empty list of: ${allowed.join(', ')}`);
    return [];
  }
  return [...new Set(raw as T[])];
}
