import { describe, expect, it } from '@jest/globals';
import { composeHoldingStatement } from './compose.js';
import { checkStatementGuardrails, HoldingStatementGuardrailError, type GuardrailRule } from './guardrails.js';
import {
  BPJS_KESEHATAN,
  SEED_CLAIM,
  SEED_NOW,
  SEED_SAMPLE_VERIFIED,
  SEED_SOURCE_TRACED,
} from './holding-statement.fixtures.js';
import { amendStatement, withSentence } from './holding-statement.test-support.js';
import type { ComposeOptions, HoldingStatement, HoldingStatementFacts } from './holding-statement-types.js';
import { DEFAULT_TEMPLATES } from './templates.js';

// Each guardrail, shown catching a statement that breaks it. The property tests show that
// composed statements never do.

const id: ComposeOptions = { language: 'id', now: SEED_NOW };
const en: ComposeOptions = { language: 'en', now: SEED_NOW };

const rules = (statement: HoldingStatement, facts: HoldingStatementFacts, options: ComposeOptions): GuardrailRule[] =>
  checkStatementGuardrails(statement, facts, BPJS_KESEHATAN, options).map((v) => v.rule);

describe('checkStatementGuardrails', () => {
  const claimId = composeHoldingStatement(SEED_CLAIM, BPJS_KESEHATAN, id);
  const claimEn = composeHoldingStatement(SEED_CLAIM, BPJS_KESEHATAN, en);
  const confirmedId = composeHoldingStatement(SEED_SAMPLE_VERIFIED, BPJS_KESEHATAN, id);
  const tracedEn = composeHoldingStatement(SEED_SOURCE_TRACED, BPJS_KESEHATAN, en);

  it('passes composed statements', () => {
    expect(rules(claimId, SEED_CLAIM, id)).toEqual([]);
    expect(rules(tracedEn, SEED_SOURCE_TRACED, en)).toEqual([]);
  });

  describe('claim-wording', () => {
    it('flags circulating information acknowledged as fact rather than as a claim', () => {
      const asserted = amendStatement(claimEn, (points) => [
        'Information circulating on social media shows a leak of data from BPJS Kesehatan.',
        ...points.slice(1),
      ]);
      expect(rules(asserted, SEED_CLAIM, en)).toContain('claim-wording');
      expect(rules(asserted, SEED_SAMPLE_VERIFIED, en)).toContain('claim-wording');
    });

    it('flags an unverified claim stated as confirmed', () => {
      expect(rules(withSentence(claimId, 'Kebocoran data telah dikonfirmasi.'), SEED_CLAIM, id)).toContain(
        'claim-wording',
      );
      expect(rules(withSentence(claimEn, 'We have confirmed the leak.'), SEED_CLAIM, en)).toContain('claim-wording');
    });

    it('allows stating confirmed findings once the sample is confirmed', () => {
      expect(rules(confirmedId, SEED_SAMPLE_VERIFIED, id)).toEqual([]);
    });
  });

  it('claimed-figure: flags the claimed count stated as fact, even on a confirmed sample', () => {
    const statement = withSentence(confirmedId, 'Sebanyak 279 juta data telah bocor.');
    expect(rules(statement, SEED_SAMPLE_VERIFIED, id)).toContain('claimed-figure');
  });

  it.each([
    ['a NIK', 'Contoh: 3201012345678901.'],
    ['an NPWP', 'NPWP 01.234.567.8-901.000.'],
    ['a card number', 'Nomor kartu 0001234567890.'],
    ['an email address', 'Hubungi budi.santoso@gmail.com.'],
    ['a phone number', 'Hubungi 0812-3456-7890.'],
    ['an international phone number', 'Hubungi +62 812 3456 7890.'],
  ])('personal-data: flags %s', (_what, sentence) => {
    expect(rules(withSentence(claimId, sentence), SEED_CLAIM, id)).toContain('personal-data');
  });

  it('personal-data: allows the organisation’s own contact', () => {
    const profile = {
      ...BPJS_KESEHATAN,
      spokesperson: { email: 'humas@bpjs-kesehatan.go.id', phone: '+62 21 424 6063' },
    };
    const statement = composeHoldingStatement(SEED_CLAIM, profile, id);
    expect(statement.text).toContain('+62 21 424 6063');
    expect(checkStatementGuardrails(statement, SEED_CLAIM, profile, id)).toEqual([]);
  });

  it('leak-location: flags the URL or host where the claim was seen', () => {
    expect(
      rules(withSentence(claimId, `Lihat ${new URL(SEED_CLAIM.claim.sourceUrl!).host}.`), SEED_CLAIM, id),
    ).toContain('leak-location');
    expect(rules(withSentence(claimId, SEED_CLAIM.claim.sourceUrl!), SEED_CLAIM, id)).toContain('leak-location');
  });

  it('internal-text: flags the internal case title', () => {
    expect(rules(withSentence(claimId, SEED_CLAIM.title), SEED_CLAIM, id)).toContain('internal-text');
  });

  describe('source-details', () => {
    it('flags the source system, the vector and containment detail unless included', () => {
      for (const sentence of [
        'The source is the Legacy membership export server.',
        'A vendor account was abused.',
        'An API was abused.',
        'Export endpoint disabled; vendor account 7731 revoked.',
      ]) {
        expect(rules(withSentence(tracedEn, sentence), SEED_SOURCE_TRACED, en)).toContain('source-details');
      }
    });

    it('allows source system and vector when PR includes them, never containment detail', () => {
      const included = { ...en, includeSourceDetails: true };
      const statement = composeHoldingStatement(SEED_SOURCE_TRACED, BPJS_KESEHATAN, included);
      expect(statement.text).toContain('Legacy membership export server');
      expect(rules(statement, SEED_SOURCE_TRACED, included)).toEqual([]);
      expect(
        rules(
          withSentence(statement, 'Export endpoint disabled; vendor account 7731 revoked.'),
          SEED_SOURCE_TRACED,
          included,
        ),
      ).toContain('source-details');
    });

    it('does not mistake a source system named like an ordinary word for a leak', () => {
      const facts: HoldingStatementFacts = {
        ...SEED_SOURCE_TRACED,
        sourceTrace: { ...SEED_SOURCE_TRACED.sourceTrace!, sourceSystem: 'data' },
      };
      expect(() => composeHoldingStatement(facts, BPJS_KESEHATAN, id)).not.toThrow();
      expect(
        rules(withSentence(composeHoldingStatement(facts, BPJS_KESEHATAN, id), 'Sistem data.'), facts, id),
      ).toContain('source-details');
    });
  });

  it('encryption: flags encryption not recorded as fact, in either language', () => {
    expect(rules(withSentence(claimEn, 'The data was encrypted.'), SEED_CLAIM, en)).toContain('encryption');
    expect(rules(withSentence(claimId, 'Data tersebut terenkripsi.'), SEED_CLAIM, id)).toContain('encryption');
    const recorded = { ...SEED_CLAIM, recordedFacts: { encryptionAtRest: true } };
    expect(rules(withSentence(claimEn, 'The data was encrypted.'), recorded, en)).not.toContain('encryption');
  });

  it.each([
    'This was the fault of our partner.',
    'We blame the contractor.',
    'A hacker group is behind it.',
    'Ini terjadi karena kelalaian mitra.',
    'Ini kesalahan pihak ketiga.',
    'Peretas telah membobol sistem.',
  ])('blame: flags "%s"', (sentence) => {
    expect(rules(withSentence(claimEn, sentence), SEED_CLAIM, en)).toContain('blame');
  });

  it('next-update-or-contact: flags a statement without a next update or contact', () => {
    const statement = amendStatement(claimId, (points) => points.slice(0, -1));
    expect(rules(statement, SEED_CLAIM, id)).toContain('next-update-or-contact');
  });
});

describe('composeHoldingStatement refuses a statement that breaks a guardrail', () => {
  it('throws HoldingStatementGuardrailError naming the rules', () => {
    const templates = {
      ...DEFAULT_TEMPLATES,
      en: {
        ...DEFAULT_TEMPLATES.en,
        heading: 'Statement by {org} ({date})',
        claimWithCount: 'Data of {claimedCount} people leaked from {org}.',
        protection: 'Fortunately the data was encrypted.',
      },
    };
    let error: unknown;
    try {
      composeHoldingStatement(SEED_CLAIM, BPJS_KESEHATAN, { ...en, templates });
    } catch (thrown) {
      error = thrown;
    }
    expect(error).toBeInstanceOf(HoldingStatementGuardrailError);
    expect((error as HoldingStatementGuardrailError).violations.map((v) => v.rule)).toEqual(
      expect.arrayContaining(['claimed-figure', 'encryption']),
    );
  });
});
