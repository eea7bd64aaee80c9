import { describe, expect, it } from '@jest/globals';
import { DEFAULT_REGULATORS } from './default-regulators.js';
import { evaluateNotifiability, notifiabilityChanges, type NotifiabilityFacts } from './notifiability.js';

// Given the facts of an assessment, when a law's test is applied, then its outcome for the regulator
// and for the data subjects, and the clause that decided: one block per law, clause by clause.

const facts = (more: Partial<NotifiabilityFacts> = {}): NotifiabilityFacts => ({
  affectedSubjects: 1_000,
  dataCategories: ['name', 'email'],
  confidentiality: 'exfiltrated',
  integrity: false,
  availability: 'none',
  dataUnintelligible: false,
  harmRemediated: false,
  riskToIndividuals: 'risk',
  ...more,
});
const regulator = (id: string) => DEFAULT_REGULATORS.find((r) => r.id === id)!;
const outcome = (id: string, given: NotifiabilityFacts) => evaluateNotifiability(given, [regulator(id)])[0];
const both = (id: string, given: NotifiabilityFacts) => {
  const { regulator: toRegulator, dataSubjects } = outcome(id, given);
  return [toRegulator, dataSubjects];
};

describe('every law: before any test', () => {
  it('given no assessment yet, then every regulator is to be assessed, saying why', () => {
    const [pdp] = evaluateNotifiability(undefined, [regulator('id-pdp')]);
    expect(pdp).toMatchObject({ regulator: 'assess', dataSubjects: 'assess', legalBasis: 'UU PDP 27/2022 Art. 46' });
    expect(pdp.reasons[0]).toBe(
      'Regulator: to be assessed (UU PDP 27/2022 Art. 46): no notifiability assessment has been recorded for the case yet',
    );
  });

  it('given no loss of confidentiality, integrity or availability, then no law asks for a notification', () => {
    const nothingLost = facts({ confidentiality: 'none', integrity: false, availability: 'none' });
    for (const r of DEFAULT_REGULATORS) expect(both(r.id, nothingLost)).toEqual(['not-required', 'not-required']);
  });

  it('given a regulator without a test (an admin’s own), then the team decides: assess', () => {
    const { notifiability: _, ...withoutTest } = regulator('eu-lead-sa');
    expect(evaluateNotifiability(facts(), [withoutTest])[0]).toMatchObject({
      regulator: 'assess',
      dataSubjects: 'assess',
    });
  });
});

describe('Indonesia — UU PDP 27/2022 Art. 46: no risk threshold', () => {
  it('given a trusted recipient and a risk judged unlikely, then both are still required, within 3 × 24 h', () => {
    const given = facts({ confidentiality: 'trusted-recipient', riskToIndividuals: 'unlikely', affectedSubjects: 1 });
    const pdp = outcome('id-pdp', given);
    expect([pdp.regulator, pdp.dataSubjects]).toEqual(['required', 'required']);
    expect(pdp.legalBasis).toBe('UU PDP 27/2022 Art. 46(1)');
    expect(pdp.reasons[0]).toContain('3 × 24 hours');
  });

  it('given only availability lost (no one saw the data), then both are required: Art. 46 covers availability too', () => {
    expect(both('id-pdp', facts({ confidentiality: 'none', availability: 'prolonged' }))).toEqual([
      'required',
      'required',
    ]);
  });
});

describe('Indonesia — Permenkominfo 20/2016 Art. 28(c): a failure of confidentiality, told to the data owners', () => {
  it('given the data was seen by anyone, then the data owners are told', () => {
    expect(both('id-kominfo-pm20', facts({ confidentiality: 'internal-only' }))).toEqual(['required', 'required']);
  });

  it('given no one saw the data (availability only), then not required', () => {
    const only = facts({ confidentiality: 'none', availability: 'restored-quickly' });
    expect(outcome('id-kominfo-pm20', only)).toMatchObject({
      regulator: 'not-required',
      dataSubjects: 'not-required',
      legalBasis: 'Permenkominfo 20/2016 Art. 28(c)',
    });
  });
});

