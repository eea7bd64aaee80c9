import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { EventStore } from '#libs/event-store';
import type { BenchRun } from '../lib/bench-run.js';
import type { BenchStack } from '../lib/bench-stack.js';
import { summarize } from '../lib/load.js';
import type { StreamLengthResult } from '../lib/results.js';
import { appendCase, assignmentBody, caseStateCache } from '../lib/seeding.js';

const SHORT_STREAMS = 20;
const LONG_LENGTH = 1_000;

/**
 * Command latency on cases of 10 and 1,000 events, appended with EventStore.append and the state cache (snapshots
 * every 25 versions, as case-api writes them), then commanded over HTTP one at a time: cold (the first command
 * case-api gets for a case, nothing in its memory, as after a restart) and warm.
 */
export async function streamLength(run: BenchRun, stack: BenchStack): Promise<void> {
  const { longStreams } = run.settings;
  run.results.app.streamLength = await run.phase(
    'stream-length',
    'stream length',
    120_000,
    async (): Promise<StreamLengthResult> => {
      run.sampler.begin('stream length: seeding');
      const store = new EventStore(run.db);
      const cache = caseStateCache(run.db, run.root);
      const shortCases = Array.from({ length: SHORT_STREAMS }, () => randomUUID());
      const longCases = Array.from({ length: longStreams }, () => randomUUID());
      const seedStarted = performance.now();
      const deadline = Date.now() + Math.min(150_000, run.remainingMs() - 60_000);
      const appended = await Promise.all([
        ...shortCases.map((caseId) => appendCase(store, caseId, 10, { cache, deadline })),
        ...longCases.map((caseId) =>
          appendCase(store, caseId, LONG_LENGTH, { cache, deadline, eventsPerCommit: 100, singleTail: 25 }),
        ),
      ]);
      if (appended.some((n, i) => n !== (i < SHORT_STREAMS ? 10 : LONG_LENGTH))) {
        throw new Error(`seeding the streams passed its deadline (${appended.join(', ')} events)`);
      }
      stack.casesInStore += SHORT_STREAMS + longStreams;
      const seedMs = Math.round(performance.now() - seedStarted);
      const streamVersions = new Map<string, number>([
        ...shortCases.map((id) => [id, 10] as [string, number]),
        ...longCases.map((id) => [id, LONG_LENGTH] as [string, number]),
      ]);
      const projectedAfterMs = await stack.waitVisible(streamVersions, 90_000);
      run.log(`stream-length cases seeded in ${seedMs} ms, projected ${projectedAfterMs} ms later`);
      run.sampler.begin('stream length: commands');
      const timeCommand = async (caseId: string, n: number) => {
        const begun = performance.now();
        await stack.api.expect(200, 'POST', `/v1/cases/${caseId}/assignments`, assignmentBody(n));
        return performance.now() - begun;
      };
      const coldShort: number[] = [];
      const coldLong: number[] = [];
      for (let i = 0; i < shortCases.length; i++) {
        coldShort.push(await timeCommand(shortCases[i], i));
        if (i < longCases.length) coldLong.push(await timeCommand(longCases[i], i));
      }
      // Warm: 50 commands each, alternating, one at a time.
      const warmShort: number[] = [];
      const warmLong: number[] = [];
      for (let i = 0; i < 50; i++) {
        warmShort.push(await timeCommand(shortCases[i % shortCases.length], i));
        warmLong.push(await timeCommand(longCases[i % longCases.length], i));
      }
      const result = {
        seedMs,
        projectedAfterMs,
        cold: { length10: summarize(coldShort), length1000: summarize(coldLong) },
        warm: { length10: summarize(warmShort), length1000: summarize(warmLong) },
      };
      run.log(
        `stream length p50 warm ${result.warm.length10.p50Ms} → ${result.warm.length1000.p50Ms} ms, ` +
          `cold ${result.cold.length10.p50Ms} → ${result.cold.length1000.p50Ms} ms`,
      );
      return result;
    },
  );
}
