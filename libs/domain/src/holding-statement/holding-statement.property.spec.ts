import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { composeHoldingStatement } from './compose.js';
import { formatCount, formatDateTime, localTime } from './format.js';
import { checkStatementGuardrails, type GuardrailRule } from './guardrails.js';
import { amendStatement, withSentence } from './holding-statement.test-support.js';
import { type HoldingStatementFacts, type OrganisationProfile } from './holding-statement-types.js';
import { holdingStatementStage } from './render.js';
import {
  cardNumber,
  facts,
  freeText,
  GUARDRAIL_WORDS,
  input,
  mobile,
  nik,
  npwp,
  personalData,
  personalEmail,
  RUNS,
  sourceTrace,
  word,
} from './holding-statement.test-arbitraries.js';

// Test-local wording, independent of the guardrails module.
const CLAIM = { id: /\b(diduga|dugaan|diklaim)\b/i, en: /\b(alleged|claimed)\b/i };
const ASSERTION = {
  id: /(terkonfirmasi|dikonfirmasi|cocok dengan data|dipastikan berasal|telah terjadi kebocoran)/i,
  en: /\b(confirmed|records that match|a breach (?:has )?occurred)\b/i,
};
const PERSONAL_DATA = [
  /(?<!\d)\d{16}(?!\d)/,
  /\d{2}\.\d{3}\.\d{3}\.\d-\d{3}\.\d{3}/,
  /(?<!\d)(?:\d[ -]?){12,18}\d(?!\d)/,
  /(?<![\d.,])(?:\+62|0)8\d{8,11}/,
  /@[\w-]+(?:\.[\w-]+)+/,
];
const VECTOR = /(vendor|kredensial|credential|orang dalam|insider|konfigurasi|configur|malware)/i;
const API = /\bAPIs?\b/;
const ENCRYPTION = /(enkrip|encrypt)/i;
const BLAME =
  /\b(fault|blame\w*|negligen\w*|hackers?|culprits?|perpetrators?|lalai|kelalaian|menyalahkan|peretas|pelaku|ulah)\b|kesalahan pihak/i;

const withoutOwnContact = (text: string, profile: OrganisationProfile): string =>
  [profile.spokesperson?.email, profile.spokesperson?.phone]
    .filter((value): value is string => value !== undefined && value.trim() !== '')
    .reduce((rest, value) => rest.split(value.trim()).join(' '), text);

