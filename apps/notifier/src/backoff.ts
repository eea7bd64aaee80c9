export interface BackoffPolicy {
  /** The delay ceiling after the first failure. */
  baseMs: number;
  /** No delay ever exceeds this. */
  capMs: number;
}

/** The range a delay falls in after `failures` failed attempts (≥ 1): [ceiling / 2, ceiling]. */
export function backoffBounds(failures: number, { baseMs, capMs }: BackoffPolicy): { min: number; max: number } {
  const exponent = Math.min(Math.max(failures, 1) - 1, 52);
  const max = Math.min(capMs, baseMs * 2 ** exponent);
  return { min: max / 2, max };
}

/**
 * Exponential backoff with a cap and "equal jitter": the ceiling doubles per failure up to the cap, and the delay is
 * drawn from its upper half. For any fixed draw the schedule never shrinks, and endpoints that fail together do not
 * retry in lockstep.
 */
export function backoffDelay(failures: number, policy: BackoffPolicy, random: () => number = Math.random): number {
  const { min, max } = backoffBounds(failures, policy);
  const draw = Math.min(Math.max(random(), 0), 1);
  return Math.round(min + (max - min) * draw);
}
