import type { HoldingStatement } from './holding-statement-types.js';

/** A copy of the statement with its points changed and its text rebuilt, for guardrail tests. */
export function amendStatement(statement: HoldingStatement, change: (points: string[]) => string[]): HoldingStatement {
  const points = change([...statement.points]);
  return {
    ...statement,
    points,
    text: [statement.heading, '', ...points.map((point, index) => `${index + 1}. ${point}`)].join('\n'),
  };
}

/** Appends a sentence to the second point. */
export function withSentence(statement: HoldingStatement, sentence: string): HoldingStatement {
  return amendStatement(statement, (points) =>
    points.map((point, index) => (index === 1 ? `${point} ${sentence}` : point)),
  );
}