describe('EU — GDPR Art. 33(1) and 34(1), with the Art. 34(3) exceptions', () => {
  it('given a risk judged unlikely, then neither: Art. 33(1) and Art. 34(1), with the reasons in words', () => {
    const lead = outcome('eu-lead-sa', facts({ riskToIndividuals: 'unlikely', dataUnintelligible: true }));
    expect([lead.regulator, lead.dataSubjects]).toEqual(['not-required', 'not-required']);
    expect(lead.legalBasis).toBe('GDPR Art. 33(1); GDPR Art. 34(1)');
    expect(lead.reasons[0]).toBe(
      'Regulator: not required (GDPR Art. 33(1)): the team judged the breach unlikely to result in a risk to the rights and freedoms of natural persons; document it (Art. 33(5))',
    );
  });

  it('given a risk, not a high one, then the authority only', () => {
    expect(both('eu-lead-sa', facts({ riskToIndividuals: 'risk' }))).toEqual(['required', 'not-required']);
  });

  it('given a high risk, then both', () => {
    expect(both('eu-lead-sa', facts({ riskToIndividuals: 'high' }))).toEqual(['required', 'required']);
  });

  it('given a high risk but data unintelligible, then the authority only: Art. 34(3)(a)', () => {
    const lead = outcome('eu-lead-sa', facts({ riskToIndividuals: 'high', dataUnintelligible: true }));
    expect([lead.regulator, lead.dataSubjects, lead.legalBasis]).toEqual([
      'required',
      'not-required',
      'GDPR Art. 33(1); GDPR Art. 34(3)(a)',
    ]);
  });

  it('given a high risk that later measures made unlikely to materialise, then the authority only: Art. 34(3)(b)', () => {
    const lead = outcome('eu-lead-sa', facts({ riskToIndividuals: 'high', harmRemediated: true }));
    expect([lead.dataSubjects, lead.legalBasis]).toEqual(['not-required', 'GDPR Art. 33(1); GDPR Art. 34(3)(b)']);
  });
});

describe('Singapore — PDPA s.26B (significant harm or scale) and s.26D', () => {
  it('given 600 names and e-mails exfiltrated, judged a risk, then the PDPC (significant scale, reg. 4), individuals not', () => {
    const pdpc = outcome('sg-pdpc', facts({ affectedSubjects: 600, dataCategories: ['name', 'email'] }));
    expect([pdpc.regulator, pdpc.dataSubjects]).toEqual(['required', 'not-required']);
    expect(pdpc.legalBasis).toBe('PDPA s.26B(1)(b); PDPA s.26D(2)');
  });

  it('given 499 of them, then neither: below the significant scale, no significant harm', () => {
    expect(both('sg-pdpc', facts({ affectedSubjects: 499 }))).toEqual(['not-required', 'not-required']);
  });

  it('given one account identifier with its password seen outside, then both: harm deemed (reg. 3)', () => {
    const given = facts({ affectedSubjects: 1, dataCategories: ['credentials'], confidentiality: 'external' });
    expect(both('sg-pdpc', given)).toEqual(['required', 'required']);
  });

  it('given a name with a Schedule class (salary), then both: harm deemed (reg. 3, Schedule Part 1)', () => {
    expect(both('sg-pdpc', facts({ affectedSubjects: 3, dataCategories: ['name', 'salary'] }))).toEqual([
      'required',
      'required',
    ]);
  });

  it('given a Schedule class without a name or ID, then no deemed harm', () => {
    expect(both('sg-pdpc', facts({ affectedSubjects: 3, dataCategories: ['salary'] }))).toEqual([
      'not-required',
      'not-required',
    ]);
  });

  it('given the credentials seen only inside the organisation, then neither: s.26B(4)', () => {
    const given = facts({ affectedSubjects: 1, dataCategories: ['credentials'], confidentiality: 'internal-only' });
    expect(outcome('sg-pdpc', given)).toMatchObject({
      regulator: 'not-required',
      dataSubjects: 'not-required',
      legalBasis: 'PDPA s.26B(4)',
    });
  });

  it('given significant harm judged high, then both', () => {
    expect(both('sg-pdpc', facts({ affectedSubjects: 10, riskToIndividuals: 'high' }))).toEqual([
      'required',
      'required',
    ]);
  });

  it('given deemed harm but remedial action taken, then the PDPC only: s.26D(5)(a)', () => {
    const given = facts({ dataCategories: ['credentials'], harmRemediated: true });
    expect(outcome('sg-pdpc', given)).toMatchObject({ regulator: 'required', dataSubjects: 'not-required' });
    expect(outcome('sg-pdpc', given).legalBasis).toBe('PDPA s.26B(1)(a); PDPA s.26D(5)(a)');
  });

  it('given deemed harm but the data unintelligible, then the PDPC only: s.26D(5)(b)', () => {
    const given = facts({ dataCategories: ['credentials'], dataUnintelligible: true });
    expect(outcome('sg-pdpc', given).legalBasis).toBe('PDPA s.26B(1)(a); PDPA s.26D(5)(b)');
  });
});

