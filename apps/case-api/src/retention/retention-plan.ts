import { addIsoDuration } from '#libs/platform';

/** A closed case whose personal data is still held. */
export interface ClosedCase {
  caseId: string;
  closedAt: string;
}

export interface RetentionRule {
  /** Where the period comes from, named in the erasure's reason (`RETENTION_AFTER_CLOSE`). */
  source: string;
  /** ISO 8601 duration after closure. */
  period: string;
}

export interface RetentionPlanEntry {
  caseId: string;
  closedAt: string;
  eraseAfter: string;
  /** The rule as the erasure's reason states it. */
  rule: string;
  due: boolean;
}

export const describeRule = (rule: RetentionRule): string => `retention: ${rule.source} ${rule.period} after closure`;

/** When each closed case's personal data falls due for erasure under the rule, soonest first. */
export function planRetention(closed: readonly ClosedCase[], rule: RetentionRule, now: Date): RetentionPlanEntry[] {
  return closed
    .map(({ caseId, closedAt }) => {
      const eraseAfter = addIsoDuration(new Date(closedAt), rule.period);
      return {
        caseId,
        closedAt,
        eraseAfter: eraseAfter.toISOString(),
        rule: describeRule(rule),
        due: eraseAfter.getTime() <= now.getTime(),
      };
    })
    .sort((a, b) => a.eraseAfter.localeCompare(b.eraseAfter) || a.caseId.localeCompare(b.caseId));
}
