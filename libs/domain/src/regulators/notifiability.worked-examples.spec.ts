import { describe, expect, it } from '@jest/globals';
import { DEFAULT_REGULATORS } from './default-regulators.js';
import { evaluateNotifiability, type NotifiabilityFacts, type NotifiabilityOutcome } from './notifiability.js';

// The regulators' own worked examples, each read into the facts an investigator would record, with
// the conclusion the regulator reached. The source is named in every row.

const EDPB = 'EDPB Guidelines 01/2021 on Examples regarding Personal Data Breach Notification';
const PDPC = 'PDPC, Guide on Managing and Notifying Data Breaches under the PDPA (2021)';

interface WorkedExample {
  source: string;
  regulatorId: string;
  facts: NotifiabilityFacts;
  regulator: NotifiabilityOutcome;
  dataSubjects: NotifiabilityOutcome;
}

const base: NotifiabilityFacts = {
  affectedSubjects: 1_000,
  dataCategories: ['name', 'email'],
  confidentiality: 'none',
  integrity: false,
  availability: 'none',
  dataUnintelligible: false,
  harmRemediated: false,
  riskToIndividuals: 'risk',
};
const row = (
  source: string,
  regulatorId: string,
  facts: Partial<NotifiabilityFacts>,
  regulator: NotifiabilityOutcome,
  dataSubjects: NotifiabilityOutcome,
): WorkedExample => ({ source, regulatorId, facts: { ...base, ...facts }, regulator, dataSubjects });

const EXAMPLES: WorkedExample[] = [
  row(
    `${EDPB}, Case No. 01: ransomware with proper backup and without exfiltration (internal documentation only)`,
    'eu-lead-sa',
    { availability: 'restored-quickly', dataUnintelligible: true, riskToIndividuals: 'unlikely' },
    'not-required',
    'not-required',
  ),
  row(
    `${EDPB}, Case No. 03: ransomware with backup and without exfiltration in a hospital (authority and patients)`,
    'eu-lead-sa',
    { dataCategories: ['name', 'health'], availability: 'prolonged', riskToIndividuals: 'high' },
    'required',
    'required',
  ),
  row(
    `${EDPB}, Case No. 04: ransomware without backup and with exfiltration (authority and data subjects)`,
    'eu-lead-sa',
    { confidentiality: 'exfiltrated', availability: 'lost', riskToIndividuals: 'high' },
    'required',
    'required',
  ),
  row(
    `${EDPB}, Case No. 07: credential stuffing attack on a banking website (authority and data subjects)`,
    'eu-lead-sa',
    { dataCategories: ['credentials', 'financial-account'], confidentiality: 'external', riskToIndividuals: 'high' },
    'required',
    'required',
  ),
  row(
    `${EDPB}, Case No. 09: accidental transmission of data to a trusted third party (internal documentation only)`,
    'eu-lead-sa',
    { confidentiality: 'trusted-recipient', riskToIndividuals: 'unlikely' },
    'not-required',
    'not-required',
  ),
  row(
    `${EDPB}, Case No. 10: stolen material storing encrypted personal data (internal documentation only)`,
    'eu-lead-sa',
    { confidentiality: 'external', dataUnintelligible: true, riskToIndividuals: 'unlikely' },
    'not-required',
    'not-required',
  ),
  row(
    `${EDPB}, Case No. 11: stolen material storing non-encrypted personal data (authority and data subjects)`,
    'eu-lead-sa',
    { confidentiality: 'external', availability: 'lost', riskToIndividuals: 'high' },
    'required',
    'required',
  ),
  row(
    `${PDPC}: significant scale alone (500 or more individuals, reg. 4) is notified to the PDPC, not to the individuals`,
    'sg-pdpc',
    { affectedSubjects: 600, confidentiality: 'exfiltrated' },
    'required',
    'not-required',
  ),
  row(
    `${PDPC}: a name with financial information of the Schedule is deemed significant harm (PDPC and individuals)`,
    'sg-pdpc',
    { affectedSubjects: 20, dataCategories: ['name', 'financial-account'], confidentiality: 'external' },
    'required',
    'required',
  ),
  row(
    `${PDPC}: unauthorised access only within the organisation is not a notifiable data breach (s.26B(4))`,
    'sg-pdpc',
    { affectedSubjects: 5_000, dataCategories: ['name', 'salary'], confidentiality: 'internal-only' },
    'not-required',
    'not-required',
  ),
  row(
    `${PDPC}: data encrypted to a reasonable standard exempts notifying the individuals (s.26D(5)(b)), not the PDPC`,
    'sg-pdpc',
    {
      affectedSubjects: 800,
      dataCategories: ['national-id', 'health'],
      confidentiality: 'exfiltrated',
      dataUnintelligible: true,
    },
    'required',
    'not-required',
  ),
];

describe('the regulators’ worked examples', () => {
  it.each(EXAMPLES)('$source', ({ regulatorId, facts, regulator, dataSubjects }) => {
    const definition = DEFAULT_REGULATORS.find((r) => r.id === regulatorId)!;
    const [outcome] = evaluateNotifiability(facts, [definition]);
    expect({ regulator: outcome.regulator, dataSubjects: outcome.dataSubjects }).toEqual({ regulator, dataSubjects });
  });
});
