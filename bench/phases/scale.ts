import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { EventStore } from '#libs/event-store';
import type { BenchRun } from '../lib/bench-run.js';
import type { BenchStack } from '../lib/bench-stack.js';
import { closedLoop, inParallel, sleep, summarize } from '../lib/load.js';
import { metricSum, scrapeMetrics } from '../lib/metrics.js';
import { rawBulkWrite } from '../lib/raw-limits.js';
import type { CatchUpResult, ScaleResult } from '../lib/results.js';
import { appendCase, assignmentBody, reportBody } from '../lib/seeding.js';

/**
 * What a user sees at one store size: BENCH_SCALE_CONCURRENCY flows in flight, each POST /v1/cases, then an
 * assignment on the new case, then GET status?minVersion=2 until 200 (as in the issue's own measurement).
 */
export async function commandsAtStoreSize(run: BenchRun, stack: BenchStack, size: 'small' | 'large') {
  const { scaleMs, scaleConcurrency } = run.settings;
  const label = `create, fact, status at ${stack.casesInStore} cases`;
  return run.phase(`scale-${size}`, label, scaleMs + 30_000, async (): Promise<ScaleResult> => {
    const cases = stack.casesInStore;
    run.sampler.begin(label);
    const create: number[] = [];
    const fact: number[] = [];
    const status: number[] = [];
    const warmupMs = 1_000;
    const measureFrom = performance.now() + warmupMs;
    /** Records a step's latency unless it started in the warm-up. */
    const timed = async <T>(into: number[], request: () => Promise<T>): Promise<T> => {
      const begun = performance.now();
      const answer = await request();
      if (begun >= measureFrom) into.push(performance.now() - begun);
      return answer;
    };
    const result = await closedLoop({
      concurrency: scaleConcurrency,
      durationMs: scaleMs,
      warmupMs,
      op: async (worker, seq) => {
        const { caseId } = await timed(create, () =>
          stack.api.expect<{ caseId: string }>(201, 'POST', '/v1/cases', reportBody(worker * 100_000 + seq)),
        );
        stack.casesInStore++;
        const { version } = await timed(fact, () =>
          stack.api.expect<{ version: number }>(200, 'POST', `/v1/cases/${caseId}/assignments`, assignmentBody(seq)),
        );
        await timed(status, async () => {
          for (let tries = 0; tries < 15; tries++) {
            const answer = await stack.api.request('GET', `/v1/cases/${caseId}/status?minVersion=${version}`);
            if (answer.status === 200) return;
            if (answer.status !== 409) throw new Error(`GET status answered ${answer.status}`);
          }
          throw new Error(`case ${caseId} not visible at version ${version} within 15 waits`);
        });
      },
    });
    run.sampler.end();
    const summary: ScaleResult = {
      cases,
      flows: result.ops,
      errors: result.errors,
      ...(result.firstError && { firstError: result.firstError }),
      create: summarize(create),
      fact: summarize(fact),
      status: summarize(status),
    };
    run.log(
      `${label}: p50 create ${summary.create.p50Ms} ms, fact ${summary.fact.p50Ms} ms, status ${summary.status.p50Ms} ms ` +
        `(${summary.flows} flows, ${summary.errors} errors)`,
    );
    return summary;
  });
}

/**
 * Grows the store to BENCH_LARGE_CASES while the projector is down: cases of one ReportReceived each, appended with
 * EventStore.append (real commits and outbox entries, which the running relay publishes), then the projector is
 * started again in front of the backlog on Kafka and timed until its group has committed every partition's end.
 */
export async function growStoreWithProjectorDown(run: BenchRun, stack: BenchStack): Promise<void> {
  const { largeCases, seedConcurrency } = run.settings;
  const missing = Math.max(0, largeCases - stack.casesInStore);
  if (missing === 0) return;
  run.results.app.catchUp = await run.phase(
    'grow',
    `grow to ${largeCases} cases, projector catch-up`,
    120_000,
    async (): Promise<CatchUpResult> => {
      const projector = stack.app('projector');
      await projector.stop();
      const store = new EventStore(run.db);
      run.sampler.begin(`grow the store: ${missing} cases appended, projector down`);
      const appendStarted = performance.now();
      const deadline = Date.now() + Math.min(180_000, run.remainingMs() - 120_000);
      let appended = 0;
      await inParallel(Array.from({ length: missing }), seedConcurrency, async () => {
        const events = await appendCase(store, randomUUID(), 1, { deadline });
        appended += events;
      });
      stack.casesInStore += appended;
      const appendMs = Math.round(performance.now() - appendStarted);
      run.log(`appended ${appended} cases in ${appendMs} ms`);
      run.sampler.begin('grow the store: relay publishing');
      const drainStarted = performance.now();
      for (;;) {
        const relay = await scrapeMetrics(stack.url('relay'));
        if (relay.size > 0 && metricSum(relay, 'breachline_unpublished_commits') === 0) break;
        if (performance.now() - drainStarted > 180_000) throw new Error('the relay did not publish within 180 s');
        await sleep(250);
      }
      const relayDrainMs = Math.round(performance.now() - drainStarted);
      const backlogEvents = await stack.projectorLag();
      run.log(`relay published everything ${relayDrainMs} ms later; projector backlog ${backlogEvents} events`);

      run.sampler.begin('projector catch-up of the backlog');
      const started = performance.now();
      await projector.start();
      const startupMs = Math.round(performance.now() - started);
      for (;;) {
        if ((await stack.projectorLag()) === 0) break;
        if (performance.now() - started > 300_000) throw new Error('the projector did not catch up within 300 s');
        if (run.aborted) throw new Error('aborted');
        await sleep(100);
      }
      const durationMs = Math.round(performance.now() - started);
      const result: CatchUpResult = {
        backlogEvents,
        appendedCases: appended,
        appendMs,
        relayDrainMs,
        durationMs,
        startupMs,
        eventsPerSecond: Math.round((backlogEvents / durationMs) * 1000),
        eventsPerSecondAfterStartup: Math.round((backlogEvents / Math.max(1, durationMs - startupMs)) * 1000),
      };
      run.log(
        `projector caught up with ${backlogEvents} events in ${durationMs} ms (${result.eventsPerSecond}/s; ` +
          `${result.eventsPerSecondAfterStartup}/s after its ${startupMs} ms start-up)`,
      );
      return result;
    },
  );
}

/** The raw limit of the catch-up and the rebuild: unordered bulkWrite of case_status documents, 500 per call. */
export async function rawBulkWriteLimit(run: BenchRun): Promise<void> {
  run.results.raw.bulkWrite = await run.phase('bulk', 'raw bulkWrite', 30_000, async () => {
    const sample = await run.db.collection<{ _id: string }>('case_status').findOne({});
    if (!sample) throw new Error('no case_status document to copy');
    const { _id: _sampleId, ...template } = sample;
    run.sampler.begin('raw bulkWrite');
    const result = await rawBulkWrite(run.db, 'raw_bulk', template, run.settings.bulkDocs, 500);
    await run.db.collection('raw_bulk').drop();
    run.log(`raw bulkWrite: ${result.docsPerSecond} docs/s`);
    return result;
  });
}
