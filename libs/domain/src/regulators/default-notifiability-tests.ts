import type { DataCategory } from '../case/vocabulary.js';
import type { NotifiabilityDefinition, NotifiabilityRule } from './notifiability.js';

// Each seeded law's test of whether to notify at all, as data (see notifiability.ts). The README's
// "Notifiability" section says the same in plain words; the unit tests check each clause.

const always = (clause: string, reason: string): NotifiabilityRule => ({
  when: {},
  outcome: 'required',
  clause,
  reason,
});

/** UU PDP Art. 46 has no risk threshold: every failure of protection is notified, to both. */
export const UU_PDP_TEST: NotifiabilityDefinition = {
  regulator: {
    rules: [
      always(
        'UU PDP 27/2022 Art. 46(1)',
        'Art. 46 sets no risk threshold: every failure of personal-data protection (confidentiality, integrity or availability) is notified to the agency within 3 × 24 hours',
      ),
    ],
  },
  dataSubjects: {
    rules: [
      always(
        'UU PDP 27/2022 Art. 46(1)',
        'Art. 46 sets no risk threshold: every failure of personal-data protection is notified to the data subjects within 3 × 24 hours',
      ),
    ],
  },
};

const pm20Rules: NotifiabilityRule[] = [
  {
    when: { confidentiality: ['none'] },
    outcome: 'not-required',
    clause: 'Permenkominfo 20/2016 Art. 28(c)',
    reason: 'Art. 28(c) covers a failure to protect the confidentiality of personal data, and no one saw the data',
  },
  always(
    'Permenkominfo 20/2016 Art. 28(c)',
    'the confidentiality of personal data failed: the data owners are told in writing, with the cause, within 14 days',
  ),
];

/** PM 20/2016's notification goes to the data owners themselves, so both tests are the same. */
export const PM_20_2016_TEST: NotifiabilityDefinition = {
  regulator: { rules: pm20Rules },
  dataSubjects: { rules: pm20Rules },
};

export const GDPR_TEST: NotifiabilityDefinition = {
  regulator: {
    rules: [
      {
        when: { riskToIndividuals: ['unlikely'] },
        outcome: 'not-required',
        clause: 'GDPR Art. 33(1)',
        reason:
          'the team judged the breach unlikely to result in a risk to the rights and freedoms of natural persons; document it (Art. 33(5))',
      },
      always(
        'GDPR Art. 33(1)',
        'the breach is likely to result in a risk to the rights and freedoms of natural persons',
      ),
    ],
  },
  dataSubjects: {
    rules: [
      {
        when: { riskToIndividuals: ['unlikely', 'risk'] },
        outcome: 'not-required',
        clause: 'GDPR Art. 34(1)',
        reason: 'the team judged the breach not likely to result in a high risk to natural persons',
      },
      {
        when: { dataUnintelligible: true },
        outcome: 'not-required',
        clause: 'GDPR Art. 34(3)(a)',
        reason: 'the data was unintelligible to anyone not authorised to access it (encrypted, key safe)',
      },
      {
        when: { harmRemediated: true },
        outcome: 'not-required',
        clause: 'GDPR Art. 34(3)(b)',
        reason: 'subsequent measures ensure the high risk is no longer likely to materialise',
      },
      always(
        'GDPR Art. 34(1)',
        'the breach is likely to result in a high risk to the rights and freedoms of natural persons',
      ),
    ],
  },
};

/** A name or identification number: the first half of the PDPA Schedule's Part 1 item 1. */
const NAME_OR_ID: DataCategory[] = ['name', 'national-id'];
/**
 * The Schedule's Part 2 classes in this vocabulary: remuneration (`salary`), financial accounts and
 * cards (`financial-account`, `card-number`), medical and health-insurance information (`health`).
 */
const SCHEDULE_CLASSES: DataCategory[] = ['salary', 'financial-account', 'card-number', 'health'];

const withinOrganisation: NotifiabilityRule = {
  when: { confidentiality: ['internal-only'] },
  outcome: 'not-required',
  clause: 'PDPA s.26B(4)',
  reason: 'a breach only within the organisation is deemed not to be a notifiable data breach',
};
const deemedHarm = (clause: string): NotifiabilityRule[] => [
  {
    when: { dataCategories: [{ anyOf: NAME_OR_ID }, { anyOf: SCHEDULE_CLASSES }] },
    outcome: 'required',
    clause,
    reason:
      'significant harm is deemed: a name or ID together with a class of the Schedule (financial, remuneration, health) (reg. 3)',
  },
  {
    when: { dataCategories: [{ anyOf: ['credentials'] }] },
    outcome: 'required',
    clause,
    reason:
      'significant harm is deemed: an account identifier with its password or access code (reg. 3, Schedule Part 1)',
  },
  {
    when: { riskToIndividuals: ['high'] },
    outcome: 'required',
    clause,
    reason: 'the team judged the breach likely to result in significant harm to the affected individuals',
  },
];

