// Random inputs for the holding-statement property tests (holding-statement.property.spec.ts).
import fc from 'fast-check';
import {
  CASE_RESOLUTIONS,
  DATA_CATEGORIES,
  REPORT_CHANNELS,
  SAMPLE_VERDICTS,
  SOURCE_VECTORS,
  TRACE_CONFIDENCE_LEVELS,
} from '../case/vocabulary.js';
import {
  STATEMENT_LANGUAGES,
  type ComposeOptions,
  type HoldingStatementFacts,
  type OrganisationProfile,
} from './holding-statement-types.js';

// The guardrails over random facts: every stage, random counts, categories, verdicts, source
// systems, regulators and profiles. Free-text facts (title, source URL, source system,
// containment) are seeded with personal data, to show none of it reaches the text.

export const RUNS = { numRuns: 300 };

const sometimes = <T>(arbitrary: fc.Arbitrary<T>, present = 1, absent = 1): fc.Arbitrary<T | undefined> =>
  fc.oneof({ arbitrary: fc.constant(undefined), weight: absent }, { arbitrary, weight: present });

/** Words a guardrail reacts to; organisation and regulator names made of them are not "valid" names. */
export const GUARDRAIL_WORDS =
  /(dug|klaim|claim|alleg|konfirm|confirm|cocok|match|pasti|bocor|breach|enkrip|encrypt|kripto|crypt|lalai|salah|peretas|pelaku|ulah|hack|fault|blame|neglig|culprit|perpetrat|vendor|kredensial|credential|insider|dalam|konfigur|configur|malware|phishing|ransom|update|contact|hubungi|informasi|perkembangan|enquir|pertanyaan)/i;

export const word = fc.stringMatching(/^[A-Z][a-z]{1,10}$/);
const cleanName = fc
  .array(word, { minLength: 1, maxLength: 4 })
  .map((words) => words.join(' '))
  .filter((name) => !GUARDRAIL_WORDS.test(name));

const instant = fc.date({
  min: new Date('2000-01-01T00:00:00Z'),
  max: new Date('2090-12-31T00:00:00Z'),
  noInvalidDate: true,
});
const iso = instant.map((date) => date.toISOString());
export const count = fc.oneof(
  fc.nat({ max: 10_000 }),
  fc.nat({ max: 5_000 }).map((n) => n * 100_000),
  fc.integer({ min: 1_000_000, max: 9_999_999_999 }),
  fc.maxSafeNat(),
);
const categories = fc.uniqueArray(fc.constantFrom(...DATA_CATEGORIES), { maxLength: 6 });

export const nik = fc.stringMatching(/^[1-9]\d{15}$/);
export const npwp = fc.stringMatching(/^\d{2}\.\d{3}\.\d{3}\.\d-\d{3}\.\d{3}$/);
export const cardNumber = fc.stringMatching(/^\d{13,19}$/);
export const mobile = fc.stringMatching(/^(\+62|0)8\d{8,11}$/);
export const personalEmail = fc.emailAddress();
export const personalData = fc.oneof(nik, npwp, cardNumber, mobile, personalEmail);
/** Any text, often carrying personal data. */
export const freeText = fc.oneof(
  fc.string({ maxLength: 40 }),
  fc
    .tuple(fc.string({ maxLength: 15 }), personalData, fc.string({ maxLength: 15 }))
    .map(([before, data, after]) => `${before} ${data} ${after}`),
);

export const sample = count.chain((sampleSize) =>
  fc.record({
    verdict: fc.constantFrom(...SAMPLE_VERDICTS),
    sampleSize: fc.constant(sampleSize),
    matchedRecords: fc.integer({ min: 0, max: sampleSize }),
    confirmedDataCategories: categories,
    verifiedAt: iso,
  }),
);

export const sourceTrace = fc.record({
  sourceSystem: freeText,
  vector: fc.constantFrom(...SOURCE_VECTORS),
  confidence: fc.constantFrom(...TRACE_CONFIDENCE_LEVELS),
  tracedAt: iso,
  containment: sometimes(freeText),
});

export const facts: fc.Arbitrary<HoldingStatementFacts> = fc.record({
  factsVersion: fc.nat({ max: 10_000 }),
  title: freeText,
  claim: fc.record({
    channel: fc.constantFrom(...REPORT_CHANNELS),
    receivedAt: iso,
    claimedRecordCount: sometimes(count, 3),
    dataCategories: categories,
    sourceUrl: sometimes(
      fc.oneof(
        fc.webUrl(),
        personalData.map((data) => `https://leaks.example/thread?u=${encodeURIComponent(data)}`),
      ),
    ),
  }),
  sample: sometimes(sample, 3),
  sourceTrace: sometimes(sourceTrace),
  regulatorsNotified: fc.uniqueArray(
    fc.record({
      regulatorId: fc.constantFrom('komdigi', 'pdpc', 'oaic', 'hhs', 'dpc-ie'),
      regulatorName: cleanName,
      notifiedAt: iso,
    }),
    { maxLength: 3, selector: (regulator) => regulator.regulatorId },
  ),
  subjectsNotified: sometimes(fc.record({ subjectCount: count, notifiedAt: iso }), 1, 2),
  closure: sometimes(fc.record({ resolution: fc.constantFrom(...CASE_RESOLUTIONS), closedAt: iso }), 1, 3),
  recordedFacts: fc.record({ encryptionAtRest: sometimes(fc.boolean(), 2) }),
});

export const profile: fc.Arbitrary<OrganisationProfile> = fc.record({
  name: cleanName,
  memberCount: sometimes(
    fc.record({
      count,
      asOf: fc
        .tuple(fc.integer({ min: 1990, max: 2090 }), fc.integer({ min: 1, max: 12 }))
        .map(([year, month]) => `${year}-${String(month).padStart(2, '0')}`),
      noun: fc.constantFrom('members' as const, 'customers' as const, 'users' as const),
    }),
    2,
  ),
  subjectNoun: sometimes(fc.constantFrom('members' as const, 'customers' as const, 'users' as const)),
  spokesperson: sometimes(
    fc.record(
      {
        name: cleanName,
        email: fc.emailAddress().filter((email) => !GUARDRAIL_WORDS.test(email)),
        phone: fc.stringMatching(/^\+62 \d{2} \d{3,4} \d{4}$/),
      },
      { requiredKeys: [] },
    ),
    2,
  ),
  nextUpdateWithinHours: sometimes(fc.integer({ min: 1, max: 168 })),
  timeZone: sometimes(
    fc.constantFrom('UTC', 'Asia/Jakarta', 'Asia/Makassar', 'Asia/Jayapura', 'Asia/Kolkata', 'America/New_York'),
  ),
});

export const options: fc.Arbitrary<ComposeOptions> = fc.record({
  language: fc.constantFrom(...STATEMENT_LANGUAGES),
  now: instant,
});

export const input = fc.record({ facts, profile, options });