describe('composeHoldingStatement over random facts', () => {
  it('never throws for valid facts, is deterministic and leaves its input untouched', () => {
    fc.assert(
      fc.property(input, ({ facts, profile, options }) => {
        const before = structuredClone({ facts, profile });
        const first = composeHoldingStatement(facts, profile, options);
        expect(composeHoldingStatement(structuredClone(facts), structuredClone(profile), { ...options })).toEqual(
          first,
        );
        expect({ facts, profile }).toEqual(before);
        expect(first.stage).toBe(holdingStatementStage(facts));
        expect(first.factsVersion).toBe(facts.factsVersion);
        expect(first.composedAt).toBe(options.now.toISOString());
      }),
      RUNS,
    );
  });

  it('follows the stage precedence: closed > regulators-notified > source-traced > sample verdict > claim', () => {
    fc.assert(
      fc.property(facts, (facts) => {
        const confirmed = facts.sample?.verdict === 'confirmed';
        const expected = facts.closure
          ? 'closed'
          : confirmed && facts.regulatorsNotified.length > 0
            ? 'regulators-notified'
            : confirmed && facts.sourceTrace
              ? 'source-traced'
              : facts.sample
                ? `sample-${facts.sample.verdict}`
                : 'claim';
        expect(holdingStatementStage(facts)).toBe(expected);
      }),
      RUNS,
    );
  });

  it('words the circulating information as a claim, and asserts nothing without a confirmed sample', () => {
    fc.assert(
      fc.property(input, ({ facts, profile, options }) => {
        const statement = composeHoldingStatement(facts, profile, options);
        const { language } = options;
        expect(statement.points[0]).toMatch(CLAIM[language]);
        if (facts.claim.claimedRecordCount !== undefined) {
          expect(statement.points[0]).toContain(formatCount(facts.claim.claimedRecordCount, language));
        }
        if (facts.sample?.verdict !== 'confirmed') expect(statement.text).not.toMatch(ASSERTION[language]);
      }),
      RUNS,
    );
  });

  it('sets the claimed count against the member count whenever the profile gives one', () => {
    fc.assert(
      fc.property(input, ({ facts, profile, options }) => {
        const claimed = facts.claim.claimedRecordCount;
        fc.pre(claimed !== undefined && profile.memberCount !== undefined);
        const statement = composeHoldingStatement(facts, profile, options);
        const point = statement.points[1]!;
        expect(point).toContain(formatCount(profile.memberCount!.count, options.language));
        expect(point).toContain(formatCount(claimed!, options.language));
        expect(point).toMatch(CLAIM[options.language]);
      }),
      RUNS,
    );
  });

  it('contains no personal data: none of what the facts carry, nothing shaped like it but the organisation’s contact', () => {
    fc.assert(
      fc.property(input, fc.boolean(), ({ facts, profile, options }, includeSourceDetails) => {
        // A source system carrying personal data must never be printed, even when details are included.
        fc.pre(!includeSourceDetails || facts.sourceTrace === undefined);
        const statement = composeHoldingStatement(facts, profile, { ...options, includeSourceDetails });
        const scanned = withoutOwnContact(statement.text, profile);
        for (const pattern of PERSONAL_DATA) expect(scanned).not.toMatch(pattern);
      }),
      RUNS,
    );
  });

  it('refuses, rather than print, a source system carrying personal data when details are included', () => {
    fc.assert(
      fc.property(input, sourceTrace, personalData, ({ facts, profile, options }, trace, data) => {
        const traced = {
          ...facts,
          sample: {
            ...(facts.sample ?? {
              sampleSize: 1,
              matchedRecords: 1,
              confirmedDataCategories: [],
              verifiedAt: trace.tracedAt,
            }),
            verdict: 'confirmed' as const,
          },
          sourceTrace: { ...trace, sourceSystem: `Server ${data}` },
          closure: undefined,
        };
        expect(() => composeHoldingStatement(traced, profile, { ...options, includeSourceDetails: true })).toThrow(
          /personal-data/,
        );
      }),
      RUNS,
    );
  });

  it('does not depend on the source system, containment, title or source URL unless source details are included', () => {
    fc.assert(
      fc.property(input, freeText, freeText, freeText, ({ facts, profile, options }, system, containment, title) => {
        const statement = composeHoldingStatement(facts, profile, options);
        const other: HoldingStatementFacts = {
          ...facts,
          title,
          claim: {
            ...facts.claim,
            sourceUrl: facts.claim.sourceUrl === undefined ? undefined : 'https://elsewhere.example/x',
          },
          ...(facts.sourceTrace
            ? {
                sourceTrace: {
                  ...facts.sourceTrace,
                  sourceSystem: system,
                  // Whether containment is done shows; what was done does not.
                  ...(facts.sourceTrace.containment?.trim() ? { containment: `${containment}x` } : {}),
                },
              }
            : {}),
        };
        expect(composeHoldingStatement(other, profile, options).text).toBe(statement.text);
        const scanned = withoutOwnContact(statement.text, profile);
        expect(scanned).not.toMatch(VECTOR);
        expect(scanned).not.toMatch(API);
      }),
      RUNS,
    );
  });

  it('names a clean source system and its vector only when PR includes source details', () => {
    const system = fc
      .tuple(word, fc.stringMatching(/^[A-Z]{2,4}-[0-9]{2,3}$/))
      .map(([name, code]) => `${name} ${code}`)
      .filter((name) => !GUARDRAIL_WORDS.test(name));
    fc.assert(
      fc.property(input, sourceTrace, system, ({ facts, profile, options }, trace, sourceSystem) => {
        const traced: HoldingStatementFacts = {
          ...facts,
          sample: {
            sampleSize: 10,
            matchedRecords: 10,
            confirmedDataCategories: [],
            verifiedAt: trace.tracedAt,
            verdict: 'confirmed',
          },
          sourceTrace: { ...trace, sourceSystem },
          closure: undefined,
        };
        expect(composeHoldingStatement(traced, profile, options).text).not.toContain(sourceSystem);
        expect(composeHoldingStatement(traced, profile, { ...options, includeSourceDetails: true }).text).toContain(
          sourceSystem,
        );
      }),
      RUNS,
    );
  });

  it('mentions encryption exactly when it is recorded as fact', () => {
    fc.assert(
      fc.property(input, ({ facts, profile, options }) => {
        const { text } = composeHoldingStatement(facts, profile, options);
        if (facts.recordedFacts.encryptionAtRest === true) expect(text).toMatch(ENCRYPTION);
        else expect(text).not.toMatch(ENCRYPTION);
      }),
      RUNS,
    );
  });

  it('blames no one', () => {
    fc.assert(
      fc.property(input, fc.boolean(), ({ facts, profile, options }, includeSourceDetails) => {
        fc.pre(!includeSourceDetails || facts.sourceTrace === undefined);
        expect(composeHoldingStatement(facts, profile, { ...options, includeSourceDetails }).text).not.toMatch(BLAME);
      }),
      RUNS,
    );
  });

  it('names every notified regulator', () => {
    fc.assert(
      fc.property(input, ({ facts, profile, options }) => {
        const { text } = composeHoldingStatement(facts, profile, options);
        for (const { regulatorName } of facts.regulatorsNotified) expect(text).toContain(regulatorName);
      }),
      RUNS,
    );
  });

  it('always ends on the next update (from now, rounded into working hours) or, once closed, a follow-up line, plus the contact given', () => {
    fc.assert(
      fc.property(input, ({ facts, profile, options }) => {
        const statement = composeHoldingStatement(facts, profile, options);
        const last = statement.points.at(-1)!;
        if (facts.closure) {
          expect(statement.nextUpdateDueAt).toBeUndefined();
          expect(last).toMatch(
            options.language === 'id' ? /Informasi lebih lanjut akan kami sampaikan/ : /further information/,
          );
        } else {
          // The promise, at the earliest, then on the first full hour of the working day (09:00–18:00 by default).
          const earliest = options.now.getTime() + (profile.nextUpdateWithinHours ?? 24) * 3_600_000;
          const due = new Date(statement.nextUpdateDueAt!);
          const local = localTime(due, profile.timeZone ?? 'UTC');
          expect(due.getTime()).toBeGreaterThanOrEqual(earliest);
          expect(due.getTime() - earliest).toBeLessThanOrEqual(16 * 3_600_000);
          expect(local.minute).toBe(0);
          expect(local.hour).toBeGreaterThanOrEqual(9);
          expect(local.hour).toBeLessThanOrEqual(18);
          expect(last).toContain(formatDateTime(due, options.language, profile.timeZone));
        }
        for (const value of Object.values(profile.spokesperson ?? {})) expect(last).toContain(value);
      }),
      RUNS,
    );
  });
});

