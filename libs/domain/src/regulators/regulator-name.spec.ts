import { describe, expect, it } from '@jest/globals';
import { computeDeadlines } from './deadline-engine.js';
import { DEFAULT_REGULATORS, findRegulator } from './default-regulators.js';
import { regulatorName } from './regulator-name.js';
import { validateRegulatorDefinition } from './regulator-validation.js';

const base = {
  id: 'br-anpd',
  jurisdiction: 'EU',
  legalBasis: 'Example law Art. 1',
  deadline: { amount: 3, unit: 'business-days', clockStartsAt: 'awareness', description: '3 business days' },
  requiredContent: [{ field: 'nature', label: 'Nature' }],
  delivery: { mode: 'feed' },
};
const errorsOf = (raw: unknown) => {
  const result = validateRegulatorDefinition(raw);
  return result.ok ? [] : result.errors;
};

describe('regulatorName: a regulator named in the statement’s language', () => {
  it('given names in both languages, when asked for each, then each language gets its own name', () => {
    const pdp = findRegulator(DEFAULT_REGULATORS, 'id-pdp')!;
    expect(regulatorName(pdp, 'id')).toBe('Lembaga Pelindungan Data Pribadi (Komdigi hingga lembaga terbentuk)');
    expect(regulatorName(pdp, 'en')).toBe('PDP agency (Komdigi until it operates)');
  });

  it('given an admin’s entry in one language, when asked for the other, then the one given is the fallback', () => {
    expect(regulatorName({ name: { id: 'Otoritas Jasa Keuangan' } }, 'en')).toBe('Otoritas Jasa Keuangan');
    expect(regulatorName({ name: { en: 'Bank Indonesia' } }, 'id')).toBe('Bank Indonesia');
  });

  it('given a plain-string name stored before names had languages, then it is the name in every language', () => {
    expect(regulatorName({ name: 'Lead supervisory authority' }, 'id')).toBe('Lead supervisory authority');
    expect(regulatorName({ name: 'Lead supervisory authority' }, 'en')).toBe('Lead supervisory authority');
  });

  it('given the seed registry, then every regulator has an Indonesian name of its own', () => {
    for (const regulator of DEFAULT_REGULATORS) {
      expect(regulatorName(regulator, 'id')).not.toBe(regulatorName(regulator, 'en'));
    }
  });

  it('given deadlines computed in Indonesian, then they name the regulators in Indonesian', () => {
    const facts = { reportReceivedAt: '2021-05-20T06:00:00Z', jurisdictions: ['ID' as const], notifications: [] };
    const names = computeDeadlines(facts, DEFAULT_REGULATORS, new Date('2021-05-21T00:00:00Z'), 'id').map(
      (deadline) => deadline.regulatorName,
    );
    expect(names).toEqual([
      'Lembaga Pelindungan Data Pribadi (Komdigi hingga lembaga terbentuk)',
      'Pemilik Data Pribadi (Permenkominfo 20/2016)',
    ]);
  });
});

describe('validateRegulatorDefinition: the name', () => {
  it('given a name per language, then it is kept as given', () => {
    const name = { en: 'Financial Services Authority (OJK)', id: 'Otoritas Jasa Keuangan (OJK)' };
    const result = validateRegulatorDefinition({ ...base, name });
    expect(result.ok && result.regulator.name).toEqual(name);
  });

  it('given one language or a plain string, then it is accepted (the fallback for the other language)', () => {
    expect(errorsOf({ ...base, name: { id: 'Otoritas Jasa Keuangan' } })).toEqual([]);
    expect(errorsOf({ ...base, name: 'Otoritas Jasa Keuangan' })).toEqual([]);
  });

  it.each([
    ['no language at all', {}, 'name must give the name in at least one language (id, en)'],
    ['an unknown language', { en: 'OJK', fr: 'OJK' }, 'name.fr is not a known field (known: id, en)'],
    ['a blank Indonesian name', { id: ' ', en: 'OJK' }, 'name.id is required text'],
    ['a number as a name', { en: 42 }, 'name.en is required text'],
  ])('given %s, then the error names the field', (_, name, error) => {
    expect(errorsOf({ ...base, name })).toEqual([error]);
  });
});
