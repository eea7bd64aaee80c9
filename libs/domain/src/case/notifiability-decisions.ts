import { regulatorsReaching } from '../regulators/deadline-engine.js';
import { evaluateNotifiability, notifiabilityChanges, type NotifiabilityFacts } from '../regulators/notifiability.js';
import { DomainValidationError, IllegalTransitionError } from '../shared/domain-errors.js';
import {
  optionalField,
  requireBoolean,
  requireListOf,
  requireNonNegativeInteger,
  requireOneOf,
  requireOptionalText,
} from '../shared/value-checks.js';
import type { AssessNotifiability } from './case-commands.js';
import { NotifiabilityAssessed, type CaseEvent } from './case-events.js';
import { requireCaseTime } from './case-rules.js';
import type { OpenCaseState } from './case-state.js';
import { AVAILABILITY_LOSSES, CONFIDENTIALITY_LOSSES, DATA_CATEGORIES, RISKS_TO_INDIVIDUALS } from './vocabulary.js';

/**
 * May be repeated: a reassessment is a new event and the latest counts. Each law's test is applied
 * here, once, so the event records the outcomes and reasons as they were when the team decided.
 */
export function assessNotifiability(
  { data, metadata, regulators }: AssessNotifiability,
  state: OpenCaseState,
): CaseEvent[] {
  if (state.latestVerdict === 'not-ours') {
    throw new IllegalTransitionError(
      'sample-not-ours',
      `Case ${state.caseId}: the latest sample check found the data is not ours, so there is no breach of ours to assess`,
    );
  }
  const assessedAt = requireCaseTime('assessedAt', data.assessedAt, state, metadata.now);
  const dataCategories = requireListOf('dataCategories', data.dataCategories, DATA_CATEGORIES);
  if (dataCategories.length === 0) {
    throw new DomainValidationError('dataCategories', 'non-empty', 'dataCategories must name at least one category');
  }
  const facts: NotifiabilityFacts = {
    affectedSubjects: requireNonNegativeInteger('affectedSubjects', data.affectedSubjects),
    dataCategories: [...new Set(dataCategories)],
    confidentiality: requireOneOf('confidentiality', data.confidentiality, CONFIDENTIALITY_LOSSES),
    integrity: requireBoolean('integrity', data.integrity),
    availability: requireOneOf('availability', data.availability, AVAILABILITY_LOSSES),
    dataUnintelligible: requireBoolean('dataUnintelligible', data.dataUnintelligible),
    harmRemediated: requireBoolean('harmRemediated', data.harmRemediated),
    riskToIndividuals: requireOneOf('riskToIndividuals', data.riskToIndividuals, RISKS_TO_INDIVIDUALS),
  };
  const applicable = regulatorsReaching(state.jurisdictions, facts.affectedSubjects, regulators);
  const outcomes = evaluateNotifiability(facts, applicable);
  return [
    NotifiabilityAssessed.create({
      caseId: state.caseId,
      assessedAt,
      ...facts,
      ...optionalField('notes', requireOptionalText('notes', data.notes)),
      outcomes,
      changes: state.notifiability === null ? [] : notifiabilityChanges(state.notifiability, outcomes),
    }),
  ];
}
