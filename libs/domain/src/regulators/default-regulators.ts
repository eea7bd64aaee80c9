import {
  GDPR_TEST,
  HIPAA_TEST,
  NDB_TEST,
  PDPA_TEST,
  PM_20_2016_TEST,
  SEC_8K_TEST,
  UU_PDP_TEST,
} from './default-notifiability-tests.js';
import type { RegulatorDefinition } from './regulator-definition.js';

/**
 * The seed registry: the "Legal clocks" table of DOMAIN.md, one definition per row. Admins add
 * more (or replace these) through the admin endpoint and the CLI, checked by
 * `validateRegulatorDefinition`. Every seed delivers through the feed: webhook URLs are deployment data.
 * Names are given in every statement language: the Indonesian ones as the laws and the authorities themselves
 * write them (UU PDP 27/2022 calls its authority "lembaga" and spells "Pelindungan").
 */
export const DEFAULT_REGULATORS: readonly RegulatorDefinition[] = [
  {
    id: 'id-pdp',
    name: {
      en: 'PDP agency (Komdigi until it operates)',
      id: 'Lembaga Pelindungan Data Pribadi (Komdigi hingga lembaga terbentuk)',
    },
    jurisdiction: 'ID',
    legalBasis: 'UU PDP 27/2022 Art. 46',
    deadline: {
      amount: 72,
      unit: 'hours',
      clockStartsAt: 'awareness',
      description: '3 × 24 hours from awareness, to the data subjects and the agency',
    },
    requiredContent: [
      {
        field: 'dataExposed',
        label: 'Personal data exposed',
        description: 'Which personal data was disclosed.',
      },
      {
        field: 'whenAndHow',
        label: 'When and how',
        description: 'When and how the personal data was disclosed.',
      },
      {
        field: 'handlingAndRecovery',
        label: 'Handling and recovery',
        description: 'Efforts to handle and recover from the disclosure.',
      },
    ],
    notifiability: UU_PDP_TEST,
    delivery: { mode: 'feed' },
  },
  {
    id: 'id-kominfo-pm20',
    name: {
      en: 'Data owners (Kominfo PM 20/2016)',
      id: 'Pemilik Data Pribadi (Permenkominfo 20/2016)',
    },
    jurisdiction: 'ID',
    legalBasis: 'Permenkominfo 20/2016 Art. 28(c)',
    deadline: {
      amount: 14,
      unit: 'calendar-days',
      clockStartsAt: 'knowledge-of-failure',
      description: '14 days from knowledge of the failure to protect personal data',
    },
    requiredContent: [
      {
        field: 'causeOfFailure',
        label: 'Cause of the failure',
        description: 'Why the protection of the personal data failed.',
      },
    ],
    notifiability: PM_20_2016_TEST,
    delivery: { mode: 'feed' },
  },
  {
    id: 'eu-lead-sa',
    name: {
      en: 'Lead supervisory authority',
      id: 'Otoritas pengawas utama (GDPR)',
    },
    jurisdiction: 'EU',
    legalBasis: 'GDPR Art. 33 / 34',
    deadline: {
      amount: 72,
      unit: 'hours',
      clockStartsAt: 'awareness',
      description: '72 hours from awareness; a later notification must give the reasons for the delay',
    },
    requiredContent: [
      {
        field: 'nature',
        label: 'Nature of the breach',
        description: 'The nature of the personal-data breach.',
      },
      {
        field: 'categoriesAndApproxNumbers',
        label: 'Categories and approximate numbers',
        description: 'Categories and approximate number of data subjects and of personal-data records concerned.',
      },
      {
        field: 'dpoContact',
        label: 'DPO / contact point',
        description: 'Name and contact details of the data protection officer or other contact point.',
      },
      {
        field: 'likelyConsequences',
        label: 'Likely consequences',
        description: 'Likely consequences of the breach.',
      },
      {
        field: 'measures',
        label: 'Measures taken or proposed',
        description: 'Measures taken or proposed to address the breach and mitigate its possible adverse effects.',
      },
    ],
    notifiability: GDPR_TEST,
    delivery: { mode: 'feed' },
  },
  {
    id: 'sg-pdpc',
    name: {
      en: 'Personal Data Protection Commission (PDPC)',
      id: 'Komisi Perlindungan Data Pribadi Singapura (PDPC)',
    },
    jurisdiction: 'SG',
    legalBasis: 'PDPA s.26D',
    deadline: {
      amount: 3,
      unit: 'calendar-days',
      clockStartsAt: 'assessed-notifiable',
      description: '3 calendar days from assessing the breach as notifiable; notify the PDPC before public statements',
    },
    requiredContent: [
      {
        field: 'circumstances',
        label: 'Circumstances',
        description: 'Facts and circumstances of the breach, including how and when it was discovered.',
      },
      {
        field: 'dataInvolved',
        label: 'Personal data involved',
        description: 'Types of personal data and the classes of individuals affected.',
      },
      {
        field: 'affectedCount',
        label: 'Number affected',
        description: 'Number of affected individuals.',
      },
      {
        field: 'potentialHarm',
        label: 'Potential harm',
        description: 'Potential harm to the affected individuals.',
      },
      {
        field: 'remedialActions',
        label: 'Remedial actions',
        description: 'Actions taken or planned to eliminate or mitigate the harm.',
      },
      {
        field: 'contact',
        label: 'Contact',
        description: 'Contact person for the PDPC.',
      },
    ],
    notifiability: PDPA_TEST,
    delivery: { mode: 'feed' },
  },
  {
    id: 'au-oaic',
    name: {
      en: 'Office of the Australian Information Commissioner (OAIC)',
      id: 'Kantor Komisioner Informasi Australia (OAIC)',
    },
    jurisdiction: 'AU',
    legalBasis: 'Privacy Act 1988 s.26WH / s.26WK (NDB scheme)',
    deadline: {
      amount: 30,
      unit: 'calendar-days',
      clockStartsAt: 'reasonable-suspicion',
      description: 'Assess within 30 days of reasonable grounds to suspect, then notify as soon as practicable',
    },
    requiredContent: [
      {
        field: 'identityAndContact',
        label: 'Identity and contact details',
        description: 'Of the entity.',
      },
      {
        field: 'description',
        label: 'Description of the breach',
        description: 'A description of the eligible breach.',
      },
      {
        field: 'kindsOfInformation',
        label: 'Kinds of information',
        description: 'The kinds of information concerned.',
      },
      {
        field: 'recommendedSteps',
        label: 'Recommended steps',
        description: 'Steps individuals should take in response to the breach.',
      },
    ],
    notifiability: NDB_TEST,
    delivery: { mode: 'feed' },
  },
  {
    id: 'us-hhs',
    name: {
      en: 'US Department of Health and Human Services (HHS)',
      id: 'Departemen Kesehatan dan Layanan Kemanusiaan Amerika Serikat (HHS)',
    },
    jurisdiction: 'US',
    legalBasis: 'HIPAA Breach Notification Rule, 45 CFR 164.408',
    deadline: {
      amount: 60,
      unit: 'calendar-days',
      clockStartsAt: 'discovery',
      description:
        '60 calendar days from discovery for 500 or more individuals; below 500, in the annual log within 60 days of the year’s end',
    },
    requiredContent: [
      {
        field: 'whatHappened',
        label: 'What happened',
        description: 'What happened, with the date of the breach and the date of its discovery.',
      },
      {
        field: 'phiTypes',
        label: 'Types of PHI',
        description: 'Types of protected health information involved.',
      },
      {
        field: 'stepsForIndividuals',
        label: 'Steps for individuals',
        description: 'Steps individuals should take to protect themselves.',
      },
      {
        field: 'entityActions',
        label: "Entity's actions",
        description: 'What the entity is doing to investigate, mitigate harm and prevent recurrence.',
      },
      {
        field: 'contacts',
        label: 'Contact procedures',
        description: 'How individuals can ask questions.',
      },
    ],
    notifiability: HIPAA_TEST,
    delivery: { mode: 'feed' },
  },
  {
    id: 'us-sec',
    name: {
      en: 'US Securities and Exchange Commission (SEC)',
      id: 'Komisi Sekuritas dan Bursa Amerika Serikat (SEC)',
    },
    jurisdiction: 'US',
    legalBasis: 'Form 8-K Item 1.05',
    deadline: {
      amount: 4,
      unit: 'business-days',
      clockStartsAt: 'materiality-determination',
      description: '4 business days from determining the incident is material',
    },
    requiredContent: [
      {
        field: 'materialIncidentDescription',
        label: 'Material cybersecurity incident',
        description: 'The material aspects of the nature, scope and timing of the incident.',
      },
      {
        field: 'materialImpact',
        label: 'Material impact',
        description: 'Its material impact or reasonably likely material impact on the registrant.',
      },
    ],
    notifiability: SEC_8K_TEST,
    delivery: { mode: 'feed' },
  },
];

/** The definition with this id, or undefined. */
export function findRegulator(
  regulators: readonly RegulatorDefinition[],
  regulatorId: string,
): RegulatorDefinition | undefined {
  return regulators.find((r) => r.id === regulatorId);
}
