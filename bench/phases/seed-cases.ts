import type { BenchRun } from '../lib/bench-run.js';
import type { BenchStack } from '../lib/bench-stack.js';
import { inParallel } from '../lib/load.js';
import { reportBody } from '../lib/seeding.js';

/** The small store: BENCH_CASES cases created over HTTP, which the later phases command and query. */
export async function seedCases(run: BenchRun, stack: BenchStack): Promise<void> {
  const { cases, concurrency } = run.settings;
  run.sampler.begin('seed cases (HTTP)');
  await inParallel(
    Array.from({ length: cases }, (_, n) => n),
    concurrency,
    async (n) => {
      const { caseId, version } = await stack.api.expect<{ caseId: string; version: number }>(
        201,
        'POST',
        '/v1/cases',
        reportBody(n),
      );
      stack.caseIds.push(caseId);
      stack.casesInStore++;
      stack.record(caseId, version);
    },
  );
  run.sampler.end();
  run.log(`seeded ${stack.caseIds.length} cases over HTTP`);
  if (stack.caseIds.length < concurrency) throw new Error('seeding the cases failed; nothing to measure');
}
