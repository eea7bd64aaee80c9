import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { backoffBounds, backoffDelay } from './backoff.js';

const policy = { baseMs: 1_000, capMs: 300_000 };

describe('webhook backoff', () => {
  it('doubles the ceiling per failure up to the cap, with the delay in its upper half', () => {
    const ceilings = [1, 2, 3, 4, 5, 8, 9, 10, 12].map((failures) => backoffBounds(failures, policy).max);
    expect(ceilings).toEqual([1_000, 2_000, 4_000, 8_000, 16_000, 128_000, 256_000, 300_000, 300_000]);
    expect(backoffDelay(1, policy, () => 0)).toBe(500);
    expect(backoffDelay(1, policy, () => 0.999_999)).toBe(1_000);
    expect(backoffDelay(40, policy, () => 0.5)).toBe(225_000);
  });

  it('is monotone for any draw, capped, and jittered within its bounds', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 10_000 }),
        fc.integer({ min: 1, max: 10_000_000 }),
        fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }),
        fc.integer({ min: 1, max: 200 }),
        (baseMs, extra, draw, failures) => {
          const capped = { baseMs, capMs: baseMs + extra };
          const delay = backoffDelay(failures, capped, () => draw);
          const next = backoffDelay(failures + 1, capped, () => draw);
          const { min, max } = backoffBounds(failures, capped);
          expect(Number.isInteger(delay)).toBe(true);
          expect(delay).toBeGreaterThanOrEqual(Math.floor(min));
          expect(delay).toBeLessThanOrEqual(Math.ceil(max));
          expect(delay).toBeLessThanOrEqual(capped.capMs);
          expect(next).toBeGreaterThanOrEqual(delay);
        },
      ),
    );
  });

  it('spreads retries: different draws give different delays', () => {
    const delays = new Set(Array.from({ length: 50 }, () => backoffDelay(6, policy)));
    expect(delays.size).toBeGreaterThan(10);
  });
});
