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
