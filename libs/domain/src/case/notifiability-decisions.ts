import { regulatorsReaching } from '../regulators/deadline-engine.js';
import { evaluateNotifiability, notifiabilityChanges, type NotifiabilityFacts } from '../regulators/notifiability.js';
import { IllegalTransitionError } from '../shared/domain-errors.js';
import type { AssessNotifiability } from './case-commands.js';
import { NotifiabilityAssessed, type CaseEvent } from './case-events.js';
import { optionalField, requireCaseTime } from './case-rules.js';
import type { OpenCaseState } from './case-state.js';

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
  const facts: NotifiabilityFacts = {
    affectedSubjects: data.affectedSubjects,
    dataCategories: [...new Set(data.dataCategories)],
    confidentiality: data.confidentiality,
    integrity: data.integrity,
    availability: data.availability,
    dataUnintelligible: data.dataUnintelligible,
    harmRemediated: data.harmRemediated,
    riskToIndividuals: data.riskToIndividuals,
  };
  const applicable = regulatorsReaching(state.jurisdictions, facts.affectedSubjects, regulators);
  const outcomes = evaluateNotifiability(facts, applicable);
  return [
    NotifiabilityAssessed.create({
      caseId: state.caseId,
      assessedAt,
      ...facts,
      ...optionalField('notes', data.notes),
      outcomes,
      changes: state.notifiability === null ? [] : notifiabilityChanges(state.notifiability, outcomes),
    }),
  ];
}
