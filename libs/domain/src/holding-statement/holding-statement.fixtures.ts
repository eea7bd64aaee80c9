import type { HoldingStatementFacts, OrganisationProfile } from './holding-statement-types.js';

// The seed case (public reporting, May 2021), for tests and the demo. Times are UTC; 08:00Z is
// 15:00 WIB on 20 May 2021, the day BPJS Kesehatan issued its four-point holding statement.

export const SEED_NOW = new Date('2021-05-20T08:00:00Z');

export const BPJS_KESEHATAN: OrganisationProfile = {
  name: 'BPJS Kesehatan',
  memberCount: { count: 222_400_000, asOf: '2021-05', noun: 'members' },
  spokesperson: { name: 'Humas BPJS Kesehatan', email: 'humas@bpjs-kesehatan.go.id' },
  nextUpdateWithinHours: 24,
  timeZone: 'Asia/Jakarta',
};

/** The claim as it arrived: 279 million records alleged for sale on an online forum, posted on social media. */
export const SEED_CLAIM: HoldingStatementFacts = {
  factsVersion: 1,
  title: 'Alleged sale of 279M member records on RaidForums (seller "Kotz")',
  claim: {
    channel: 'social-media',
    receivedAt: '2021-05-20T03:00:00Z',
    claimedRecordCount: 279_000_000,
    dataCategories: [
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
    ],
    sourceUrl: 'https://raidforums.com/Thread-SELLING-Indonesia-BPJS-279M',
  },
  regulatorsNotified: [],
  recordedFacts: {},
};

/** Sample verified: Kominfo's check found 100,002 rows matching BPJS formats. */
export const SEED_SAMPLE_VERIFIED: HoldingStatementFacts = {
  ...SEED_CLAIM,
  factsVersion: 3,
  sample: {
    verdict: 'confirmed',
    sampleSize: 100_002,
    matchedRecords: 100_002,
    confirmedDataCategories: [
      'card-number',
      'office-code',
      'name',
      'address',
      'phone',
      'national-id',
      'payment-status',
    ],
    verifiedAt: '2021-05-20T07:00:00Z',
  },
};

export const SEED_SOURCE_TRACED: HoldingStatementFacts = {
  ...SEED_SAMPLE_VERIFIED,
  factsVersion: 4,
  sourceTrace: {
    sourceSystem: 'Legacy membership export server',
    vector: 'hacking:use-of-stolen-credentials',
    viaPartner: true,
    confidence: 'medium',
    tracedAt: '2021-05-21T05:00:00Z',
    containment: 'Export endpoint disabled; vendor account 7731 revoked',
  },
};

export const SEED_REGULATORS_NOTIFIED: HoldingStatementFacts = {
  ...SEED_SOURCE_TRACED,
  factsVersion: 6,
  regulatorsNotified: [
    {
      regulatorId: 'komdigi',
      regulatorName: 'Kementerian Komunikasi dan Informatika',
      notifiedAt: '2021-05-21T06:00:00Z',
    },
  ],
};

export const SEED_CLOSED: HoldingStatementFacts = {
  ...SEED_REGULATORS_NOTIFIED,
  factsVersion: 9,
  closure: { resolution: 'breach-remediated', closedAt: '2021-06-30T09:00:00Z' },
};
