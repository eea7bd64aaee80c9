import { describe, expect, it } from '@jest/globals';
import { composeHoldingStatement } from './compose.js';
import {
  BPJS_KESEHATAN,
  SEED_CLAIM,
  SEED_CLOSED,
  SEED_NOW,
  SEED_REGULATORS_NOTIFIED,
  SEED_SAMPLE_VERIFIED,
  SEED_SOURCE_TRACED,
} from './holding-statement.fixtures.js';
import {
  STATEMENT_LANGUAGES,
  type ComposeOptions,
  type HoldingStatementFacts,
  type OrganisationProfile,
  type StatementStage,
} from './holding-statement-types.js';

// The wording of every stage in every language, reviewed by PR in the committed snapshot file.

const sampleOf = (verdict: 'not-ours' | 'inconclusive'): HoldingStatementFacts['sample'] => ({
  verdict,
  sampleSize: 1_000,
  matchedRecords: 0,
  confirmedDataCategories: [],
  verifiedAt: '2021-05-20T07:00:00Z',
});

const STAGES: readonly [StatementStage, HoldingStatementFacts][] = [
  ['claim', SEED_CLAIM],
  ['sample-confirmed', SEED_SAMPLE_VERIFIED],
  ['sample-not-ours', { ...SEED_CLAIM, sample: sampleOf('not-ours') }],
  ['sample-inconclusive', { ...SEED_CLAIM, sample: sampleOf('inconclusive') }],
  ['source-traced', SEED_SOURCE_TRACED],
  ['regulators-notified', SEED_REGULATORS_NOTIFIED],
  ['closed', SEED_CLOSED],
];

describe.each(STATEMENT_LANGUAGES)('%s', (language) => {
  const options: ComposeOptions = { language, now: SEED_NOW };

  it.each(STAGES)('stage %s', (stage, facts) => {
    const statement = composeHoldingStatement(facts, BPJS_KESEHATAN, options);
    expect(statement.stage).toBe(stage);
    expect(statement.text).toMatchSnapshot();
  });

  it.each(['false-report', 'not-our-data', 'duplicate'] as const)('stage closed as %s', (resolution) => {
    const facts = { ...SEED_CLAIM, closure: { resolution, closedAt: '2021-05-21T00:00:00Z' } };
    expect(composeHoldingStatement(facts, BPJS_KESEHATAN, options).text).toMatchSnapshot();
  });

  it('stage regulators-notified, high confidence, containment under way, subjects notified, encryption recorded, source details included', () => {
    const facts: HoldingStatementFacts = {
      ...SEED_REGULATORS_NOTIFIED,
      sourceTrace: { ...SEED_REGULATORS_NOTIFIED.sourceTrace!, confidence: 'high', containment: undefined },
      regulatorsNotified: [
        ...SEED_REGULATORS_NOTIFIED.regulatorsNotified,
        { regulatorId: 'bssn', regulatorName: 'Badan Siber dan Sandi Negara', notifiedAt: '2021-05-21T07:00:00Z' },
      ],
      subjectsNotified: { subjectCount: 100_002, notifiedAt: '2021-05-22T00:00:00Z' },
      recordedFacts: { encryptionAtRest: true },
    };
    const statement = composeHoldingStatement(facts, BPJS_KESEHATAN, { ...options, includeSourceDetails: true });
    expect(statement.text).toMatchSnapshot();
  });

  it('stage claim, without a claimed count, member count or contact, from a dark-web forum', () => {
    const facts: HoldingStatementFacts = {
      ...SEED_CLAIM,
      claim: { channel: 'dark-web-forum', receivedAt: '2021-05-20T03:00:00Z', dataCategories: ['email'] },
    };
    const profile: OrganisationProfile = { name: 'Toko Contoh', subjectNoun: 'customers' };
    expect(composeHoldingStatement(facts, profile, options).text).toMatchSnapshot();
  });

  it('stage sample-confirmed, a claim within the customer count', () => {
    const profile: OrganisationProfile = {
      name: 'Toko Contoh',
      memberCount: { count: 91_000_000, asOf: '2020-05-01', noun: 'users' },
      spokesperson: { email: 'press@toko-contoh.example', phone: '+62 21 5000 1234' },
      nextUpdateWithinHours: 6,
      timeZone: 'Asia/Makassar',
    };
    const facts: HoldingStatementFacts = {
      ...SEED_SAMPLE_VERIFIED,
      claim: { ...SEED_CLAIM.claim, channel: 'media', claimedRecordCount: 15_000_000 },
      sample: {
        ...SEED_SAMPLE_VERIFIED.sample!,
        sampleSize: 5_000,
        matchedRecords: 4_871,
        confirmedDataCategories: [],
      },
    };
    expect(composeHoldingStatement(facts, profile, options).text).toMatchSnapshot();
  });

  it('stage regulators-notified, a Singapore insurer with its own noun for its data subjects', () => {
    const profile: OrganisationProfile = {
      name: 'Lion City Assurance',
      memberCount: { count: 1_200_000, asOf: '2021-04', noun: { en: 'policyholders', id: 'pemegang polis' } },
      spokesperson: { email: 'media@lioncity-assurance.example' },
      timeZone: 'Asia/Singapore',
    };
    const facts: HoldingStatementFacts = {
      ...SEED_REGULATORS_NOTIFIED,
      claim: { ...SEED_CLAIM.claim, channel: 'media', claimedRecordCount: 2_000_000 },
      regulatorsNotified: [
        {
          regulatorId: 'sg-pdpc',
          regulatorName:
            language === 'id'
              ? 'Komisi Perlindungan Data Pribadi Singapura (PDPC)'
              : 'Personal Data Protection Commission (PDPC)',
          notifiedAt: '2021-05-21T06:00:00Z',
        },
      ],
    };
    expect(composeHoldingStatement(facts, profile, options).text).toMatchSnapshot();
  });
});
