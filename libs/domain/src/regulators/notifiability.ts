import type { AvailabilityLoss, ConfidentialityLoss, DataCategory, RiskToIndividuals } from '../case/vocabulary.js';

// Whether a law obliges notifying at all, and whom: each regulator's test is data in its registry
// definition (`notifiability`), read by one pure evaluator. The outcome supports the team's judgment
// and records its reasons; it does not replace legal advice.

/**
 * * `required`: the law's test says notify.
 * * `not-required`: the test says no notification is due (the reasons are the record of why).
 * * `assess`: the facts do not settle it (no assessment recorded, no test, or a judgment only the team can make).
 * * `annual-log`: log it and report it with the year's others (HIPAA below 500 individuals); regulators only.
 */
export const NOTIFIABILITY_OUTCOMES = ['required', 'not-required', 'assess', 'annual-log'] as const;
export type NotifiabilityOutcome = (typeof NOTIFIABILITY_OUTCOMES)[number];

/** The facts an investigator records in a notifiability assessment; the latest assessment counts. */
export interface NotifiabilityFacts {
  affectedSubjects: number;
  dataCategories: DataCategory[];
  confidentiality: ConfidentialityLoss;
  /** True when data was altered. */
  integrity: boolean;
  availability: AvailabilityLoss;
  /** Encrypted or hashed to the state of the art, with the key or secret safe. */
  dataUnintelligible: boolean;
  /** Later measures make the harm unlikely. */
  harmRemediated: boolean;
  riskToIndividuals: RiskToIndividuals;
}

/** At least one of these categories was affected. */
export interface CategoryGroup {
  anyOf: DataCategory[];
}

/** Every condition given must hold; an empty condition always holds. */
export interface NotifiabilityCondition {
  confidentiality?: ConfidentialityLoss[];
  integrity?: boolean;
  availability?: AvailabilityLoss[];
  dataUnintelligible?: boolean;
  harmRemediated?: boolean;
  riskToIndividuals?: RiskToIndividuals[];
  /** At least this many affected subjects. */
  minAffectedSubjects?: number;
  /** One category of each group, e.g. a name or ID together with one of the PDPA Schedule's classes. */
  dataCategories?: CategoryGroup[];
}

export interface NotifiabilityRule {
  when: NotifiabilityCondition;
  outcome: NotifiabilityOutcome;
  /** The provision that decides, e.g. "GDPR Art. 34(3)(a)". */
  clause: string;
  /** Why, in words, for the record regulators ask for. */
  reason: string;
}

/** Rules tried in order; the first whose condition holds decides. The last one's condition is empty. */
export interface NotifiabilityTest {
  rules: NotifiabilityRule[];
}

/** A law's test: one for notifying the regulator, one for notifying the data subjects. */
export interface NotifiabilityDefinition {
  regulator: NotifiabilityTest;
  dataSubjects: NotifiabilityTest;
}

/** One applicable regulator's outcome for a case. */
export interface RegulatorNotifiability {
  regulatorId: string;
  /** Whether the regulator must be notified. */
  regulator: NotifiabilityOutcome;
  /** Whether the data subjects must be notified under this regulator's law. */
  dataSubjects: NotifiabilityOutcome;
  /** The clauses that decided, regulator's first. */
  legalBasis: string;
  /** One sentence per recipient, e.g. "Regulator: not required (GDPR Art. 33(1)): the team judged …". */
  reasons: string[];
}

interface Decision {
  outcome: NotifiabilityOutcome;
  clause: string;
  reason: string;
}

/** The regulator's own legal basis, for outcomes that no rule of its test gave. */
interface RegulatorUnderTest {
  id: string;
  legalBasis: string;
  notifiability?: NotifiabilityDefinition;
}

const OUTCOME_WORDS: Record<NotifiabilityOutcome, string> = {
  required: 'required',
  'not-required': 'not required',
  assess: 'to be assessed',
  'annual-log': 'in the annual log',
};

/**
 * Each regulator's outcome for the facts (or `assess` for all while none are recorded), in the
 * order given. Pass only the regulators whose law reaches the case (`applicableRegulators`).
 */
export function evaluateNotifiability(
  facts: NotifiabilityFacts | undefined,
  regulators: readonly RegulatorUnderTest[],
): RegulatorNotifiability[] {
  return regulators.map((regulator) => {
    const [toRegulator, toSubjects] = decisionsFor(facts, regulator);
    const clauses = [...new Set([toRegulator.clause, toSubjects.clause])];
    return {
      regulatorId: regulator.id,
      regulator: toRegulator.outcome,
      dataSubjects: toSubjects.outcome,
      legalBasis: clauses.join('; '),
      reasons: [sentence('Regulator', toRegulator), sentence('Data subjects', toSubjects)],
    };
  });
}

