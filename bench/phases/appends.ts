import { randomUUID } from 'node:crypto';
import { EventStore } from '#libs/event-store';
import type { BenchRun } from '../lib/bench-run.js';
import { loadEmmett } from '../lib/emmett.js';
import { closedLoop, inParallel, withoutSamples } from '../lib/load.js';
import type { AppendComparison } from '../lib/results.js';
import { appendContext, assignmentBody } from '../lib/seeding.js';

/** Existing-stream appends go to this many streams per worker, the same number for both stores. */
const STREAMS_PER_WORKER = 10;

/**
 * Our EventStore.append against Emmett's appendToStream (COLLECTION_PER_STREAM_TYPE), same server, same events,
 * same concurrency, in a database of their own: new streams, then streams that exist.
 */
export async function appendsAgainstEmmett(run: BenchRun): Promise<void> {
  const { appendMs, concurrency } = run.settings;
  run.results.app.append = await run.phase(
    'appends',
    'appends: ours vs Emmett',
    4 * appendMs + 10_000,
    async (): Promise<AppendComparison> => {
      const appendDb = run.mongo.db(run.scratchDbName);
      const ours = new EventStore(appendDb);
      await ours.ensureIndexes();
      const { module: emmettModule, info } = await loadEmmett(run.root);
      const emmett = emmettModule.getMongoDBEventStore({
        connectionString: run.mongoUrl,
        clientOptions: { retryWrites: false },
        storage: { type: 'COLLECTION_PER_STREAM_TYPE', databaseName: run.scratchDbName },
      });
      const payload = { caseId: randomUUID(), ...assignmentBody(1) };
      try {
        const event = { type: 'InvestigatorAssigned', schemaVersion: 1, payload } as never;
        const emmettEvent = () => {
          const context = appendContext();
          return {
            type: 'InvestigatorAssigned',
            data: payload,
            metadata: {
              schemaVersion: 1,
              actor: context.actor,
              correlationId: context.correlationId,
              causationId: context.causationId,
              occurredAt: context.occurredAt.toISOString(),
            },
          };
        };
        // One append each first: Emmett creates its collection and unique index on its first call.
        await ours.append(randomUUID(), 0, [event], appendContext());
        await emmett.appendToStream(`case:${randomUUID()}`, [emmettEvent()]);
        const appendLoop = (op: (worker: number, seq: number) => Promise<unknown>) =>
          closedLoop({ concurrency, durationMs: appendMs, maxOps: 5_000, op }).then(withoutSamples);
        const ourStreams: { id: string; version: number }[] = [];
        const emmettStreams: string[] = [];
        const newOurStream = async () => {
          const id = randomUUID();
          await ours.append(id, 0, [event], appendContext());
          ourStreams.push({ id, version: 1 });
        };
        const newEmmettStream = async () => {
          const name = `case:${randomUUID()}`;
          await emmett.appendToStream(name, [emmettEvent()]);
          emmettStreams.push(name);
        };
        return await run.profiled('append', async () => {
          run.sampler.begin('append: ours, new streams');
          const oursNew = await appendLoop(newOurStream);
          run.sampler.begin('append: Emmett, new streams');
          const emmettNew = await appendLoop(newEmmettStream);
          // Topped up, untimed, if a store made fewer streams than the existing-stream loops use.
          const needed = concurrency * STREAMS_PER_WORKER;
          await inParallel(Array.from({ length: Math.max(0, needed - ourStreams.length) }), concurrency, newOurStream);
          await inParallel(
            Array.from({ length: Math.max(0, needed - emmettStreams.length) }),
            concurrency,
            newEmmettStream,
          );
          run.sampler.begin('append: ours, existing streams');
          const oursExisting = await appendLoop(async (worker, seq) => {
            const stream = ourStreams[worker * STREAMS_PER_WORKER + (seq % STREAMS_PER_WORKER)];
            await ours.append(stream.id, stream.version, [event], appendContext());
            stream.version++;
          });
          run.sampler.begin('append: Emmett, existing streams');
          const emmettExisting = await appendLoop((worker, seq) =>
            emmett.appendToStream(emmettStreams[worker * STREAMS_PER_WORKER + (seq % STREAMS_PER_WORKER)], [
              emmettEvent(),
            ]),
          );
          const count = (name: string) => appendDb.collection(name).countDocuments();
          run.log(
            `append new streams: ours ${oursNew.perSecond}/s vs Emmett ${emmettNew.perSecond}/s; ` +
              `existing: ours ${oursExisting.perSecond}/s vs Emmett ${emmettExisting.perSecond}/s`,
          );
          return {
            emmett: info,
            ours: { newStreams: oursNew, existingStreams: oursExisting, commitDocuments: await count('case_commits') },
            emmettResults: {
              newStreams: emmettNew,
              existingStreams: emmettExisting,
              streamDocuments: await count('emt:case'),
            },
            eventBytes: JSON.stringify(payload).length,
          };
        });
      } finally {
        await emmett.close();
      }
    },
  );
}
