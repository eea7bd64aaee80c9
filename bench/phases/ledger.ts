import { generateKeyPairSync, randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { type CommitDocument, EventStore, LedgerLog, LedgerSealer } from '#libs/event-store';
import { commitHash } from '#libs/ledger';
import type { BenchRun } from '../lib/bench-run.js';
import { closedLoop, withoutSamples } from '../lib/load.js';
import type { LedgerCost } from '../lib/results.js';
import { appendContext, assignmentBody } from '../lib/seeding.js';

/** The relay's batch size: the sealer is handed what one publish reads. */
const SEAL_BATCH = 500;

/**
 * What the ledger costs: chained appends (new streams, one event per commit), the chain's own share of them (the
 * canonical JSON and hash of the same commits, timed in-process; an append without it is the rest), and the sealer's
 * leaves per second over those commits in relay-sized batches, in a database of their own.
 */
export async function ledgerCost(run: BenchRun): Promise<void> {
  const { appendMs, concurrency } = run.settings;
  run.results.app.ledger = await run.phase(
    'ledger',
    'ledger: chaining and sealing',
    2 * appendMs + 30_000,
    async (): Promise<LedgerCost> => {
      const db = run.mongo.db(`${run.scratchDbName}_ledger`);
      try {
        const store = new EventStore(db);
        await store.ensureIndexes();
        const event = {
          type: 'InvestigatorAssigned',
          schemaVersion: 1,
          payload: { caseId: randomUUID(), ...assignmentBody(1) },
        } as never;
        const appends = withoutSamples(
          await closedLoop({
            concurrency,
            durationMs: appendMs,
            maxOps: 5_000,
            op: () => store.append(randomUUID(), 0, [event], appendContext()),
          }),
        );
        const commits: CommitDocument[] = [];
        for await (const commit of store.readAllCommits()) commits.push(commit);
        const hashStarted = performance.now();
        for (const commit of commits) commitHash(commit.previousHash, commit);
        const chainMicrosPerCommit = ((performance.now() - hashStarted) * 1000) / commits.length;
        const log = new LedgerLog(db);
        await log.ensureIndexes();
        const sealer = new LedgerSealer(log, {
          origin: 'bench',
          signingKey: generateKeyPairSync('ed25519').privateKey,
          checkpointEveryMs: 0,
        });
        const sealStarted = performance.now();
        for (let start = 0; start < commits.length; start += SEAL_BATCH) {
          await sealer.seal(commits.slice(start, start + SEAL_BATCH));
        }
        await sealer.checkpointIfDue(Date.now());
        const sealSeconds = (performance.now() - sealStarted) / 1000;
        return {
          appends,
          commits: commits.length,
          chainMicrosPerCommit,
          sealLeavesPerSecond: commits.length / sealSeconds,
        };
      } finally {
        await db.dropDatabase();
      }
    },
  );
}
