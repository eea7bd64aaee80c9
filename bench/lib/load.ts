import { performance } from 'node:perf_hooks';

export interface LatencySummary {
  n: number;
  meanMs: number;
  p50Ms: number;
  p90Ms: number;
  p99Ms: number;
  maxMs: number;
}

export interface LoadResult {
  /** Latency samples, kept only until results of rounds are merged (see mergeRounds). */
  samples?: number[];
  ops: number;
  errors: number;
  firstError?: string;
  elapsedMs: number;
  /** Completed operations per second over the measured window. */
  perSecond: number;
  latency: LatencySummary;
}

const round = (value: number, digits = 2) => Math.round(value * 10 ** digits) / 10 ** digits;

/** A load's result from the latencies of its completed operations over the measured window. */
function measured(
  latencies: readonly number[],
  errors: number,
  firstError: string | undefined,
  elapsedMs: number,
): Omit<LoadResult, 'samples'> {
  return {
    ops: latencies.length,
    errors,
    ...(firstError && { firstError }),
    elapsedMs: round(elapsedMs),
    perSecond: round((latencies.length / elapsedMs) * 1000),
    latency: summarize(latencies),
  };
}

/** Nearest-rank percentiles over every recorded sample (the runs are bounded, so all samples are kept). */
export function summarize(samples: readonly number[]): LatencySummary {
  if (samples.length === 0) return { n: 0, meanMs: 0, p50Ms: 0, p90Ms: 0, p99Ms: 0, maxMs: 0 };
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))];
  return {
    n: sorted.length,
    meanMs: round(sorted.reduce((sum, value) => sum + value, 0) / sorted.length),
    p50Ms: round(at(0.5)),
    p90Ms: round(at(0.9)),
    p99Ms: round(at(0.99)),
    maxMs: round(sorted[sorted.length - 1]),
  };
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export interface ClosedLoopOptions {
  /** Operations in flight at any time (one per worker). */
  concurrency: number;
  /** Measured window; a warm-up of `warmupMs` runs first and is not counted. */
  durationMs: number;
  warmupMs?: number;
  /** Stops early after this many measured operations. */
  maxOps?: number;
  /** One operation; `worker` is stable per loop, `seq` counts that worker's operations (warm-up included). */
  op: (worker: number, seq: number) => Promise<unknown>;
}

/** Closed loop: each worker starts its next operation as soon as its previous one ends. */
export async function closedLoop({
  concurrency,
  durationMs,
  warmupMs = 0,
  maxOps = Number.POSITIVE_INFINITY,
  op,
}: ClosedLoopOptions): Promise<LoadResult> {
  const latencies: number[] = [];
  let errors = 0;
  let firstError: string | undefined;
  const start = performance.now();
  const measureFrom = start + warmupMs;
  const end = measureFrom + durationMs;
  let measuredOps = 0;
  let lastEnd = measureFrom;
  const worker = async (index: number) => {
    for (let seq = 0; ; seq++) {
      const began = performance.now();
      if (began >= end || measuredOps >= maxOps) return;
      const measured = began >= measureFrom;
      if (measured) measuredOps++;
      try {
        await op(index, seq);
        const finished = performance.now();
        if (measured) {
          latencies.push(finished - began);
          lastEnd = Math.max(lastEnd, finished);
        }
      } catch (error) {
        if (measured) {
          errors++;
          firstError ??= (error as Error).message;
          lastEnd = Math.max(lastEnd, performance.now());
        }
      }
    }
  };
  await Promise.all(Array.from({ length: concurrency }, (_, index) => worker(index)));
  const elapsedMs = Math.max(1, lastEnd - measureFrom);
  return { samples: latencies, ...measured(latencies, errors, firstError, elapsedMs) };
}

/** One result from rounds of the same load (their operations over their summed windows; all their samples). */
export function mergeRounds(rounds: readonly LoadResult[]): LoadResult & { rounds: number[] } {
  const samples = rounds.flatMap((result) => result.samples ?? []);
  const ops = rounds.reduce((sum, result) => sum + result.ops, 0);
  const elapsedMs = rounds.reduce((sum, result) => sum + result.elapsedMs, 0);
  const firstError = rounds.find((result) => result.firstError)?.firstError;
  return {
    ops,
    errors: rounds.reduce((sum, result) => sum + result.errors, 0),
    ...(firstError && { firstError }),
    elapsedMs: round(elapsedMs),
    perSecond: round((ops / Math.max(1, elapsedMs)) * 1000),
    latency: summarize(samples),
    rounds: rounds.map((result) => result.perSecond),
  };
}

/** Drops the raw samples before a result is reported. */
export function withoutSamples<T extends LoadResult>(result: T): Omit<T, 'samples'> {
  const { samples: _samples, ...rest } = result;
  return rest;
}

export interface OpenLoopOptions {
  ratePerSecond: number;
  durationMs: number;
  /** Arrivals that find this many operations in flight are shed (counted, not sent). */
  maxInFlight: number;
  /** Returns the latency to record, measured from `scheduledAt` (so a late start counts against the system). */
  op: (seq: number, scheduledAt: number) => Promise<number>;
}

export interface OpenLoopResult extends LoadResult {
  offered: number;
  shed: number;
  ratePerSecond: number;
}

/** Open loop: arrivals at a fixed rate whatever the answers take, so queueing shows in the latencies. */
export async function openLoop({
  ratePerSecond,
  durationMs,
  maxInFlight,
  op,
}: OpenLoopOptions): Promise<OpenLoopResult> {
  const latencies: number[] = [];
  const running = new Set<Promise<void>>();
  let errors = 0;
  let shed = 0;
  let firstError: string | undefined;
  const start = performance.now();
  const total = Math.floor((durationMs / 1000) * ratePerSecond);
  for (let seq = 0; seq < total; seq++) {
    const scheduledAt = start + (seq * 1000) / ratePerSecond;
    const wait = scheduledAt - performance.now();
    if (wait > 1) await sleep(wait);
    if (running.size >= maxInFlight) {
      shed++;
      continue;
    }
    const task: Promise<void> = op(seq, scheduledAt).then(
      (latency) => void latencies.push(latency),
      (error: unknown) => {
        errors++;
        firstError ??= (error as Error).message;
      },
    );
    const tracked = task.finally(() => running.delete(tracked));
    running.add(tracked);
  }
  await Promise.all(running);
  const elapsedMs = performance.now() - start;
  return {
    offered: total,
    shed,
    ratePerSecond: round(ratePerSecond),
    ...measured(latencies, errors, firstError, elapsedMs),
  };
}

/** Runs `tasks` with at most `concurrency` at once (for seeding). */
export async function inParallel<T>(
  items: readonly T[],
  concurrency: number,
  task: (item: T, index: number) => Promise<unknown>,
) {
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const index = next++;
      await task(items[index], index);
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, items.length) }, worker));
}
