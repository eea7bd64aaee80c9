import type {
  ComposeOptions,
  HoldingStatement,
  HoldingStatementFacts,
  OrganisationProfile,
} from './holding-statement-types.js';
import { checkStatementGuardrails, HoldingStatementGuardrailError } from './guardrails.js';
import { renderStatement } from './render.js';

/**
 * Composes the holding statement for the case's current facts: pure, deterministic, dated by
 * `options.now`. Throws HoldingStatementGuardrailError rather than return a statement that breaks
 * a guardrail (e.g. an organisation template asserting an unverified claim), and RangeError on
 * facts or a profile that cannot be written down (negative counts, an invalid month).
 */
export function composeHoldingStatement(
  facts: HoldingStatementFacts,
  profile: OrganisationProfile,
  options: ComposeOptions,
): HoldingStatement {
  const statement = renderStatement(facts, profile, options);
  const violations = checkStatementGuardrails(statement, facts, profile, options);
  if (violations.length > 0) throw new HoldingStatementGuardrailError(violations);
  return statement;
}
