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

/**
 * The VERIS 1.3 action categories (veriscommunity.net): what was done that led to the breach. A source vector is
 * `<action>:<variety>` with the variety most often seen in personal-data breaches, `<action>:unknown` when only the
 * category is known, or `unknown` when not even that is.
 */
export const VERIS_ACTIONS = [
  'hacking',
  'malware',
  'social',
  'misuse',
  'physical',
  'error',
  'environmental',
  'unknown',
] as const;
export type VerisAction = (typeof VERIS_ACTIONS)[number];

export const SOURCE_VECTORS = [
  'hacking:use-of-stolen-credentials',
  'hacking:exploit-vulnerability',
  'hacking:brute-force',
  'hacking:abuse-of-functionality',
  'hacking:sql-injection',
  'hacking:use-of-backdoor-or-c2',
  'hacking:unknown',
  'malware:ransomware',
  'malware:export-data',
  'malware:spyware-keylogger',
  'malware:backdoor',
  'malware:unknown',
  'social:phishing',
  'social:pretexting',
  'social:extortion',
  'social:bribery',
  'social:unknown',
  'misuse:privilege-abuse',
  'misuse:data-mishandling',
  'misuse:knowledge-abuse',
  'misuse:unknown',
  'physical:theft',
  'physical:tampering',
  'physical:snooping',
  'physical:unknown',
  'error:misdelivery',
  'error:misconfiguration',
  'error:publishing-error',
  'error:loss',
  'error:disposal-error',
  'error:programming-error',
  'error:omission',
  'error:unknown',
  'environmental:fire',
  'environmental:flood',
  'environmental:unknown',
  'unknown',
] as const;
export type SourceVector = (typeof SOURCE_VECTORS)[number];

/** Each source vector's VERIS enumeration (action and variety as VERIS spells them) and what it covers. */
export const SOURCE_VECTOR_CATALOGUE: Readonly<
  Record<SourceVector, { action: VerisAction; verisVariety: string; description: string }>
> = {
  'hacking:use-of-stolen-credentials': {
    action: 'hacking',
    verisVariety: 'Use of stolen creds',
    description: 'Logging in with stolen or leaked credentials (of staff, customers or a vendor).',
  },
  'hacking:exploit-vulnerability': {
    action: 'hacking',
    verisVariety: 'Exploit vuln',
    description: 'Exploiting a software vulnerability.',
  },
  'hacking:brute-force': {
    action: 'hacking',
    verisVariety: 'Brute force',
    description: 'Guessing passwords, including credential stuffing.',
  },
  'hacking:abuse-of-functionality': {
    action: 'hacking',
    verisVariety: 'Abuse of functionality',
    description: 'Using a feature (often an API) in a way it was not meant for, e.g. scraping or enumerating records.',
  },
  'hacking:sql-injection': { action: 'hacking', verisVariety: 'SQLi', description: 'SQL injection.' },
  'hacking:use-of-backdoor-or-c2': {
    action: 'hacking',
    verisVariety: 'Use of backdoor or C2',
    description: 'Access through a backdoor or command-and-control channel.',
  },
  'hacking:unknown': { action: 'hacking', verisVariety: 'Unknown', description: 'Hacking of an unknown kind.' },
  'malware:ransomware': {
    action: 'malware',
    verisVariety: 'Ransomware',
    description: 'Malware that encrypts or steals data for a ransom.',
  },
  'malware:export-data': {
    action: 'malware',
    verisVariety: 'Export data',
    description: 'Malware that sends data out.',
  },
  'malware:spyware-keylogger': {
    action: 'malware',
    verisVariety: 'Spyware/Keylogger',
    description: 'Spyware or a keylogger.',
  },
  'malware:backdoor': { action: 'malware', verisVariety: 'Backdoor', description: 'Malware that opens a backdoor.' },
  'malware:unknown': { action: 'malware', verisVariety: 'Unknown', description: 'Malware of an unknown kind.' },
  'social:phishing': {
    action: 'social',
    verisVariety: 'Phishing',
    description: 'Deceptive e-mail or messages that obtain credentials or data.',
  },
  'social:pretexting': {
    action: 'social',
    verisVariety: 'Pretexting',
    description: 'A made-up story (e.g. posing as a customer or an executive) to obtain data.',
  },
  'social:extortion': { action: 'social', verisVariety: 'Extortion', description: 'Threats to obtain data.' },
  'social:bribery': { action: 'social', verisVariety: 'Bribery', description: 'Paying someone for data or access.' },
  'social:unknown': {
    action: 'social',
    verisVariety: 'Unknown',
    description: 'Social engineering of an unknown kind.',
  },
  'misuse:privilege-abuse': {
    action: 'misuse',
    verisVariety: 'Privilege abuse',
    description: 'Staff (or a partner) with legitimate access using it without authorisation.',
  },
  'misuse:data-mishandling': {
    action: 'misuse',
    verisVariety: 'Data mishandling',
    description: 'Handling data against policy, e.g. taking it home or to a personal account.',
  },
  'misuse:knowledge-abuse': {
    action: 'misuse',
    verisVariety: 'Knowledge abuse',
    description: 'Misusing knowledge gained at work.',
  },
  'misuse:unknown': {
    action: 'misuse',
    verisVariety: 'Unknown',
    description: 'Unauthorised use of legitimate access, of an unknown kind (insider access).',
  },
  'physical:theft': {
    action: 'physical',
    verisVariety: 'Theft',
    description: 'A stolen device, drive or paper records.',
  },
  'physical:tampering': {
    action: 'physical',
    verisVariety: 'Tampering',
    description: 'A device tampered with, e.g. a skimmer.',
  },
  'physical:snooping': {
    action: 'physical',
    verisVariety: 'Snooping',
    description: 'Someone physically looking at or copying data.',
  },
  'physical:unknown': {
    action: 'physical',
    verisVariety: 'Unknown',
    description: 'A physical action of an unknown kind.',
  },
  'error:misdelivery': {
    action: 'error',
    verisVariety: 'Misdelivery',
    description: 'E-mail, post or a file sent to the wrong recipient.',
  },
  'error:misconfiguration': {
    action: 'error',
    verisVariety: 'Misconfiguration',
    description: 'A system configured so that data was exposed, e.g. an open storage bucket or database.',
  },
  'error:publishing-error': {
    action: 'error',
    verisVariety: 'Publishing error',
    description: 'Data published by mistake, e.g. on a website.',
  },
  'error:loss': {
    action: 'error',
    verisVariety: 'Loss',
    description: 'A lost device, drive or paper records.',
  },
  'error:disposal-error': {
    action: 'error',
    verisVariety: 'Disposal error',
    description: 'Devices or paper disposed of without destroying the data.',
  },
  'error:programming-error': {
    action: 'error',
    verisVariety: 'Programming error',
    description: 'A software defect that exposed data.',
  },
  'error:omission': {
    action: 'error',
    verisVariety: 'Omission',
    description: 'A step left out, e.g. an unredacted document or a missing access check.',
  },
  'error:unknown': { action: 'error', verisVariety: 'Unknown', description: 'An error of an unknown kind.' },
  'environmental:fire': { action: 'environmental', verisVariety: 'Fire', description: 'Fire.' },
  'environmental:flood': { action: 'environmental', verisVariety: 'Flood', description: 'Flood.' },
  'environmental:unknown': {
    action: 'environmental',
    verisVariety: 'Unknown',
    description: 'An environmental event of an unknown kind.',
  },
  unknown: { action: 'unknown', verisVariety: 'Unknown', description: 'Not (yet) known how the breach happened.' },
};

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
