export interface Topics {
  caseEvents: string;
  caseEventsDlq: string;
}

export const topicsFor = (prefix: string): Topics => ({
  caseEvents: `${prefix}breachline.case-events`,
  caseEventsDlq: `${prefix}breachline.case-events.dlq`,
});

/** Consumer groups carry the same prefix so that separate runs never share offsets. */
export const consumerGroupFor = (prefix: string, name: string): string => `${prefix}breachline.${name}`;
