import type {
  CaseResolution,
  DataCategory,
  ReportChannel,
  SampleVerdict,
  SourceVector,
  TraceConfidence,
} from '../case/vocabulary.js';

/** Languages a holding statement can be composed in. */
export const STATEMENT_LANGUAGES = ['id', 'en'] as const;
export type StatementLanguage = (typeof STATEMENT_LANGUAGES)[number];

/**
 * Where the case stands, as the public sees it. Computed from the facts, highest first:
 * `closed` > `regulators-notified` > `source-traced` > `sample-<verdict>` > `claim`.
 * Tracing and notification only advance the stage on a `confirmed` latest sample.
 */
export const STATEMENT_STAGES = [
  'claim',
  'sample-confirmed',
  'sample-not-ours',
  'sample-inconclusive',
  'source-traced',
  'regulators-notified',
  'closed',
] as const;
export type StatementStage = (typeof STATEMENT_STAGES)[number];

/**
 * What the statement may draw on, built by the shell from the case's events / read model.
 * Free-text fields (title, sourceUrl, summary-like fields, containment) are never printed:
 * they are here so the guardrails can check that they stay out of the text.
 */
export interface HoldingStatementFacts {
  /** The case version (stream position) the facts were read at; a statement on older facts is stale. */
  factsVersion: number;
  /** Internal case title; never printed. */
  title: string;
  claim: {
    channel: ReportChannel;
    receivedAt: string;
    claimedRecordCount?: number;
    dataCategories: DataCategory[];
    /** Where the claim was seen (often a leak forum); never printed, not even its host. */
    sourceUrl?: string;
  };
  /** The most recent sample check: a later check overrides an earlier one. */
  sample?: {
    verdict: SampleVerdict;
    sampleSize: number;
    matchedRecords: number;
    confirmedDataCategories: DataCategory[];
    verifiedAt: string;
  };
  sourceTrace?: {
    sourceSystem: string;
    vector: SourceVector;
    /** A vendor or partner was involved; said only with the vector. */
    viaPartner?: boolean;
    confidence: TraceConfidence;
    tracedAt: string;
    /** Operational detail; the statement only says whether containment is done. */
    containment?: string;
  };
  /** The regulator registry's display name goes in `regulatorName`; the statement names it. */
  regulatorsNotified: { regulatorId: string; regulatorName: string; notifiedAt: string }[];
  /**
   * Regulators the latest notifiability assessment found must be told (`required`) and that have
   * not been notified yet: the statement says they will be. Absent or empty: none.
   */
  regulatorsToNotify?: { regulatorId: string; regulatorName: string }[];
  /** Total subjects notified so far, if any were. */
  subjectsNotified?: { subjectCount: number; notifiedAt: string };
  closure?: { resolution: CaseResolution; closedAt: string };
  /**
   * Claims about safeguards that were recorded as fact. Only these may be stated: e.g. the text
   * mentions encryption only when `encryptionAtRest` is true.
   */
  recordedFacts: { encryptionAtRest?: boolean };
}

/** Words for the organisation's data subjects that every statement language has built in. */
export const BUILT_IN_SUBJECT_NOUNS = ['members', 'customers', 'users'] as const;
export type BuiltInSubjectNoun = (typeof BUILT_IN_SUBJECT_NOUNS)[number];
/**
 * How the organisation calls its data subjects: a built-in word (shorthand, worded in every language) or its own
 * noun per statement language, e.g. `{ en: "policyholders", id: "pemegang polis" }`. A statement can only be
 * drafted in a language the noun is given in.
 */
export type SubjectNoun = BuiltInSubjectNoun | Readonly<Partial<Record<StatementLanguage, string>>>;

export interface OrganisationProfile {
  /** The organisation's public name, e.g. "BPJS Kesehatan". */
  name: string;
  /** When given, the statement sets a claimed record count against it. */
  memberCount?: {
    count: number;
    /** Month the count refers to: `YYYY-MM` or `YYYY-MM-DD`. */
    asOf: string;
    noun: SubjectNoun;
  };
  /** How the organisation refers to its data subjects when no member count is given; default `customers`. */
  subjectNoun?: SubjectNoun;
  /** The organisation's official PR contact; only what is given here is printed. */
  spokesperson?: { name?: string; email?: string; phone?: string };
  /** Promised time to the next update; default 24. The promise is rounded into working hours (see below). */
  nextUpdateWithinHours?: number;
  /**
   * When the PR team publishes updates, in `timeZone`: a promised next update falls on a full hour from `start`
   * to `end` (both `HH:00`), on `days` (default every day); default 09:00–18:00.
   */
  workingHours?: WorkingHours;
  /** IANA time zone used for dates in the statement; default `UTC`. */
  timeZone?: string;
}

export const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
export type Weekday = (typeof WEEKDAYS)[number];

export interface WorkingHours {
  /** `HH:00`, the first full hour an update may be promised for. */
  start: string;
  /** `HH:00`, after `start`: the last full hour an update may be promised for. */
  end: string;
  /** Days updates are published on; default every day. */
  days?: readonly Weekday[];
}

export interface ComposeOptions {
  language: StatementLanguage;
  /** The composition time: the statement is dated by it and the next update is promised from it. */
  now: Date;
  /** PR may explicitly include the source system and vector; default false. */
  includeSourceDetails?: boolean;
  /** Validated templates (see validateTemplates); default the built-in wording. */
  templates?: HoldingStatementTemplates;
  /** The drafter's own time for the next update, after `now`; default the profile's promise (nextUpdateDue). */
  nextUpdateAt?: Date;
}

export interface HoldingStatement {
  language: StatementLanguage;
  stage: StatementStage;
  heading: string;
  /** The numbered points, without their numbers. */
  points: string[];
  /** Heading, then the points numbered "1. …". */
  text: string;
  factsVersion: number;
  /** ISO-8601 instant the statement was composed at (options.now). */
  composedAt: string;
  /** ISO-8601 instant by which the next update is promised; absent for a closed case. */
  nextUpdateDueAt?: string;
}

// Templates -------------------------------------------------------------------------------------

export type TemplateKey =
  | 'heading'
  | 'claim'
  | 'claimWithCount'
  | 'comparisonExceeds'
  | 'comparisonWithin'
  | 'findingsPending'
  | 'findingsConfirmed'
  | 'findingsCategories'
  | 'findingsNotOurs'
  | 'findingsInconclusive'
  | 'actionInvestigating'
  | 'actionMonitoring'
  | 'actionTraced'
  | 'actionTracedProbable'
  | 'sourceDetails'
  | 'containmentDone'
  | 'containmentOngoing'
  | 'subjectsNotified'
  | 'protection'
  | 'encryption'
  | 'coordination'
  | 'coordinationNotified'
  | 'coordinationToNotify'
  | 'nextUpdate'
  | 'contact'
  | 'followUp'
  | 'closedRemediated'
  | 'closedFalseReport'
  | 'closedNotOurData'
  | 'closedDuplicate';

/** Sentences with `{placeholder}`s, per language and key. A language block is always complete. */
export type LanguageTemplates = Readonly<Record<TemplateKey, string>>;
export type HoldingStatementTemplates = Readonly<Record<StatementLanguage, LanguageTemplates>>;