describe('Australia — NDB scheme, Privacy Act 1988 s.26WE and s.26WF', () => {
  it('given likely serious harm, then both: an eligible data breach (s.26WK, s.26WL)', () => {
    const oaic = outcome('au-oaic', facts({ riskToIndividuals: 'high' }));
    expect([oaic.regulator, oaic.dataSubjects]).toEqual(['required', 'required']);
    expect(oaic.legalBasis).toBe('Privacy Act 1988 s.26WE(2), s.26WK; Privacy Act 1988 s.26WE(2), s.26WL');
  });

  it('given a risk not judged serious, then neither', () => {
    expect(both('au-oaic', facts({ riskToIndividuals: 'risk' }))).toEqual(['not-required', 'not-required']);
  });

  it('given serious harm removed by remedial action, then neither: s.26WF', () => {
    const oaic = outcome('au-oaic', facts({ riskToIndividuals: 'high', harmRemediated: true }));
    expect([oaic.regulator, oaic.legalBasis]).toEqual(['not-required', 'Privacy Act 1988 s.26WF']);
  });

  it('given no unauthorised access or disclosure (availability only), then neither', () => {
    expect(
      both('au-oaic', facts({ confidentiality: 'none', availability: 'lost', riskToIndividuals: 'high' })),
    ).toEqual(['not-required', 'not-required']);
  });
});

describe('United States — HIPAA, 45 CFR 164.402–164.408', () => {
  const phi = (more: Partial<NotifiabilityFacts>) => facts({ dataCategories: ['name', 'health'], ...more });

  it('given unsecured PHI of 700, then both: HHS contemporaneously (164.408(b)) and the individuals (164.404)', () => {
    const hhs = outcome('us-hhs', phi({ affectedSubjects: 700 }));
    expect([hhs.regulator, hhs.dataSubjects, hhs.legalBasis]).toEqual([
      'required',
      'required',
      '45 CFR 164.408(b); 45 CFR 164.404',
    ]);
  });

  it('given unsecured PHI of 450, then the individuals, and HHS in the annual log (164.408(c))', () => {
    expect(both('us-hhs', phi({ affectedSubjects: 450 }))).toEqual(['annual-log', 'required']);
  });

  it('given PHI encrypted per HHS guidance, then neither: not unsecured PHI', () => {
    const hhs = outcome('us-hhs', phi({ affectedSubjects: 700, dataUnintelligible: true }));
    expect([hhs.regulator, hhs.dataSubjects, hhs.legalBasis]).toEqual([
      'not-required',
      'not-required',
      '45 CFR 164.402',
    ]);
  });

  it('given a low probability of compromise from the four-factor assessment, then neither: 164.402(2)', () => {
    expect(outcome('us-hhs', phi({ riskToIndividuals: 'unlikely' })).legalBasis).toBe('45 CFR 164.402(2)');
  });

  it('given no health data, then neither: the rule covers PHI only', () => {
    expect(both('us-hhs', facts({ affectedSubjects: 700 }))).toEqual(['not-required', 'not-required']);
  });
});

describe('United States — SEC Form 8-K Item 1.05: materiality is the registrant’s determination', () => {
  it('given any facts, then the SEC stays to be assessed and data subjects are not an 8-K matter', () => {
    for (const riskToIndividuals of ['unlikely', 'risk', 'high'] as const) {
      expect(both('us-sec', facts({ riskToIndividuals }))).toEqual(['assess', 'not-required']);
    }
  });
});

describe('changes between assessments', () => {
  it('given a reassessment, then each outcome that changed, from and to; a regulator new to it was assess', () => {
    const before = [{ regulatorId: 'eu-lead-sa', regulator: 'required', dataSubjects: 'required' }] as const;
    const after = [
      { regulatorId: 'eu-lead-sa', regulator: 'not-required', dataSubjects: 'required' },
      { regulatorId: 'us-sec', regulator: 'assess', dataSubjects: 'not-required' },
    ] as const;
    expect(notifiabilityChanges(before, after)).toEqual([
      { regulatorId: 'eu-lead-sa', recipient: 'regulator', from: 'required', to: 'not-required' },
      { regulatorId: 'us-sec', recipient: 'data-subjects', from: 'assess', to: 'not-required' },
    ]);
  });
});
