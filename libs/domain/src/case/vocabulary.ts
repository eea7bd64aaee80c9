/** Controlled vocabularies, documented in the README; DTOs validate against these lists. */
export const REPORT_CHANNELS = [
  'social-media',
  'dark-web-forum',
  'media',
  'researcher',
  'regulator',
  'internal',
] as const;
export type ReportChannel = (typeof REPORT_CHANNELS)[number];

export const DATA_CATEGORIES = [
  'national-id',
  'name',
  'phone',
  'address',
  'email',
  'tax-id',
  'birth-place-date',
  'gender',
  'photo',
  'family-members',
  'salary',
  'card-number',
  'office-code',
  'dependants',
  'payment-status',
  'health',
  'financial-account',
  'credentials',
  'other',
] as const;
export type DataCategory = (typeof DATA_CATEGORIES)[number];

export const JURISDICTIONS = ['ID', 'EU', 'SG', 'AU', 'US'] as const;
export type Jurisdiction = (typeof JURISDICTIONS)[number];

export const RISK_LEVELS = ['low', 'medium', 'high', 'critical'] as const;
export type RiskLevel = (typeof RISK_LEVELS)[number];

/** Outcome of checking a sample against our own records; `confirmed` usually starts the legal clocks. */
export const SAMPLE_VERDICTS = ['confirmed', 'not-ours', 'inconclusive'] as const;
export type SampleVerdict = (typeof SAMPLE_VERDICTS)[number];

export const SOURCE_VECTORS = [
  'compromised-vendor-credential',
  'api-abuse',
  'insider',
  'misconfiguration',
  'malware',
  'unknown',
] as const;
export type SourceVector = (typeof SOURCE_VECTORS)[number];

export const TRACE_CONFIDENCE_LEVELS = ['low', 'medium', 'high'] as const;
export type TraceConfidence = (typeof TRACE_CONFIDENCE_LEVELS)[number];

export const SUBJECT_NOTIFICATION_CHANNELS = ['email', 'sms', 'letter', 'public-notice', 'in-app'] as const;
export type SubjectNotificationChannel = (typeof SUBJECT_NOTIFICATION_CHANNELS)[number];

export const CASE_RESOLUTIONS = ['breach-remediated', 'false-report', 'not-our-data', 'duplicate'] as const;
export type CaseResolution = (typeof CASE_RESOLUTIONS)[number];

/**
 * Who has seen the data, as a notifiability assessment records it: `internal-only` (seen only inside
 * the organisation), `trusted-recipient` (a recipient bound to confidentiality who deleted or returned it).
 */
export const CONFIDENTIALITY_LOSSES = [
  'none',
  'internal-only',
  'trusted-recipient',
  'external',
  'exfiltrated',
] as const;
export type ConfidentialityLoss = (typeof CONFIDENTIALITY_LOSSES)[number];

export const AVAILABILITY_LOSSES = ['none', 'restored-quickly', 'prolonged', 'lost'] as const;
export type AvailabilityLoss = (typeof AVAILABILITY_LOSSES)[number];

/** The team's judgment of the risk to individuals; each law's own word (significant, serious harm) maps to `high`. */
export const RISKS_TO_INDIVIDUALS = ['unlikely', 'risk', 'high'] as const;
export type RiskToIndividuals = (typeof RISKS_TO_INDIVIDUALS)[number];
