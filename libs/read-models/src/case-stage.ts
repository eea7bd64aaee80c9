import type { CaseEventType } from '#libs/domain';

/** The lifecycle milestones in the order a case normally reaches them. */
export const CASE_MILESTONES = ['reported', 'sample-verified', 'source-traced', 'regulator-notified'] as const;
export type CaseMilestone = (typeof CASE_MILESTONES)[number];

/** What a case shows: its furthest milestone, or `closed` while it is closed. */
export const CASE_STAGES = [...CASE_MILESTONES, 'closed'] as const;
export type CaseStage = (typeof CASE_STAGES)[number];

// SampleVerified reaches `sample-verified` whatever its verdict: the milestone says the sample was
// checked; the verdict (confirmed / not-ours / inconclusive) is shown next to it, not folded into it.
const MILESTONE_REACHED_BY: Partial<Record<CaseEventType, CaseMilestone>> = {
  ReportReceived: 'reported',
  SampleVerified: 'sample-verified',
  SourceTraced: 'source-traced',
  RegulatorNotified: 'regulator-notified',
};

/** The furthest milestone after an event: milestones are never lost, whatever order facts arrive in. */
export function milestoneAfter(current: CaseMilestone, eventType: CaseEventType): CaseMilestone {
  const reached = MILESTONE_REACHED_BY[eventType];
  if (reached === undefined) return current;
  return CASE_MILESTONES.indexOf(reached) > CASE_MILESTONES.indexOf(current) ? reached : current;
}

/** `closed` overrides the milestone; reopening shows the milestone again. */
export const stageOf = (milestone: CaseMilestone, closed: boolean): CaseStage => (closed ? 'closed' : milestone);
