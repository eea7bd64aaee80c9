import type { DeadlineRule } from './regulator-definition.js';

const HOUR_MS = 60 * 60 * 1000;
const DAY_MS = 24 * HOUR_MS;

/**
 * The instant a deadline falls due, in epoch milliseconds, from the instant its clock started.
 *
 * * `hours`: n × 1 h.
 * * `calendar-days`: n × 24 h, keeping the time of day (UTC has no daylight-saving shifts).
 * * `business-days`: see `addBusinessDays`.
 */
export function dueAtFor(clockStartedAt: number, deadline: Pick<DeadlineRule, 'amount' | 'unit'>): number {
  switch (deadline.unit) {
    case 'hours':
      return clockStartedAt + deadline.amount * HOUR_MS;
    case 'calendar-days':
      return clockStartedAt + deadline.amount * DAY_MS;
    case 'business-days':
      return addBusinessDays(clockStartedAt, deadline.amount);
  }
}

/**
 * A breach logged rather than reported at once (HIPAA below 500 individuals, 45 CFR 164.408(c)) is
 * reported within 60 days of the end of the calendar year (UTC) in which its clock started.
 */
export function annualLogDueAt(clockStartedAt: number): number {
  const yearEnd = Date.UTC(new Date(clockStartedAt).getUTCFullYear() + 1, 0, 1);
  return yearEnd + ANNUAL_LOG_DAYS_AFTER_YEAR_END * DAY_MS;
}

const ANNUAL_LOG_DAYS_AFTER_YEAR_END = 60;

/**
 * Business days are Monday to Friday, in UTC; public holidays are not modelled (they vary by
 * jurisdiction and year), so a deadline across a holiday comes out a day early: the safe side.
 *
 * Each business day added moves to the next weekday at the same time of day: a start on Friday
 * 10:00 is due the following Thursday 10:00 after 4 (Mon 1, Tue 2, Wed 3, Thu 4). That is stricter
 * than the SEC's "within four business days", which runs to the end of the fourth day.
 *
 * A start on a weekend counts from the following Monday 00:00 UTC, so 4 business days from a
 * Saturday or Sunday fall due on Friday 00:00 UTC, the end of Thursday, the fourth business day.
 */
export function addBusinessDays(start: number, days: number): number {
  let at = isWeekend(start) ? nextMondayMidnight(start) : start;
  for (let added = 0; added < days; added++) {
    at += DAY_MS;
    while (isWeekend(at)) at += DAY_MS;
  }
  return at;
}

function isWeekend(instant: number): boolean {
  const weekday = new Date(instant).getUTCDay();
  return weekday === 0 || weekday === 6;
}

function nextMondayMidnight(instant: number): number {
  const midnight = Math.floor(instant / DAY_MS) * DAY_MS;
  const weekday = new Date(midnight).getUTCDay();
  return midnight + ((8 - weekday) % 7 || 7) * DAY_MS;
}