export const PDPA_TEST: NotifiabilityDefinition = {
  regulator: {
    rules: [
      withinOrganisation,
      ...deemedHarm('PDPA s.26B(1)(a)'),
      {
        when: { minAffectedSubjects: 500 },
        outcome: 'required',
        clause: 'PDPA s.26B(1)(b)',
        reason: 'significant scale: 500 or more individuals affected (reg. 4)',
      },
      {
        when: {},
        outcome: 'not-required',
        clause: 'PDPA s.26B(1)',
        reason: 'neither likely significant harm nor significant scale (fewer than 500 individuals)',
      },
    ],
  },
  dataSubjects: {
    rules: [
      withinOrganisation,
      {
        when: { harmRemediated: true },
        outcome: 'not-required',
        clause: 'PDPA s.26D(5)(a)',
        reason: 'remedial action makes significant harm to the individuals unlikely',
      },
      {
        when: { dataUnintelligible: true },
        outcome: 'not-required',
        clause: 'PDPA s.26D(5)(b)',
        reason: 'technological measures made the data unintelligible before the breach',
      },
      ...deemedHarm('PDPA s.26D(2)'),
      {
        when: {},
        outcome: 'not-required',
        clause: 'PDPA s.26D(2)',
        reason:
          'individuals are notified only of likely significant harm; significant scale alone obliges the PDPC only',
      },
    ],
  },
};

const ndbRules = (notify: string): NotifiabilityRule[] => [
  {
    when: { confidentiality: ['none'] },
    outcome: 'not-required',
    clause: 'Privacy Act 1988 s.26WE(2)',
    reason: 'no unauthorised access to or disclosure of the information: not an eligible data breach',
  },
  {
    when: { harmRemediated: true },
    outcome: 'not-required',
    clause: 'Privacy Act 1988 s.26WF',
    reason: 'remedial action means the access or disclosure is no longer likely to result in serious harm',
  },
  {
    when: { riskToIndividuals: ['high'] },
    outcome: 'required',
    clause: `Privacy Act 1988 s.26WE(2), ${notify}`,
    reason:
      'a reasonable person would conclude the breach is likely to result in serious harm: an eligible data breach',
  },
  {
    when: {},
    outcome: 'not-required',
    clause: 'Privacy Act 1988 s.26WE(2)',
    reason: 'the team judged serious harm not likely: not an eligible data breach',
  },
];

export const NDB_TEST: NotifiabilityDefinition = {
  regulator: { rules: ndbRules('s.26WK') },
  dataSubjects: { rules: ndbRules('s.26WL') },
};

/** Secured PHI, or a low probability of compromise, is no HIPAA breach at all (45 CFR 164.402). */
const noHipaaBreach: NotifiabilityRule[] = [
  {
    when: { dataUnintelligible: true },
    outcome: 'not-required',
    clause: '45 CFR 164.402',
    reason:
      'the PHI was secured (rendered unusable, unreadable or indecipherable, e.g. encrypted per HHS guidance): not unsecured PHI',
  },
  {
    when: { riskToIndividuals: ['unlikely'] },
    outcome: 'not-required',
    clause: '45 CFR 164.402(2)',
    reason: 'the four-factor risk assessment shows a low probability that the PHI has been compromised',
  },
];
const WITH_PHI = [{ anyOf: ['health'] as DataCategory[] }];
const NO_PHI: NotifiabilityRule = {
  when: {},
  outcome: 'not-required',
  clause: '45 CFR 164.402',
  reason: 'the rule covers protected health information, and no health data was affected',
};

export const HIPAA_TEST: NotifiabilityDefinition = {
  regulator: {
    rules: [
      ...noHipaaBreach,
      {
        when: { dataCategories: WITH_PHI, minAffectedSubjects: 500 },
        outcome: 'required',
        clause: '45 CFR 164.408(b)',
        reason:
          'a breach of unsecured PHI of 500 or more individuals: HHS is notified contemporaneously, within 60 days',
      },
      {
        when: { dataCategories: WITH_PHI },
        outcome: 'annual-log',
        clause: '45 CFR 164.408(c)',
        reason:
          'a breach of unsecured PHI of fewer than 500 individuals: log it and report it to HHS within 60 days of the end of the calendar year',
      },
      NO_PHI,
    ],
  },
  dataSubjects: {
    rules: [
      ...noHipaaBreach,
      {
        when: { dataCategories: WITH_PHI },
        outcome: 'required',
        clause: '45 CFR 164.404',
        reason: 'a breach of unsecured PHI: each individual is notified without unreasonable delay, within 60 days',
      },
      NO_PHI,
    ],
  },
};

/**
 * Item 1.05 turns on materiality to investors, which the registrant determines and no fact here
 * settles: the SEC stays `assess` (a risk assessment at level `critical` records the determination
 * and starts its clock). Form 8-K is a disclosure to investors, never a notice to data subjects.
 */
export const SEC_8K_TEST: NotifiabilityDefinition = {
  regulator: {
    rules: [
      {
        when: {},
        outcome: 'assess',
        clause: 'Form 8-K Item 1.05',
        reason:
          'a material cybersecurity incident is disclosed within 4 business days of determining materiality, which is the registrant’s judgment of its impact on investors, not a test of these facts',
      },
    ],
  },
  dataSubjects: {
    rules: [
      {
        when: {},
        outcome: 'not-required',
        clause: 'Form 8-K Item 1.05',
        reason: 'Form 8-K is a disclosure to investors; it does not oblige notifying data subjects',
      },
    ],
  },
};
