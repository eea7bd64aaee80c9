import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import type { ClockFacts } from './clock-facts.js';
import { addBusinessDays, dueAtFor } from './deadline-arithmetic.js';
import { computeDeadlines, type DeadlineState } from './deadline-engine.js';
import { DEFAULT_REGULATORS } from './default-regulators.js';
import { DEADLINE_UNITS, MAX_DEADLINE_AMOUNT } from './regulator-definition.js';
import { CASE_RESOLUTIONS, JURISDICTIONS } from '../case/vocabulary.js';

const DAY_MS = 24 * 60 * 60 * 1000;
const from = Date.parse('2000-01-01T00:00:00Z');
const to = Date.parse('2100-01-01T00:00:00Z');
const instant = fc.integer({ min: from, max: to });
const iso = instant.map((ms) => new Date(ms).toISOString());
const isWeekend = (ms: number) => [0, 6].includes(new Date(ms).getUTCDay());

const caseFacts: fc.Arbitrary<ClockFacts> = fc.record(
  {
    reportReceivedAt: iso,
    jurisdictions: fc.subarray([...JURISDICTIONS], { minLength: 1 }),
    firstConfirmedSampleAt: iso,
    firstCriticalRiskAssessedAt: iso,
    estimatedAffectedSubjects: fc.integer({ min: 0, max: 1_000_000 }),
    notifications: fc.array(
      fc.record({
        notificationId: fc.uuid(),
        regulatorId: fc.constantFrom(...DEFAULT_REGULATORS.map((r) => r.id)),
        notifiedAt: iso,
      }),
      { maxLength: 4 },
    ),
    resolution: fc.constantFrom(...CASE_RESOLUTIONS),
  },
  { requiredKeys: ['reportReceivedAt', 'jurisdictions', 'notifications'] },
);

/** What a clock's state may become as time passes and nothing else happens. */
const laterStates: Record<DeadlineState, DeadlineState[]> = {
  'not-started': ['not-started'],
  pending: ['pending', 'overdue'],
  overdue: ['overdue'],
  met: ['met'],
  'met-late': ['met-late'],
  'not-required': ['not-required'],
};

describe('deadline properties', () => {
  it('dueAt is after the clock start, for any rule and start', () => {
    fc.assert(
      fc.property(
        instant,
        fc.integer({ min: 1, max: MAX_DEADLINE_AMOUNT }),
        fc.constantFrom(...DEADLINE_UNITS),
        (start, amount, unit) => {
          expect(dueAtFor(start, { amount, unit })).toBeGreaterThan(start);
        },
      ),
    );
  });

  it('business days never fall due on a weekend and skip exactly the weekends in between', () => {
    fc.assert(
      fc.property(instant, fc.integer({ min: 1, max: 60 }), (start, days) => {
        const due = addBusinessDays(start, days);
        expect(isWeekend(due)).toBe(false);
        // A weekend start counts from Monday 00:00, so that Monday is day 0, not day 1.
        let startDay = Math.floor(start / DAY_MS);
        while (isWeekend(startDay * DAY_MS)) startDay++;
        let weekdaysPassed = 0;
        for (let day = startDay + 1; day <= Math.floor(due / DAY_MS); day++) {
          if (!isWeekend(day * DAY_MS)) weekdaysPassed++;
        }
        expect(weekdaysPassed).toBe(days);
        // The time of day is kept, except that a weekend start counts from Monday 00:00.
        expect(due % DAY_MS).toBe(isWeekend(start) ? 0 : start % DAY_MS);
      }),
    );
  });

  it('dueAt ≥ clockStartedAt in every status, and states only move forward as now passes', () => {
    fc.assert(
      fc.property(caseFacts, instant, instant, (facts, a, b) => {
        const [earlier, later] = a <= b ? [a, b] : [b, a];
        const before = computeDeadlines(facts, DEFAULT_REGULATORS, new Date(earlier));
        const after = computeDeadlines(facts, DEFAULT_REGULATORS, new Date(later));
        expect(after.map((s) => s.regulatorId)).toEqual(before.map((s) => s.regulatorId));
        before.forEach((status, i) => {
          const next = after[i]!;
          if (status.dueAt !== undefined) {
            expect(Date.parse(status.dueAt)).toBeGreaterThanOrEqual(Date.parse(status.clockStartedAt!));
          }
          expect(next.dueAt).toBe(status.dueAt);
          expect(next.clockStartedAt).toBe(status.clockStartedAt);
          expect(laterStates[status.state]).toContain(next.state);
        });
      }),
    );
  });

  it('a running unmet clock is overdue exactly when now is past dueAt', () => {
    fc.assert(
      fc.property(caseFacts, instant, (facts, now) => {
        for (const status of computeDeadlines(facts, DEFAULT_REGULATORS, new Date(now))) {
          if (status.state === 'pending' || status.state === 'overdue') {
            expect(status.state === 'overdue').toBe(now > Date.parse(status.dueAt!));
            expect(status.notifiedAt).toBeUndefined();
          }
        }
      }),
    );
  });
});
