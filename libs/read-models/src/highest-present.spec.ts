import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { highestPresent } from './highest-present.js';

describe('highestPresent', () => {
  it('finds the end of a gapless run from 1 in O(log n) probes', async () => {
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 0, max: 100_000 }), async (last) => {
        let probes = 0;
        const found = await highestPresent(async (n) => {
          probes++;
          return n <= last;
        });
        expect(found).toBe(last);
        expect(probes).toBeLessThanOrEqual(2 * Math.ceil(Math.log2(last + 2)) + 2);
      }),
    );
  });
});
