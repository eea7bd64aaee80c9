import { type CaseListDocument, ReadModelCatalog } from '#libs/read-models';
import type { BenchRun } from '../lib/bench-run.js';
import type { BenchStack } from '../lib/bench-stack.js';
import { closedLoop, type LoadResult, mergeRounds, withoutSamples } from '../lib/load.js';
import type { ListResult } from '../lib/results.js';

/** Every bench case is still `reported` (assignments reach no milestone): the filter that matches the most. */
const STAGE = 'reported';
const LIMIT = 20;

/**
 * GET /v1/cases?stage=…&limit=20 against the raw driver query case-api sends for it (same collection, filter, sort
 * and limit + 1, which tells it whether another page exists), in alternating rounds.
 */
export async function listFirstPage(run: BenchRun, stack: BenchStack, size: 'small' | 'large') {
  const { listMs, listConcurrency, rounds } = run.settings;
  const label = `list first page at ${stack.casesInStore} cases`;
  const roundMs = Math.round(listMs / rounds);
  // A round lasts at least until its queries return, however long they take at this store size.
  return run.phase(`list-${size}`, label, 2 * listMs + 30_000, async (): Promise<ListResult> => {
    const collection = run.db.collection<CaseListDocument>(
      await new ReadModelCatalog(run.db).readCollection('case_list'),
    );
    const filter = { stage: STAGE } as const;
    const matching = (await collection.find(filter, { projection: { _id: 1 } }).toArray()).length;
    const rawRounds: LoadResult[] = [];
    const ourRounds: LoadResult[] = [];
    for (let round = 1; round <= rounds; round++) {
      run.sampler.begin(`raw list query at ${stack.casesInStore} cases (round ${round})`);
      rawRounds.push(
        await closedLoop({
          concurrency: listConcurrency,
          durationMs: roundMs,
          op: async () => {
            const rows = await collection
              .find(filter)
              .sort({ sortKey: -1 })
              .limit(LIMIT + 1)
              .toArray();
            if (rows.length !== Math.min(matching, LIMIT + 1)) throw new Error(`raw list found ${rows.length} rows`);
          },
        }),
      );
      run.sampler.begin(`GET /v1/cases?stage=${STAGE} at ${stack.casesInStore} cases (round ${round})`);
      ourRounds.push(
        await closedLoop({
          concurrency: listConcurrency,
          durationMs: roundMs,
          op: async () => {
            const page = await stack.api.expect<{ items: unknown[] }>(
              200,
              'GET',
              `/v1/cases?stage=${STAGE}&limit=${LIMIT}`,
            );
            if (page.items.length !== Math.min(matching, LIMIT)) throw new Error(`list found ${page.items.length}`);
          },
        }),
      );
      run.sampler.end();
      run.log(
        `${label}, round ${round}: raw ${rawRounds.at(-1)?.perSecond}/s (p50 ${rawRounds.at(-1)?.latency.p50Ms} ms), ` +
          `ours ${ourRounds.at(-1)?.perSecond}/s (p50 ${ourRounds.at(-1)?.latency.p50Ms} ms)`,
      );
    }
    return {
      query: `stage=${STAGE}&limit=${LIMIT}: find({ stage: '${STAGE}' }).sort({ sortKey: -1 }).limit(${LIMIT + 1})`,
      cases: stack.casesInStore,
      matching,
      raw: withoutSamples(mergeRounds(rawRounds)),
      ours: withoutSamples(mergeRounds(ourRounds)),
    };
  });
}
