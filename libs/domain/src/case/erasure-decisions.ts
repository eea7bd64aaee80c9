import type { EraseCaseData } from './case-commands.js';
import { type CaseEvent, PersonalDataErased } from './case-events.js';
import type { ExistingCaseState } from './case-state.js';

/**
 * Open or closed, a case can be erased once (retention erases closed cases); the decider refuses any command on an
 * erased case, this one included.
 */
export function eraseCaseData({ data, metadata }: EraseCaseData, state: ExistingCaseState): CaseEvent[] {
  return [
    PersonalDataErased.create({
      caseId: state.caseId,
      erasedAt: metadata.now.toISOString(),
      erasedBy: metadata.actor.name,
      reason: data.reason,
    }),
  ];
}
