import { DomainValidationError, ForbiddenActionError, IllegalTransitionError } from '../shared/domain-errors.js';
import type {
  ApproveHoldingStatement,
  DraftHoldingStatement,
  PublishHoldingStatement,
  WithdrawHoldingStatement,
} from './case-commands.js';
import {
  type CaseEvent,
  HoldingStatementApproved,
  HoldingStatementDrafted,
  HoldingStatementPublished,
  HoldingStatementWithdrawn,
} from './case-events.js';
import { optionalField } from './case-rules.js';
import type { ExistingCaseState, StatementState } from './case-state.js';

// Statements are about what the organisation says, so they are allowed on closed cases too (a closing
// statement); they never change the facts, so drafting one does not make other drafts stale. A statement's id is
// the id of the command that drafted it, and each step is dated by the clock (metadata.now).

export function draftHoldingStatement(
  { data, metadata }: DraftHoldingStatement,
  state: ExistingCaseState,
): CaseEvent[] {
  if (data.factsVersion !== state.factsVersion) {
    throw new IllegalTransitionError(
      'statement-facts-outdated',
      `The statement was composed from facts at version ${data.factsVersion}, but the case is at ${state.factsVersion} (${state.lastFactType}); compose it again`,
    );
  }
  // The points are the server's composition, not a request's: a blank one would publish an empty promise.
  const blank = data.points.findIndex((point) => point.trim() === '');
  if (blank >= 0) throw new DomainValidationError(`points[${blank}]`, 'required', `points[${blank}] is required`);
  const statementId = metadata.id;
  if (state.statements.some((s) => s.statementId === statementId)) {
    throw new IllegalTransitionError('statement-id-taken', `Statement ${statementId} already exists`);
  }
  return [
    HoldingStatementDrafted.create({
      caseId: state.caseId,
      statementId,
      language: data.language,
      stage: data.stage,
      heading: data.heading,
      points: [...data.points],
      text: data.text,
      factsVersion: data.factsVersion,
      composedAt: metadata.now.toISOString(),
      includeSourceDetails: data.includeSourceDetails,
      ...optionalField('nextUpdateDueAt', data.nextUpdateDueAt),
      draftedBy: metadata.actor.name,
    }),
  ];
}

export function approveHoldingStatement(
  { data, metadata }: ApproveHoldingStatement,
  state: ExistingCaseState,
): CaseEvent[] {
  const statement = findStatement(state, data.statementId);
  if (statement.draftedBy === metadata.actor.name) {
    throw new ForbiddenActionError('four-eyes', `${metadata.actor.name} drafted this statement and cannot approve it`);
  }
  requireStatus(statement, 'draft', 'statement-not-draft', 'approved');
  requireCurrentFacts(statement, state);
  return [
    HoldingStatementApproved.create({
      caseId: state.caseId,
      statementId: statement.statementId,
      approvedAt: metadata.now.toISOString(),
      approvedBy: metadata.actor.name,
    }),
  ];
}

export function publishHoldingStatement(
  { data, metadata }: PublishHoldingStatement,
  state: ExistingCaseState,
): CaseEvent[] {
  const statement = findStatement(state, data.statementId);
  requireStatus(statement, 'approved', 'statement-not-approved', 'published');
  requireCurrentFacts(statement, state);
  return [
    HoldingStatementPublished.create({
      caseId: state.caseId,
      statementId: statement.statementId,
      publishedAt: metadata.now.toISOString(),
    }),
  ];
}

export function withdrawHoldingStatement(
  { data, metadata }: WithdrawHoldingStatement,
  state: ExistingCaseState,
): CaseEvent[] {
  const statement = findStatement(state, data.statementId);
  if (statement.status === 'withdrawn') {
    throw new IllegalTransitionError('statement-withdrawn', `Statement ${statement.statementId} is already withdrawn`);
  }
  return [
    HoldingStatementWithdrawn.create({
      caseId: state.caseId,
      statementId: statement.statementId,
      withdrawnAt: metadata.now.toISOString(),
      reason: data.reason,
    }),
  ];
}

function findStatement(state: ExistingCaseState, statementId: string): StatementState {
  const statement = state.statements.find((s) => s.statementId === statementId);
  if (!statement) throw new IllegalTransitionError('unknown-statement', `Statement ${statementId} does not exist`);
  return statement;
}

function requireStatus(statement: StatementState, status: StatementState['status'], rule: string, action: string) {
  if (statement.status !== status) {
    throw new IllegalTransitionError(
      rule,
      `Statement ${statement.statementId} is ${statement.status}; only a ${status} statement can be ${action}`,
    );
  }
}

/** A statement built on older facts than the case now has must be composed again, never approved or published. */
function requireCurrentFacts(statement: StatementState, state: ExistingCaseState): void {
  if (statement.factsVersion < state.factsVersion) {
    throw new IllegalTransitionError(
      'statement-facts-changed',
      `The facts changed since this statement was composed: ${state.lastFactType} at version ${state.factsVersion} (statement built on version ${statement.factsVersion}); compose a new draft`,
    );
  }
}
