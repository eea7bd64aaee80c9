import type { BenchRun } from '../lib/bench-run.js';
import type { BenchStack } from '../lib/bench-stack.js';
import type { HttpClient } from '../lib/http-client.js';
import { closedLoop, type LoadResult, mergeRounds, withoutSamples } from '../lib/load.js';
import { rawFindOne } from '../lib/raw-limits.js';
import { assignmentBody } from '../lib/seeding.js';

/** Raw findOne of case_status documents against GET /v1/cases/:id/status of the same cases, alternating. */
export async function statusQueries(run: BenchRun, stack: BenchStack): Promise<void> {
  const { concurrency, measureMs, rounds, warmupMs } = run.settings;
  const roundMs = Math.round(measureMs / rounds);
  const { caseIds } = stack;
  const findRounds: LoadResult[] = [];
  const statusRounds: LoadResult[] = [];
  await run.phase(
    'status',
    'raw findOne and HTTP status queries',
    rounds * (2 * roundMs + warmupMs + 2_000),
    async () => {
      for (let round = 1; round <= rounds; round++) {
        run.sampler.begin(`raw findOne (round ${round})`);
        findRounds.push(
          await rawFindOne(run.db, 'case_status', caseIds, { concurrency, durationMs: roundMs, warmupMs: 500 }),
        );
        run.sampler.begin(`HTTP status queries, max load (round ${round})`);
        statusRounds.push(
          await closedLoop({
            concurrency,
            durationMs: roundMs,
            warmupMs: warmupMs / 2,
            op: () =>
              stack.api.expect(200, 'GET', `/v1/cases/${caseIds[Math.floor(Math.random() * caseIds.length)]}/status`),
          }),
        );
        const usage = run.sampler.end();
        if (round === 1) run.results.usage.statusQueries = usage;
        run.log(
          `round ${round}: raw findOne ${findRounds.at(-1)?.perSecond}/s, status queries ${statusRounds.at(-1)?.perSecond}/s`,
        );
      }
    },
  );
  if (findRounds.length > 0) run.results.raw.findOne = withoutSamples(mergeRounds(findRounds));
  if (statusRounds.length > 0) run.results.app.statusQueries = withoutSamples(mergeRounds(statusRounds));
}

/** What HTTP alone costs: a bare Nest+Fastify app's GET and POST, and case-api's GET /health/live. */
export async function httpBaselines(run: BenchRun, stack: BenchStack): Promise<void> {
  const { concurrency, measureMs } = run.settings;
  const durationMs = Math.round(measureMs / 3);
  const baseline = (label: string, client: HttpClient, method: string, path: string, body?: unknown) =>
    run.phase('baselines', label, durationMs + 3_000, async () => {
      run.sampler.begin(label);
      const result = await closedLoop({
        concurrency,
        durationMs,
        warmupMs: 1_000,
        op: () => client.expect(200, method, path, body),
      });
      run.log(`${label}: ${result.perSecond}/s, p50 ${result.latency.p50Ms} ms`);
      return withoutSamples(result);
    });
  const { raw } = run.results;
  raw.bareGet = await baseline('bare Nest+Fastify GET', stack.bare, 'GET', '/bare');
  raw.barePost = await baseline('bare Nest+Fastify POST', stack.bare, 'POST', '/bare', assignmentBody(1));
  raw.healthLive = await baseline('case-api GET /health/live', stack.api, 'GET', '/health/live');
}
