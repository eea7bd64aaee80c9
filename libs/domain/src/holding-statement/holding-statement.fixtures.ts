import {
  SEED_CLAIMED_RECORDS,
  SEED_ORGANISATION,
  SEED_SAMPLE_ROWS,
  seedBody,
  seedStep,
} from '../seed-case/seed-case.js';
import type { HoldingStatementFacts, OrganisationProfile } from './holding-statement-types.js';

// The seed case (libs/domain/src/seed-case) at the stages a statement is composed at, for the composer's tests: the
// organisation, the claim and every figure are the seed case's own; the later stages keep their own times so that
// each stage can be composed at the 20 May statement's hour. Times are UTC; 08:00Z is 15:00 WIB on 20 May 2021.

export const SEED_NOW = new Date(seedStep('draftClaimStatement').at);

export const BPJS_KESEHATAN: OrganisationProfile = SEED_ORGANISATION;

const { title, report } = seedBody('receiveReport', 'ReceiveReport');
const sample = seedBody('verifySample', 'VerifySample');

/** The claim as it arrived: 279 million records alleged for sale on an online forum, posted on social media. */
export const SEED_CLAIM: HoldingStatementFacts = {
  factsVersion: 1,
  title,
  claim: {
    channel: report.channel,
    receivedAt: report.receivedAt,
    claimedRecordCount: SEED_CLAIMED_RECORDS,
    dataCategories: report.dataCategories,
    sourceUrl: report.sourceUrl,
  },
  regulatorsNotified: [],
  recordedFacts: {},
};

/** Sample verified: Kominfo's check found 100,002 rows matching BPJS formats. */
export const SEED_SAMPLE_VERIFIED: HoldingStatementFacts = {
  ...SEED_CLAIM,
  factsVersion: 3,
  sample: {
    verdict: sample.verdict,
    sampleSize: SEED_SAMPLE_ROWS,
    matchedRecords: SEED_SAMPLE_ROWS,
    confirmedDataCategories: sample.confirmedDataCategories,
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