/** `assess` for both recipients, for the reason given: what the status shows for a regulator no assessment covered. */
export function toBeAssessed(regulator: RegulatorUnderTest, reason: string): RegulatorNotifiability {
  const decision: Decision = { outcome: 'assess', clause: regulator.legalBasis, reason };
  return {
    regulatorId: regulator.id,
    regulator: 'assess',
    dataSubjects: 'assess',
    legalBasis: regulator.legalBasis,
    reasons: [sentence('Regulator', decision), sentence('Data subjects', decision)],
  };
}

function decisionsFor(facts: NotifiabilityFacts | undefined, regulator: RegulatorUnderTest): [Decision, Decision] {
  const both = (decision: Decision): [Decision, Decision] => [decision, decision];
  if (facts === undefined) {
    return both({
      outcome: 'assess',
      clause: regulator.legalBasis,
      reason: 'no notifiability assessment has been recorded for the case yet',
    });
  }
  if (facts.confidentiality === 'none' && !facts.integrity && facts.availability === 'none') {
    return both({
      outcome: 'not-required',
      clause: regulator.legalBasis,
      reason: 'no loss of confidentiality, integrity or availability was recorded, so there is no breach to notify',
    });
  }
  if (!regulator.notifiability) {
    return both({
      outcome: 'assess',
      clause: regulator.legalBasis,
      reason: `the registry holds no notifiability test for ${regulator.id}: the team decides`,
    });
  }
  const { regulator: toRegulator, dataSubjects } = regulator.notifiability;
  return [decide(toRegulator, facts, regulator.legalBasis), decide(dataSubjects, facts, regulator.legalBasis)];
}

function decide(test: NotifiabilityTest, facts: NotifiabilityFacts, legalBasis: string): Decision {
  const rule = test.rules.find((r) => holds(r.when, facts));
  // Validation makes the last rule unconditional; a definition stored before that rule still gets an answer.
  return rule ?? { outcome: 'assess', clause: legalBasis, reason: 'no rule of the test matched the facts' };
}

/** Whether every condition given holds for the facts. */
export function holds(when: NotifiabilityCondition, facts: NotifiabilityFacts): boolean {
  return (
    (when.confidentiality === undefined || when.confidentiality.includes(facts.confidentiality)) &&
    (when.integrity === undefined || when.integrity === facts.integrity) &&
    (when.availability === undefined || when.availability.includes(facts.availability)) &&
    (when.dataUnintelligible === undefined || when.dataUnintelligible === facts.dataUnintelligible) &&
    (when.harmRemediated === undefined || when.harmRemediated === facts.harmRemediated) &&
    (when.riskToIndividuals === undefined || when.riskToIndividuals.includes(facts.riskToIndividuals)) &&
    (when.minAffectedSubjects === undefined || facts.affectedSubjects >= when.minAffectedSubjects) &&
    (when.dataCategories === undefined ||
      when.dataCategories.every((group) => group.anyOf.some((category) => facts.dataCategories.includes(category))))
  );
}

function sentence(recipient: string, { outcome, clause, reason }: Decision): string {
  return `${recipient}: ${OUTCOME_WORDS[outcome]} (${clause}): ${reason}`;
}

/** A regulator or data-subject outcome that changed from one assessment to the next. */
export interface NotifiabilityChange {
  regulatorId: string;
  recipient: 'regulator' | 'data-subjects';
  from: NotifiabilityOutcome;
  to: NotifiabilityOutcome;
}

/** What changed since the previous outcomes; a regulator without a previous outcome was `assess`. */
export function notifiabilityChanges(
  previous: readonly Pick<RegulatorNotifiability, 'regulatorId' | 'regulator' | 'dataSubjects'>[],
  next: readonly Pick<RegulatorNotifiability, 'regulatorId' | 'regulator' | 'dataSubjects'>[],
): NotifiabilityChange[] {
  return next.flatMap(({ regulatorId, regulator, dataSubjects }) => {
    const before = previous.find((p) => p.regulatorId === regulatorId);
    const changes: NotifiabilityChange[] = [];
    const fromRegulator = before?.regulator ?? 'assess';
    const fromSubjects = before?.dataSubjects ?? 'assess';
    if (fromRegulator !== regulator)
      changes.push({ regulatorId, recipient: 'regulator', from: fromRegulator, to: regulator });
    if (fromSubjects !== dataSubjects) {
      changes.push({ regulatorId, recipient: 'data-subjects', from: fromSubjects, to: dataSubjects });
    }
    return changes;
  });
}
