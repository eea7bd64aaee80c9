import { IllegalTransitionError } from '../shared/domain-errors.js';
import type { CaseCommand } from './case-commands.js';
import type { CaseEvent } from './case-events.js';
import { requireSameCase } from './case-rules.js';
import type { CaseState } from './case-state.js';
import { closeCase, reopenCase } from './closure-decisions.js';
import { eraseCaseData } from './erasure-decisions.js';
import {
  approveHoldingStatement,
  draftHoldingStatement,
  publishHoldingStatement,
  withdrawHoldingStatement,
} from './holding-statement-decisions.js';
import { assessRisk, assignInvestigator, receiveReport, traceSource, verifySample } from './investigation-decisions.js';
import { assessNotifiability } from './notifiability-decisions.js';
import {
  notifyDataSubjects,
  notifyRegulator,
  recordRegulatorAcknowledgement,
  supplementRegulatorNotification,
} from './notification-decisions.js';

export { evolve, evolveAll } from './case-evolve.js';

/**
 * Pure: reads the clock only from command.metadata.now. Returns at least one event for an accepted
 * command; throws IllegalTransitionError (409, or 404 for 'case-not-found') or DomainValidationError (400).
 */
export function decide(command: CaseCommand, state: CaseState): CaseEvent[] {
  if (command.type === 'ReceiveReport') return receiveReport(command, state);
  if (state.status === 'absent') {
    throw new IllegalTransitionError('case-not-found', `Case ${command.data.caseId} does not exist`);
  }
  requireSameCase(command.data.caseId, state);
  if (state.erasedAt !== null) {
    throw new IllegalTransitionError(
      'personal-data-erased',
      `Case ${state.caseId}'s personal data was erased at ${state.erasedAt}; it accepts no further command`,
    );
  }
  if (command.type === 'EraseCaseData') return eraseCaseData(command, state);

  switch (command.type) {
    case 'DraftHoldingStatement':
      return draftHoldingStatement(command, state);
    case 'ApproveHoldingStatement':
      return approveHoldingStatement(command, state);
    case 'PublishHoldingStatement':
      return publishHoldingStatement(command, state);
    case 'WithdrawHoldingStatement':
      return withdrawHoldingStatement(command, state);
  }

  if (command.type === 'ReopenCase') {
    if (state.status !== 'closed') {
      throw new IllegalTransitionError(
        'case-not-closed',
        `Case ${state.caseId} is open; only a closed case can be reopened`,
      );
    }
    return reopenCase(command, state);
  }
  if (state.status === 'closed') {
    throw new IllegalTransitionError(
      'case-closed',
      `Case ${state.caseId} is closed (${state.resolution}); it accepts nothing but ReopenCase and holding-statement commands`,
    );
  }

  switch (command.type) {
    case 'AssignInvestigator':
      return assignInvestigator(command, state);
    case 'AssessRisk':
      return assessRisk(command, state);
    case 'AssessNotifiability':
      return assessNotifiability(command, state);
    case 'VerifySample':
      return verifySample(command, state);
    case 'TraceSource':
      return traceSource(command, state);
    case 'NotifyRegulator':
      return notifyRegulator(command, state);
    case 'SupplementRegulatorNotification':
      return supplementRegulatorNotification(command, state);
    case 'RecordRegulatorAcknowledgement':
      return recordRegulatorAcknowledgement(command, state);
    case 'NotifyDataSubjects':
      return notifyDataSubjects(command, state);
    case 'CloseCase':
      return closeCase(command, state);
  }
}
