// The bench's size knobs, all from the environment so that a phase can be tried at a small size
// (e.g. BENCH_CASES=50 BENCH_LARGE_CASES=300 BENCH_REBUILD_CASES=100 BENCH_PHASES=grow,list npm run bench).
const number = (name: string, fallback: number): number => {
  const value = Number(process.env[name] ?? fallback);
  if (!Number.isFinite(value) || value < 0) throw new Error(`${name} must be a non-negative number`);
  return value;
};

export interface BenchSettings {
  /** Operations in flight in the closed loops that are compared with raw driver loops. */
  concurrency: number;
  /** Measured time per side of each raw/app pair, split into `rounds` alternating rounds. */
  measureMs: number;
  warmupMs: number;
  rounds: number;
  /** Cases seeded over HTTP at the start: the small store. */
  cases: number;
  /** Cases in the store for the "at 10,000 cases" figures (grown with EventStore.append, projected for real). */
  largeCases: number;
  /** Appends in flight while growing the store and seeding the rebuild's database. */
  seedConcurrency: number;
  /** create → fact → status flows: this long, this many in flight, at each store size. */
  scaleMs: number;
  scaleConcurrency: number;
  /** List first page: measured time per side, queries in flight. */
  listMs: number;
  listConcurrency: number;
  visibilityMs: number;
  /** Documents of the raw bulkWrite limit (500 per call). */
  bulkDocs: number;
  rebuildCases: number;
  rebuildEventsPerCase: number;
  appendMs: number;
  longStreams: number;
  /** The whole of main.ts; bench/run.mjs sets what the build left of the 10 minutes. */
  budgetMs: number;
  profile: boolean;
  /**
   * Phases to run, by id (the seeding always runs): scale-small, list-small, commands, frozen, status, baselines,
   * visibility, grow, bulk, scale-large, list-large, rebuild, stream-length, report-rendering, cost-model, kafka, appends, ledger,
   * encryption. Empty: all.
   */
  phases: string[];
}

export function benchSettings(): BenchSettings {
  return {
    concurrency: number('BENCH_CONCURRENCY', 16),
    measureMs: number('BENCH_MEASURE_MS', 10_000),
    warmupMs: number('BENCH_WARMUP_MS', 2_000),
    rounds: Math.max(1, number('BENCH_ROUNDS', 2)),
    cases: number('BENCH_CASES', 500),
    largeCases: number('BENCH_LARGE_CASES', 10_000),
    seedConcurrency: number('BENCH_SEED_CONCURRENCY', 64),
    scaleMs: number('BENCH_SCALE_MS', 6_000),
    scaleConcurrency: number('BENCH_SCALE_CONCURRENCY', 8),
    listMs: number('BENCH_LIST_MS', 8_000),
    listConcurrency: number('BENCH_LIST_CONCURRENCY', 2),
    visibilityMs: number('BENCH_VISIBILITY_MS', 15_000),
    bulkDocs: number('BENCH_BULK_DOCS', 10_000),
    rebuildCases: number('BENCH_REBUILD_CASES', 5_000),
    rebuildEventsPerCase: number('BENCH_REBUILD_EVENTS_PER_CASE', 10),
    appendMs: number('BENCH_APPEND_MS', 5_000),
    longStreams: number('BENCH_LONG_STREAMS', 3),
    budgetMs: number('BENCH_BUDGET_MS', 8 * 60_000),
    profile: process.env.BENCH_CPU_PROF === '1',
    phases: (process.env.BENCH_PHASES ?? '')
      .split(',')
      .map((phase) => phase.trim())
      .filter(Boolean),
  };
}
