export interface Topics {
  caseEvents: string;
  caseEventsDlq: string;
  /** Signed ledger checkpoints, each with the regulators whose notifications it newly covers (its witnesses). */
  ledgerCheckpoints: string;
}

export const topicsFor = (prefix: string): Topics => ({
  caseEvents: `${prefix}breachline.case-events`,
  caseEventsDlq: `${prefix}breachline.case-events.dlq`,
  ledgerCheckpoints: `${prefix}breachline.ledger-checkpoints`,
});

/** Consumer groups carry the same prefix so that separate runs never share offsets. */
export const consumerGroupFor = (prefix: string, name: string): string => `${prefix}breachline.${name}`;
