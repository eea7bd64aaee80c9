import type { RegulatorDefinition } from './regulator-definition.js';

export type HeadingLanguage = 'id' | 'en';

/** Where in its law a required field comes from, and its heading in Indonesian; English is the field's `label`. */
interface ContentHeading {
  provision?: Record<HeadingLanguage, string>;
  id: string;
}

const both = (provision: string) => ({ en: provision, id: provision });

/**
 * The seeded regulators' required content under the headings of their law, field by field, in the law's order
 * (which is the order of `requiredContent`). Regulators an admin adds have no entry: their labels are used as given.
 */
const CONTENT_HEADINGS: Readonly<Record<string, Readonly<Record<string, ContentHeading>>>> = {
  'id-pdp': {
    dataExposed: {
      provision: { en: 'Art. 46(2)(a)', id: 'Pasal 46 ayat (2) huruf a' },
      id: 'Data Pribadi yang terungkap',
    },
    whenAndHow: {
      provision: { en: 'Art. 46(2)(b)', id: 'Pasal 46 ayat (2) huruf b' },
      id: 'Kapan dan bagaimana Data Pribadi terungkap',
    },
    handlingAndRecovery: {
      provision: { en: 'Art. 46(2)(c)', id: 'Pasal 46 ayat (2) huruf c' },
      id: 'Upaya penanganan dan pemulihan atas terungkapnya Data Pribadi',
    },
  },
  'id-kominfo-pm20': {
    causeOfFailure: {
      provision: { en: 'Art. 28(c)', id: 'Pasal 28 huruf c' },
      id: 'Alasan atau penyebab terjadinya kegagalan perlindungan Data Pribadi',
    },
  },
  'eu-lead-sa': {
    nature: {
      provision: { en: 'Art. 33(3)(a)', id: 'Pasal 33 ayat (3) huruf a' },
      id: 'Sifat pelanggaran data pribadi',
    },
    categoriesAndApproxNumbers: {
      provision: { en: 'Art. 33(3)(a)', id: 'Pasal 33 ayat (3) huruf a' },
      id: 'Kategori dan perkiraan jumlah subjek data dan catatan data pribadi',
    },
    dpoContact: {
      provision: { en: 'Art. 33(3)(b)', id: 'Pasal 33 ayat (3) huruf b' },
      id: 'Nama dan kontak petugas pelindungan data atau narahubung lain',
    },
    likelyConsequences: {
      provision: { en: 'Art. 33(3)(c)', id: 'Pasal 33 ayat (3) huruf c' },
      id: 'Kemungkinan akibat pelanggaran',
    },
    measures: {
      provision: { en: 'Art. 33(3)(d)', id: 'Pasal 33 ayat (3) huruf d' },
      id: 'Langkah yang diambil atau diusulkan',
    },
  },
  // The prescribed information of the PDP (Notification of Data Breaches) Regulations, without item numbers.
  'sg-pdpc': {
    circumstances: { id: 'Fakta dan keadaan pelanggaran' },
    dataInvolved: { id: 'Data pribadi dan golongan individu yang terdampak' },
    affectedCount: { id: 'Jumlah individu yang terdampak' },
    potentialHarm: { id: 'Potensi kerugian bagi individu yang terdampak' },
    remedialActions: { id: 'Tindakan untuk menghilangkan atau mengurangi kerugian' },
    contact: { id: 'Narahubung untuk PDPC' },
  },
  'au-oaic': {
    identityAndContact: { provision: both('s.26WK(3)(a)'), id: 'Identitas dan rincian kontak entitas' },
    description: { provision: both('s.26WK(3)(b)'), id: 'Uraian pelanggaran data' },
    kindsOfInformation: { provision: both('s.26WK(3)(c)'), id: 'Jenis informasi yang terkait' },
    recommendedSteps: { provision: both('s.26WK(3)(d)'), id: 'Langkah yang disarankan bagi individu' },
  },
  'us-hhs': {
    whatHappened: { provision: both('45 CFR 164.404(c)(1)(A)'), id: 'Apa yang terjadi' },
    phiTypes: { provision: both('45 CFR 164.404(c)(1)(B)'), id: 'Jenis informasi kesehatan terlindungi' },
    stepsForIndividuals: { provision: both('45 CFR 164.404(c)(1)(C)'), id: 'Langkah bagi individu' },
    entityActions: { provision: both('45 CFR 164.404(c)(1)(D)'), id: 'Tindakan entitas' },
    contacts: { provision: both('45 CFR 164.404(c)(1)(E)'), id: 'Prosedur kontak' },
  },
  'us-sec': {
    materialIncidentDescription: { provision: both('Item 1.05(a)'), id: 'Insiden keamanan siber yang material' },
    materialImpact: { provision: both('Item 1.05(a)'), id: 'Dampak material' },
  },
};

/**
 * The heading a required field is printed under in a document: its provision (e.g. "Art. 33(3)(b)") when known and
 * its label in the language asked for; a field the regulator does not list is headed by its own name.
 */
export function contentHeading(
  regulator: RegulatorDefinition,
  field: string,
  language: HeadingLanguage,
): { provision?: string; label: string } {
  const known = Object.hasOwn(CONTENT_HEADINGS, regulator.id) ? CONTENT_HEADINGS[regulator.id] : undefined;
  const heading = known && Object.hasOwn(known, field) ? known[field] : undefined;
  const label = regulator.requiredContent.find((c) => c.field === field)?.label ?? field;
  return {
    ...(heading?.provision && { provision: heading.provision[language] }),
    label: language === 'id' && heading ? heading.id : label,
  };
}