describe('checkStatementGuardrails over random statements', () => {
  const flags = (rule: GuardrailRule, violations: { rule: GuardrailRule }[]) => violations.some((v) => v.rule === rule);

  it('passes every composed statement', () => {
    fc.assert(
      fc.property(input, ({ facts, profile, options }) => {
        const statement = composeHoldingStatement(facts, profile, options);
        expect(checkStatementGuardrails(statement, facts, profile, options)).toEqual([]);
      }),
      RUNS,
    );
  });

  it('catches personal data slipped into a statement', () => {
    fc.assert(
      fc.property(
        input,
        fc.oneof(nik, npwp, cardNumber, mobile, personalEmail),
        ({ facts, profile, options }, data) => {
          fc.pre(data !== profile.spokesperson?.email && data !== profile.spokesperson?.phone);
          const statement = withSentence(composeHoldingStatement(facts, profile, options), `(${data})`);
          expect(flags('personal-data', checkStatementGuardrails(statement, facts, profile, options))).toBe(true);
        },
      ),
      RUNS,
    );
  });

  it('catches a source system, encryption, blame, a dropped follow-up and a claim stated as fact', () => {
    fc.assert(
      fc.property(input, word, ({ facts, profile, options }, name) => {
        const statement = composeHoldingStatement(facts, profile, options);
        const check = (changed: typeof statement, changedFacts = facts) =>
          checkStatementGuardrails(changed, changedFacts, profile, options);

        const system = `${name}-core-7`;
        const traced = {
          ...facts,
          sourceTrace: {
            sourceSystem: system,
            vector: 'unknown' as const,
            confidence: 'low' as const,
            tracedAt: '2021-01-01T00:00:00Z',
          },
        };
        expect(
          flags(
            'source-details',
            check(withSentence(composeHoldingStatement(traced, profile, options), `${system}.`), traced),
          ),
        ).toBe(true);

        if (facts.recordedFacts.encryptionAtRest !== true) {
          expect(flags('encryption', check(withSentence(statement, 'The data was encrypted.')))).toBe(true);
        }
        expect(flags('blame', check(withSentence(statement, 'Hackers are at fault.')))).toBe(true);

        const noFollowUp = amendStatement(statement, (points) => points.slice(0, -1));
        expect(flags('next-update-or-contact', check(noFollowUp))).toBe(true);

        const asFact = amendStatement(statement, (points) => [`${profile.name} data leaked.`, ...points.slice(1)]);
        expect(flags('claim-wording', check(asFact))).toBe(true);
      }),
      RUNS,
    );
  });
});
