import { Query } from '@nestjs/cqrs';
import type { StatementLanguage } from '#libs/domain';
import type { HoldingStatementsDocument } from '#libs/read-models';

/** One statement as answered: as projected, and whether it was built on older facts than the case now has. */
export type StatementView = HoldingStatementsDocument['statements'][number] & { stale: boolean };

export interface HoldingStatementsView {
  caseId: string;
  factsVersion: number;
  statements: StatementView[];
}

/** One statement of a known case (null when the case has none such), or `unknown-case`. */
export type StatementResult = { statement: StatementView | null } | 'unknown-case';

/** A case's statements in the order drafted; null for an unknown case. */
export class GetHoldingStatementsQuery extends Query<HoldingStatementsView | null> {
  constructor(
    readonly caseId: string,
    readonly minVersion?: number,
  ) {
    super();
  }
}

/** The statement in force in `language`: the last one published. */
export class GetLatestHoldingStatementQuery extends Query<StatementResult> {
  constructor(
    readonly caseId: string,
    readonly language: StatementLanguage,
    readonly minVersion?: number,
  ) {
    super();
  }
}

/** One statement, whatever its status. */
export class GetHoldingStatementQuery extends Query<StatementResult> {
  constructor(
    readonly caseId: string,
    readonly statementId: string,
  ) {
    super();
  }
}
