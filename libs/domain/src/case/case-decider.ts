import { IllegalTransitionError } from '../shared/domain-errors.js';
import type { CaseCommand } from './case-commands.js';
import { ReportReceived, type CaseEvent } from './case-events.js';
import type { CaseState } from './case-state.js';

export function decide(command: CaseCommand, state: CaseState): CaseEvent[] {
  switch (command.type) {
    case 'ReceiveReport':
      if (state.status !== 'absent') {
        throw new IllegalTransitionError('case-already-exists', `Case ${command.data.caseId} already exists`);
      }
      return [ReportReceived.create(command.data)];
  }
}

export function evolve(state: CaseState, event: CaseEvent): CaseState {
  switch (event.type) {
    case 'ReportReceived':
      return { status: 'open', caseId: event.payload.caseId, jurisdictions: event.payload.jurisdictions };
  }
}
