import { describe, expect, it } from '@jest/globals';
import { IllegalTransitionError } from '../shared/domain-errors.js';
import { composeHoldingStatement } from './compose.js';
import { SEED_CLAIM, SEED_NOW, SEED_SAMPLE_VERIFIED } from './holding-statement.fixtures.js';
import type { OrganisationProfile } from './holding-statement-types.js';
import { subjectNounIn } from './render.js';

// Given an organisation profile, when a statement is drafted in a language, then it speaks of the data subjects
// with the organisation's own noun for that language, or refuses to speak a language it has no noun for.

const insurer: OrganisationProfile = {
  name: 'Lion City Assurance',
  memberCount: { count: 1_200_000, asOf: '2021-04', noun: { en: 'policyholders', id: 'pemegang polis' } },
  timeZone: 'Asia/Singapore',
};

describe('the organisation’s own nouns', () => {
  it('given a noun per language, then each statement uses the noun of its own language', () => {
    expect(subjectNounIn(insurer, 'en')).toBe('policyholders');
    expect(subjectNounIn(insurer, 'id')).toBe('pemegang polis');
    const facts = { ...SEED_SAMPLE_VERIFIED, claim: { ...SEED_CLAIM.claim, claimedRecordCount: 2_000_000 } };
    const en = composeHoldingStatement(facts, insurer, { language: 'en', now: SEED_NOW }).text;
    const id = composeHoldingStatement(facts, insurer, { language: 'id', now: SEED_NOW }).text;
    expect(en).toContain('Lion City Assurance had 1.2 million policyholders as of April 2021');
    expect(id).toContain('Jumlah pemegang polis Lion City Assurance per April 2021 sebanyak 1,2 juta');
    expect(id).not.toMatch(/\b(peserta|pelanggan|pengguna)\b/);
  });

  it.each([
    ['members', 'peserta', 'members'],
    ['customers', 'pelanggan', 'customers'],
    ['users', 'pengguna', 'users'],
  ] as const)('given the built-in shorthand %s, then it is worded in both languages', (noun, id, en) => {
    expect(subjectNounIn({ name: 'X', subjectNoun: noun }, 'id')).toBe(id);
    expect(subjectNounIn({ name: 'X', subjectNoun: noun }, 'en')).toBe(en);
  });

  it('given no noun at all, then the statement speaks of customers', () => {
    expect(subjectNounIn({ name: 'X' }, 'id')).toBe('pelanggan');
  });

  it('given an English noun only, when a statement is drafted in Indonesian, then it is refused naming the language', () => {
    const englishOnly: OrganisationProfile = {
      ...insurer,
      memberCount: { ...insurer.memberCount!, noun: { en: 'policyholders' } },
    };
    expect(composeHoldingStatement(SEED_CLAIM, englishOnly, { language: 'en', now: SEED_NOW }).text).toContain(
      'policyholders',
    );
    const draftInIndonesian = () => composeHoldingStatement(SEED_CLAIM, englishOnly, { language: 'id', now: SEED_NOW });
    expect(draftInIndonesian).toThrow(IllegalTransitionError);
    expect(draftInIndonesian).toThrow(/no noun for its data subjects in language "id" \(memberCount\.noun\.id\)/);
    try {
      draftInIndonesian();
    } catch (error) {
      expect((error as IllegalTransitionError).rule).toBe('profile-noun-missing');
    }
  });

  it('given an Indonesian subject noun only and no member count, when drafted in English, then the field named is subjectNoun', () => {
    const profile: OrganisationProfile = { name: 'Sekolah Contoh', subjectNoun: { id: 'siswa' } };
    expect(() => subjectNounIn(profile, 'en')).toThrow(/\(subjectNoun\.en\)/);
  });
});
