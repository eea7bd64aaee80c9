// npm run bench (through bench/run.mjs): Breachline's throughput and latency against the raw limits of the same
// servers, measured in the same run. Writes bench/results/latest.json and BENCHMARKS.md. Loopback only; every
// load loop is bounded in count and time, a phase that would not fit in the time left is skipped (and reported),
// and a watchdog ends the run, cleaning up, if it ever overruns. Knobs: bench/lib/settings.ts; one phase per file
// in bench/phases, run in the order below (BENCH_PHASES=<ids> runs only those, after the seeding).
import 'reflect-metadata';
import os from 'node:os';
import { existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { BenchRun } from './lib/bench-run.js';
import { BenchStack } from './lib/bench-stack.js';
import type { InProcessProfile } from './lib/profile.js';
import { machineDetails } from './lib/machine.js';
import { buildReport } from './lib/report.js';
import { appendsAgainstEmmett } from './phases/appends.js';
import { ledgerCost } from './phases/ledger.js';
import { encryptionCost } from './phases/encryption.js';
import { commandsWithPipelineFrozen, commandThroughput } from './phases/commands.js';
import { listFirstPage } from './phases/list.js';
import { httpBaselines, statusQueries } from './phases/reads.js';
import { rebuild } from './phases/rebuild.js';
import { reportRendering } from './phases/render-report.js';
import { commandsAtStoreSize, growStoreWithProjectorDown, rawBulkWriteLimit } from './phases/scale.js';
import { seedCases } from './phases/seed-cases.js';
import { kafkaLimits, serverCostModel } from './phases/servers.js';
import { streamLength } from './phases/stream-length.js';
import { visibility } from './phases/visibility.js';

const run = new BenchRun();
run.armWatchdog();

async function main(): Promise<void> {
  const { settings } = run;
  run.log(
    `run ${run.runId}: database ${run.dbName}, topic prefix ${run.topicPrefix}, concurrency ${settings.concurrency}, ` +
      `logs in ${run.runDir}`,
  );
  const load = os.loadavg()[0];
  if (load > os.cpus().length) {
    run.log(
      `warning: load average ${load.toFixed(1)} on ${os.cpus().length} cores — other work will weigh on every figure`,
    );
  }
  await run.mongo.connect();
  run.results.machine = await machineDetails(run.root, run.db);
  const stack = await BenchStack.start(run);
  const { app } = run.results;

  // The small store (BENCH_CASES), and what a user sees on it.
  await seedCases(run, stack);
  app.scaleSmall = await commandsAtStoreSize(run, stack, 'small');
  app.listSmall = await listFirstPage(run, stack, 'small');

  // Throughput and latency against the raw limits, on the small store.
  await commandThroughput(run, stack);
  await commandsWithPipelineFrozen(run, stack);
  await statusQueries(run, stack);
  await httpBaselines(run, stack);
  await visibility(run, stack);

  // The large store (BENCH_LARGE_CASES): the projector's catch-up of the backlog that grew it, then the same views.
  await growStoreWithProjectorDown(run, stack);
  await rawBulkWriteLimit(run);
  app.scaleLarge = await commandsAtStoreSize(run, stack, 'large');
  app.listLarge = await listFirstPage(run, stack, 'large');
  await rebuild(run);

  // Figures without a goal of their own, last, so that a tight budget skips them first.
  await streamLength(run, stack);
  await reportRendering(run, stack);
  await serverCostModel(run);
  await kafkaLimits(run);
  await appendsAgainstEmmett(run);
  await ledgerCost(run);
  await encryptionCost(run);

  stack.close();
  await writeReport();
}

async function writeReport(): Promise<void> {
  const { results, sampler } = run;
  await Promise.all([...run.apps.values()].map((process) => process.stop()));
  sampler.stop();
  results.finishedAt = new Date().toISOString();
  results.durationS = Math.round((Date.now() - run.started) / 1000);
  results.usage.windows = sampler.windows;
  results.usage.overallMaxRssMb = Object.fromEntries(
    [...sampler.overallMaxRssMb].map(([k, v]) => [k, Math.round(v * 10) / 10]),
  );
  results.profiles = [...run.profiles, ...appProfiles()];
  const { json, markdown } = await buildReport(results, run.root);
  writeFileSync(join(run.runDir, 'results.json'), json);
  writeFileSync(join(run.runDir, 'BENCHMARKS.md'), markdown);
  // A run of some phases only (BENCH_PHASES) is a trial: it leaves the committed report alone.
  const whole = run.settings.phases.length === 0;
  if (whole) {
    mkdirSync(join(run.root, 'bench', 'results'), { recursive: true });
    writeFileSync(join(run.root, 'bench', 'results', 'latest.json'), json);
    writeFileSync(join(run.root, 'BENCHMARKS.md'), markdown);
  }
  run.log(
    `wrote ${whole ? 'bench/results/latest.json and BENCHMARKS.md' : `the report into ${run.runDir}`} ` +
      `(${results.durationS} s; ${results.skipped.length} phases skipped or failed)`,
  );
}

/** The apps' own `node --cpu-prof` files (BENCH_CPU_PROF=1), written when they exit. */
function appProfiles(): InProcessProfile[] {
  if (!run.settings.profile || !existsSync(run.profileDir)) return [];
  return readdirSync(run.profileDir)
    .filter((file) => file.endsWith('.cpuprofile') && !file.startsWith('bench-'))
    .map((file) => ({ label: file.replace(/-\d+\.cpuprofile$/, ''), file: join(run.profileDir, file) }));
}

try {
  await main();
} catch (error) {
  run.log(`failed: ${(error as Error).stack ?? error}`);
  process.exitCode = 1;
} finally {
  await run.cleanUp();
}
