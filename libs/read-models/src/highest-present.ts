/**
 * The highest n ≥ 1 for which `exists(n)` holds, given that the numbers present run without gaps from 1
 * (0 when none is): an exponential then binary search, so O(log n) `_id` lookups.
 */
export async function highestPresent(exists: (n: number) => Promise<boolean>): Promise<number> {
  let high = 1;
  while (await exists(high)) high *= 2;
  let low = high / 2;
  if (low < 1) return 0;
  while (high - low > 1) {
    const middle = Math.floor((low + high) / 2);
    if (await exists(middle)) low = middle;
    else high = middle;
  }
  return low;
}
