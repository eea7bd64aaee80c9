import { performance } from 'node:perf_hooks';
import type { BenchRun } from '../lib/bench-run.js';
import { BenchStack } from '../lib/bench-stack.js';
import { HttpStatusError } from '../lib/http-client.js';
import { openLoop, summarize } from '../lib/load.js';
import { metricSum, scrapeMetrics } from '../lib/metrics.js';
import type { VisibilityResult } from '../lib/results.js';
import { assignmentBody } from '../lib/seeding.js';

/**
 * An open loop at `rate` commands/s: each arrival sends one command to a case no other arrival is commanding, then
 * GET status?minVersion=<its version> until 200 (the server waits up to 2 s per request, again on 409).
 */
async function measureVisibility(run: BenchRun, stack: BenchStack, label: string, rate: number) {
  const { caseIds } = stack;
  const busy = new Set<string>();
  let nextCase = 0;
  const ackLatencies: number[] = [];
  let conflicts = 0;
  run.sampler.begin(`command → status visible (${label})`);
  const before = await stack.counters();
  // The projector's own lag (recorded → projected, for the last event it applied), sampled meanwhile: the
  // pipeline's share of the visible latency, without the read path.
  const lagSamples: number[] = [];
  const lagTimer = setInterval(() => {
    void scrapeMetrics(stack.url('projector')).then((metrics) => {
      const lag = metricSum(metrics, 'breachline_projection_lag_seconds', 'projection="case_status"');
      if (lag > 0) lagSamples.push(lag * 1000);
    });
  }, 250);
  const result = await openLoop({
    ratePerSecond: rate,
    durationMs: run.settings.visibilityMs,
    maxInFlight: 256,
    op: async (seq, scheduledAt) => {
      let caseId = caseIds[nextCase++ % caseIds.length];
      for (let tries = 0; busy.has(caseId) && tries < caseIds.length; tries++)
        caseId = caseIds[nextCase++ % caseIds.length];
      busy.add(caseId);
      try {
        const { version } = await stack.api.expect<{ version: number }>(
          200,
          'POST',
          `/v1/cases/${caseId}/assignments`,
          assignmentBody(seq),
        );
        ackLatencies.push(performance.now() - scheduledAt);
        stack.record(caseId, version);
        const giveUpAt = Date.now() + 30_000;
        for (;;) {
          const answer = await stack.api.request('GET', `/v1/cases/${caseId}/status?minVersion=${version}`);
          if (answer.status === 200) return performance.now() - scheduledAt;
          if (answer.status !== 409) throw new HttpStatusError(answer.status, answer.body, 'GET status');
          conflicts++;
          if (Date.now() > giveUpAt || run.aborted) throw new Error('not visible within 30 s');
        }
      } finally {
        busy.delete(caseId);
      }
    },
  });
  clearInterval(lagTimer);
  const usage = run.sampler.end();
  const after = await stack.counters();
  run.results.app.pipeline[`visibility (${label})`] = {
    backlogAtStart: BenchStack.backlog(before),
    backlogAtEnd: BenchStack.backlog(after),
    handlerMeanMs: BenchStack.handlerMeanMs(before, after),
  };
  run.log(
    `visible (${label}): p50 ${result.latency.p50Ms} ms, p99 ${result.latency.p99Ms} ms at ${result.ratePerSecond}/s ` +
      `(${result.errors} errors)`,
  );
  run.sampler.begin(`projector catch-up after ${label}`);
  await stack.catchUp(`catch-up after ${label}`, 60_000);
  const visibility: VisibilityResult = {
    ...result,
    ackLatency: summarize(ackLatencies),
    projectorLag: summarize(lagSamples),
    conflictRetries: conflicts,
  };
  return { usage, visibility };
}

/** Command → status visible at half of the closed-loop command throughput (the goal), then at an eighth of it. */
export async function visibility(run: BenchRun, stack: BenchStack): Promise<void> {
  const { app } = run.results;
  const maxCommandRate = app.commands?.perSecond ?? 20;
  const needsMs = run.settings.visibilityMs + 100_000;
  app.visibility = await run.phase('visibility', 'command → status visible, half load', needsMs, async () => {
    const { usage, visibility } = await measureVisibility(run, stack, 'half load', Math.max(1, maxCommandRate / 2));
    run.results.usage.visibility = usage;
    return visibility;
  });
  app.visibilityEighth = await run.phase(
    'visibility',
    'command → status visible, an eighth of max load',
    needsMs,
    async () =>
      (await measureVisibility(run, stack, 'an eighth of max load', Math.max(1, maxCommandRate / 8))).visibility,
  );
}
