import type { Jurisdiction } from '../case/vocabulary.js';
import type { NotifiabilityDefinition } from './notifiability.js';
import type { RegulatorDisplayName } from './regulator-name.js';

// The regulator registry as data: one definition per (law, recipient). Plain JSON only (no
// undefined values, no keys holding '.' or '$'), so definitions can be stored and sent as they are.

/** How the deadline's amount is counted; see `dueAtFor` for the exact arithmetic. */
export const DEADLINE_UNITS = ['hours', 'calendar-days', 'business-days'] as const;
export type DeadlineUnit = (typeof DEADLINE_UNITS)[number];

/**
 * The legal event that starts a regulator's clock. Which case fact stands for each one is decided in
 * one place, `clockStartedAt` (clock-facts.ts).
 */
export const CLOCK_STARTS = [
  'awareness',
  'knowledge-of-failure',
  'assessed-notifiable',
  'reasonable-suspicion',
  'discovery',
  'materiality-determination',
] as const;
export type ClockStart = (typeof CLOCK_STARTS)[number];

export const DELIVERY_MODES = ['feed', 'webhook'] as const;
export type DeliveryMode = (typeof DELIVERY_MODES)[number];

export interface DeadlineRule {
  /** A whole number of `unit`s, 1 … 8760 (a year of hours). */
  amount: number;
  unit: DeadlineUnit;
  clockStartsAt: ClockStart;
  /** The rule in words, as shown to investigators, e.g. "3 × 24 hours from awareness". */
  description: string;
}

/** A content field the regulator's law requires in a notification. */
export interface RequiredContentField {
  /** Key in the notification's content: camelCase, so never '.' or '$'. */
  field: string;
  label: string;
  description?: string;
}

/** Conditions under which the regulator must be notified at all, beyond the case's jurisdictions. */
export interface ApplicabilityCondition {
  /** E.g. HIPAA: HHS within 60 days only for breaches of 500 or more individuals. */
  minAffectedSubjects?: number;
}

/**
 * Where notifications go. The webhook's signing secret is never domain data: the shell keeps it
 * in its secret store, keyed by regulator id.
 */
export type RegulatorDelivery = { mode: 'feed' } | { mode: 'webhook'; url: string };

export interface RegulatorDefinition {
  /** Kebab-case, `^[a-z0-9-]{2,48}$`, e.g. `id-pdp`. */
  id: string;
  /** Per statement language; read it with `regulatorName(definition, language)`. */
  name: RegulatorDisplayName;
  jurisdiction: Jurisdiction;
  /** The provision the deadline and the content come from, e.g. "UU PDP 27/2022 Art. 46". */
  legalBasis: string;
  deadline: DeadlineRule;
  requiredContent: RequiredContentField[];
  appliesWhen?: ApplicabilityCondition;
  /** The law's test of whether to notify the regulator and the data subjects at all; without one, `assess`. */
  notifiability?: NotifiabilityDefinition;
  delivery: RegulatorDelivery;
}

export const REGULATOR_ID_PATTERN = /^[a-z0-9-]{2,48}$/;
export const CONTENT_FIELD_PATTERN = /^[a-z][a-zA-Z0-9]{0,63}$/;
export const MAX_DEADLINE_AMOUNT = 365 * 24;
