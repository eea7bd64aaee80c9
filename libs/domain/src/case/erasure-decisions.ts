import { requireText } from '../shared/value-checks.js';
import type { EraseCaseData } from './case-commands.js';
import { type CaseEvent, PersonalDataErased } from './case-events.js';
import type { ExistingCaseState } from './case-state.js';

/** Open or closed, a case can be erased once; the reason is kept in clear, so it must name no one. */
export function eraseCaseData({ data, metadata }: EraseCaseData, state: ExistingCaseState): CaseEvent[] {
  const reason = requireText('reason', data.reason);
  return [
    PersonalDataErased.create({
      caseId: state.caseId,
      erasedAt: metadata.now.toISOString(),
      erasedBy: metadata.actor.name,
      reason,
    }),
  ];
}
