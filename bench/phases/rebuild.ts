import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { EventStore } from '#libs/event-store';
import { caseStatusProjection, type CaseStoredEvent, ReadModelCatalog, rebuildReadModel } from '#libs/read-models';
import type { BenchRun } from '../lib/bench-run.js';
import { inParallel } from '../lib/load.js';
import type { RebuildResult } from '../lib/results.js';
import { appendCase } from '../lib/seeding.js';

type CaseStatus = ReturnType<typeof caseStatusProjection.evolve>;

/**
 * `rebuildReadModel(case_status)` as `projections rebuild` runs it (its catalog waits included), over a database of
 * its own seeded with BENCH_REBUILD_CASES × BENCH_REBUILD_EVENTS_PER_CASE events, one event per commit as the API
 * writes them. The result is checked before it is timed: every case, at its last version, as the pure projection
 * computes it.
 */
export async function rebuild(run: BenchRun): Promise<void> {
  const { rebuildCases, rebuildEventsPerCase, seedConcurrency } = run.settings;
  run.results.app.rebuild = await run.phase('rebuild', 'rebuild', 90_000, async (): Promise<RebuildResult> => {
    const rebuildDb = run.mongo.db(run.rebuildDbName);
    const store = new EventStore(rebuildDb);
    await store.ensureIndexes();
    run.sampler.begin('rebuild: seeding');
    const seedStarted = performance.now();
    // On a slow machine, as many events as the deadline allows (the report says how many).
    const deadline = Date.now() + Math.min(240_000, run.remainingMs() - 60_000);
    const seeded = new Map<string, number>();
    await inParallel(
      Array.from({ length: rebuildCases }, () => randomUUID()),
      seedConcurrency,
      async (caseId) => {
        const events = await appendCase(store, caseId, rebuildEventsPerCase, { deadline });
        if (events > 0) seeded.set(caseId, events);
      },
    );
    const seedMs = Math.round(performance.now() - seedStarted);
    const seededEvents = [...seeded.values()].reduce((sum, n) => sum + n, 0);
    run.log(`rebuild database seeded: ${seededEvents} events over ${seeded.size} cases in ${seedMs} ms`);

    const catalog = new ReadModelCatalog(rebuildDb);
    run.sampler.begin('rebuild: case_status');
    const report = await run.profiled('rebuild', () => rebuildReadModel(rebuildDb, store, catalog, 'case_status'));
    const target = rebuildDb.collection<{ _id: string; caseId: string; version: number }>(report.to);
    const sample = await target.findOne({});
    if (!sample) throw new Error('the rebuild wrote nothing');
    const rebuilt = await target.countDocuments();
    if (rebuilt !== seeded.size) throw new Error(`the rebuild wrote ${rebuilt} documents, not ${seeded.size}`);
    if (report.events !== seededEvents)
      throw new Error(`the rebuild read ${report.events} events, not ${seededEvents}`);
    const expected = ((await store.readStream(sample.caseId)) as CaseStoredEvent[]).reduce<CaseStatus | null>(
      (doc, event) => caseStatusProjection.evolve(doc, event),
      null,
    );
    if (sample.version !== seeded.get(sample.caseId) || expected?.version !== sample.version) {
      throw new Error(`a rebuilt document is at version ${sample.version}, the projection says ${expected?.version}`);
    }
    const result: RebuildResult = {
      ...report,
      cases: seeded.size,
      commits: await store.countCommits(),
      seedMs,
      eventsPerSecond: Math.round((report.events / report.durationMs) * 1000),
      fixedPausesMs: report.durationMs - report.replayMs,
      replayEventsPerSecond: Math.round((report.events / Math.max(1, report.replayMs)) * 1000),
      documentBytes: JSON.stringify(sample).length,
    };
    run.log(
      `rebuild: ${report.events} events in ${report.durationMs} ms (${result.eventsPerSecond}/s; ` +
        `${result.replayEventsPerSecond}/s in the replay, without the catalog's ${result.fixedPausesMs} ms of waits)`,
    );
    // The next phases must not share the server with a database of this size.
    await rebuildDb.dropDatabase();
    return result;
  });
}
