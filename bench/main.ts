// npm run bench (through bench/run.mjs): Breachline's throughput and latency against the raw limits of the same
// servers, measured in the same run. Writes bench/results/latest.json and BENCHMARKS.md. Loopback only; every
// load loop is bounded in count and time, a phase that would not fit in the time left is skipped (and reported),
// and a watchdog ends the run, cleaning up, if it ever overruns.
import 'reflect-metadata';
import { randomBytes, randomUUID } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { Kafka, logLevel } from 'kafkajs';
import { MongoClient } from 'mongodb';
import { EventStore } from '#libs/event-store';
import { caseStatusProjection, type CaseStoredEvent, ReadModelCatalog, rebuildReadModel } from '#libs/read-models';
import { loadEmmett } from './lib/emmett.js';
import { HttpClient, HttpStatusError } from './lib/http-client.js';
import {
  closedLoop,
  inParallel,
  type LoadResult,
  mergeRounds,
  openLoop,
  summarize,
  withoutSamples,
} from './lib/load.js';
import { startProfiling, type InProcessProfile } from './lib/profile.js';
import { costModel, rawBulkWrite, rawFindOne, rawInsertOne, rawKafka } from './lib/raw-limits.js';
import { buildReport, machineDetails, type BenchResults } from './lib/report.js';
import {
  memoryBreakdown,
  type MemoryBreakdown,
  metricSum,
  pipelineCounters,
  type PipelineCounters,
  scrapeMetrics,
} from './lib/metrics.js';
import { ProcessSampler } from './lib/sampler.js';
import { measureReportRendering } from './phases/render-report.js';
import { appendCase, appendContext, assignmentBody, caseStateCache, reportBody } from './lib/seeding.js';
import { BenchProcess, findRoot, freePort } from './lib/stack.js';

const ROOT = findRoot();
const number = (name: string, fallback: number) => Number(process.env[name] ?? fallback);
const CONCURRENCY = number('BENCH_CONCURRENCY', 16);
const MEASURE_MS = number('BENCH_MEASURE_MS', 10_000);
const SHORT_MEASURE_MS = Math.round(MEASURE_MS / 2);
const WARMUP_MS = number('BENCH_WARMUP_MS', 2_000);
/** The raw/app pairs run in this many alternating rounds of MEASURE_MS / ROUNDS each. */
const ROUNDS = number('BENCH_ROUNDS', 2);
const CASES = number('BENCH_CASES', 256);
const VISIBILITY_MS = number('BENCH_VISIBILITY_MS', 15_000);
const APPEND_MS = number('BENCH_APPEND_MS', 8_000);
const REBUILD_CASES = number('BENCH_REBUILD_CASES', 500);
const REBUILD_EVENTS_PER_CASE = 10;
const SHORT_STREAMS = 20;
const LONG_STREAMS = number('BENCH_LONG_STREAMS', 3);
const LONG_LENGTH = 1_000;
/** The whole of main.ts; bench/run.mjs adds the build (about a minute), and the issue allows 10 minutes. */
const BUDGET_MS = number('BENCH_BUDGET_MS', 8 * 60_000);
const PROFILE = process.env.BENCH_CPU_PROF === '1';

const runId = new Date().toISOString().replace(/[-:T]/g, '').slice(0, 14);
const DB_NAME = `bench_${runId}`;
const TOPIC_PREFIX = `bench-${runId}.`;
const runDir = join(ROOT, '.local', 'bench', runId);
const profileDir = join(runDir, 'profiles');
mkdirSync(runDir, { recursive: true });
if (PROFILE) mkdirSync(profileDir, { recursive: true });

const started = Date.now();
const log = (message: string) =>
  process.stdout.write(`[bench ${((Date.now() - started) / 1000).toFixed(1).padStart(5)} s] ${message}\n`);

function required(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set: run the bench with npm run bench`);
  return value;
}

const MONGO_URL = required('MONGO_URL');
const KAFKA_BROKERS = required('KAFKA_BROKERS');
const mongo = new MongoClient(MONGO_URL, { retryWrites: false });
const databases = [DB_NAME, `${DB_NAME}_rb`, `${DB_NAME}_ap`];
const apps = new Map<string, BenchProcess>();
const sampler = new ProcessSampler();
const profiles: InProcessProfile[] = [];
const skipped: { phase: string; reason: string }[] = [];
/** Each app's memory breakdown (from its /metrics) at the end of each phase. */
const memoryByPhase: Record<string, Record<string, MemoryBreakdown>> = {};
let aborted = false;
let cleanedUp = false;

/**
 * Stops the apps, then ends the bench's own connections (so that nothing still queries the databases: FerretDB
 * 1.24 can die with SIGBUS when a database is dropped under a running query), then drops databases and topics.
 */
async function cleanUp(): Promise<void> {
  if (cleanedUp) return;
  cleanedUp = true;
  aborted = true;
  sampler.stop();
  await Promise.all([...apps.values()].map((app) => app.stop().catch(() => undefined)));
  await mongo.close(true).catch(() => undefined);
  await new Promise((resolve) => setTimeout(resolve, 500));
  const admin = new MongoClient(MONGO_URL, { retryWrites: false, serverSelectionTimeoutMS: 5_000 });
  try {
    await admin.connect();
    for (const name of databases)
      await admin
        .db(name)
        .dropDatabase()
        .catch(() => undefined);
  } catch (error) {
    log(`dropping the bench databases failed: ${(error as Error).message}`);
  } finally {
    await admin.close().catch(() => undefined);
  }
  const kafka = new Kafka({ clientId: 'bench-cleanup', brokers: KAFKA_BROKERS.split(','), logLevel: logLevel.NOTHING });
  const kafkaAdmin = kafka.admin();
  try {
    await kafkaAdmin.connect();
    const topics = (await kafkaAdmin.listTopics()).filter((topic) => topic.startsWith(TOPIC_PREFIX));
    if (topics.length > 0) await kafkaAdmin.deleteTopics({ topics });
    const groups = (await kafkaAdmin.listGroups()).groups
      .map((g) => g.groupId)
      .filter((g) => g.startsWith(TOPIC_PREFIX));
    if (groups.length > 0) await kafkaAdmin.deleteGroups(groups).catch(() => undefined);
  } catch (error) {
    log(`kafka clean-up failed: ${(error as Error).message}`);
  } finally {
    await kafkaAdmin.disconnect().catch(() => undefined);
  }
}

const watchdog = setTimeout(() => {
  log(`watchdog: the run passed ${(BUDGET_MS + 60_000) / 1000} s; stopping`);
  void cleanUp().finally(() => process.exit(2));
}, BUDGET_MS + 60_000);
watchdog.unref();
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => void cleanUp().finally(() => process.exit(130)));
}

const remainingMs = () => started + BUDGET_MS - Date.now();

/**
 * Runs one phase unless the time left is under `needsMs` (it is then skipped and reported); a failing phase is
 * reported and the run goes on, so that one slow or broken part never costs the whole report.
 */
async function phase<T>(name: string, needsMs: number, body: () => Promise<T>): Promise<T | undefined> {
  if (aborted) return undefined;
  if (remainingMs() < needsMs) {
    const reason = `skipped: needs about ${Math.round(needsMs / 1000)} s, ${Math.round(remainingMs() / 1000)} s left`;
    skipped.push({ phase: name, reason });
    log(`${name}: ${reason}`);
    return undefined;
  }
  try {
    return await body();
  } catch (error) {
    const reason = `failed: ${(error as Error).message}`;
    skipped.push({ phase: name, reason });
    log(`${name}: ${reason}`);
    return undefined;
  } finally {
    sampler.end();
    // Where each app's memory is after the phase (heap vs the rest), for the RSS figure.
    for (const app of ['case-api', 'relay', 'projector']) {
      const url = apps.get(app)?.url;
      const memory = url && !aborted ? await memoryBreakdown(url) : undefined;
      if (memory) (memoryByPhase[app] ??= {})[name] = memory;
    }
  }
}

function serverPid(name: 'ferretdb' | 'kafka'): number | undefined {
  try {
    return Number(readFileSync(join(ROOT, '.local', 'run', `${name}.pid`), 'utf8').trim()) || undefined;
  } catch {
    return undefined;
  }
}

/** Waits until every case's status is visible at (at least) its known version; returns the time it took. */
async function waitVisible(api: HttpClient, versions: Map<string, number>, timeoutMs: number): Promise<number> {
  const begun = performance.now();
  const deadline = Date.now() + timeoutMs;
  await inParallel([...versions.entries()], 8, async ([caseId, version]) => {
    for (;;) {
      if (aborted) throw new Error('aborted');
      const answer = await api.request('GET', `/v1/cases/${caseId}/status?minVersion=${version}`);
      if (answer.status === 200) return;
      if (answer.status !== 409 && answer.status !== 404)
        throw new HttpStatusError(answer.status, answer.body, 'GET status');
      if (Date.now() > deadline)
        throw new Error(`case ${caseId} not visible at version ${version} after ${timeoutMs} ms`);
      if (answer.status === 404) await new Promise((resolve) => setTimeout(resolve, 100));
    }
  });
  return Math.round(performance.now() - begun);
}

async function main(): Promise<void> {
  log(`run ${runId}: database ${DB_NAME}, topic prefix ${TOPIC_PREFIX}, concurrency ${CONCURRENCY}, logs in ${runDir}`);
  const load = os.loadavg()[0];
  if (load > os.cpus().length) {
    log(
      `warning: load average ${load.toFixed(1)} on ${os.cpus().length} cores — other work will weigh on every figure`,
    );
  }
  await mongo.connect();
  const db = mongo.db(DB_NAME);
  const machine = await machineDetails(ROOT, db);

  // ── The stack: case-api, relay and projector from dist/, plus the bare reference app ──────────────────────
  const investigatorKey = `bench-investigator-${randomBytes(24).toString('hex')}`;
  const keysFile = join(runDir, 'api-keys.json');
  writeFileSync(keysFile, JSON.stringify([{ key: investigatorKey, role: 'investigator', name: 'bench-investigator' }]));
  const ports = {
    'case-api': await freePort(),
    relay: await freePort(),
    projector: await freePort(),
    bare: await freePort(),
  };
  const env = {
    MONGO_URL,
    KAFKA_BROKERS,
    MONGO_DB: DB_NAME,
    KAFKA_TOPIC_PREFIX: TOPIC_PREFIX,
    RELAY_URL: `http://127.0.0.1:${ports.relay}`,
    BREACHLINE_API_KEYS_FILE: keysFile,
    LOG_LEVEL: 'info',
    // Long enough that the projector keeps its partitions while the decomposition phase freezes it (SIGSTOP).
    KAFKA_SESSION_TIMEOUT_MS: '30000',
    NODE_ENV: 'production',
  };
  for (const name of ['case-api', 'relay', 'projector'] as const) {
    const app = new BenchProcess({
      name,
      script: join(ROOT, 'dist', 'apps', name, 'src', 'main.js'),
      port: ports[name],
      env,
      logFile: join(runDir, `${name}.log`),
      readyPath: '/health/ready',
      ...(PROFILE && { cpuProfileDir: profileDir }),
    });
    apps.set(name, app);
    await app.start();
  }
  const bare = new BenchProcess({
    name: 'bare-nest',
    script: join(import.meta.dirname, 'bare-app.js'),
    port: ports.bare,
    env: { NODE_ENV: 'production' },
    logFile: join(runDir, 'bare-nest.log'),
    readyPath: '/bare',
  });
  apps.set('bare-nest', bare);
  await bare.start();
  for (const [name, app] of apps) sampler.track(name, () => app.pid);
  sampler.track('bench (load generator)', () => process.pid);
  sampler.track('ferretdb', () => serverPid('ferretdb'));
  sampler.track('kafka', () => serverPid('kafka'));
  sampler.start();
  log(`stack up: case-api ${apps.get('case-api')?.url}, relay, projector, bare-nest ${bare.url}`);

  const urls = {
    caseApi: apps.get('case-api')!.url,
    relay: apps.get('relay')!.url,
    projector: apps.get('projector')!.url,
  };
  const counters = () => pipelineCounters(urls);
  const handlerMeanMs = (before: PipelineCounters, after: PipelineCounters) =>
    Math.round(
      ((after.commandAppendSeconds.sum - before.commandAppendSeconds.sum) /
        Math.max(1, after.commandAppendSeconds.count - before.commandAppendSeconds.count)) *
        10_000,
    ) / 10;
  const backlog = (c: PipelineCounters) => Math.max(0, c.commandsAccepted - c.projectedStatus);
  /** Waits for the read model to catch up, measuring how fast the projector applied events meanwhile. */
  const catchUp = async (label: string, timeoutMs: number) => {
    const before = await counters();
    const begun = performance.now();
    let visibleAfterMs: number | undefined;
    let error: string | undefined;
    try {
      visibleAfterMs = await waitVisible(api, versions, timeoutMs);
    } catch (caught) {
      error = (caught as Error).message;
    }
    const after = await counters();
    const seconds = (performance.now() - begun) / 1000;
    const result = {
      visibleAfterMs,
      backlogAtStart: backlog(before),
      backlogAtEnd: backlog(after),
      projectedEvents: after.projectedStatus - before.projectedStatus,
      projectedPerSecond: Math.round(((after.projectedStatus - before.projectedStatus) / seconds) * 10) / 10,
      ...(error && { error }),
    };
    app.pipeline[label] = result;
    log(
      `${label}: ${error ? `not caught up (${error})` : `caught up in ${visibleAfterMs} ms`}; projector applied ` +
        `${result.projectedEvents} events (${result.projectedPerSecond}/s), backlog ${result.backlogAtStart} → ${result.backlogAtEnd}`,
    );
    return result;
  };

  const api = new HttpClient(
    apps.get('case-api')!.url,
    { authorization: `Bearer ${investigatorKey}` },
    CONCURRENCY * 8,
  );
  const bareClient = new HttpClient(bare.url, {}, CONCURRENCY * 2);
  const results: BenchResults = {
    runId,
    startedAt: new Date(started).toISOString(),
    finishedAt: '',
    durationS: 0,
    machine,
    settings: {
      concurrency: CONCURRENCY,
      measureMs: MEASURE_MS,
      warmupMs: WARMUP_MS,
      cases: CASES,
      visibilityMs: VISIBILITY_MS,
      appendMs: APPEND_MS,
      rebuildCases: REBUILD_CASES,
      rebuildEventsPerCase: REBUILD_EVENTS_PER_CASE,
      shortStreams: SHORT_STREAMS,
      longStreams: LONG_STREAMS,
      rounds: ROUNDS,
      database: DB_NAME,
      topicPrefix: TOPIC_PREFIX,
      appLogLevel: env.LOG_LEVEL,
      profiled: PROFILE,
    },
    raw: {},
    app: { pipeline: {} },
    skipped,
    usage: { windows: [], overallMaxRssMb: {} },
    profiles: [],
  };
  const { raw, app } = results;

  // ── Seed: cases to command and query ──────────────────────────────────────────────────────────────────────
  const caseIds: string[] = [];
  const versions = new Map<string, number>();
  const record = (caseId: string, version: number) =>
    versions.set(caseId, Math.max(versions.get(caseId) ?? 0, version));
  await phase('seed cases', 30_000, async () => {
    sampler.begin('seed cases (HTTP)');
    await inParallel(
      Array.from({ length: CASES }, (_, n) => n),
      CONCURRENCY,
      async (n) => {
        const { caseId, version } = await api.expect<{ caseId: string; version: number }>(
          201,
          'POST',
          '/v1/cases',
          reportBody(n),
        );
        caseIds.push(caseId);
        record(caseId, version);
      },
    );
    log(`seeded ${caseIds.length} cases over HTTP`);
  });
  if (caseIds.length < CONCURRENCY) throw new Error('seeding the cases failed; nothing to measure');

  // ── Raw insertOne and HTTP commands, same concurrency, in alternating rounds ───────────────────────────────
  // Rounds alternate so that other work on the machine weighs on both alike; the projector catches up after each
  // command round, so that the next raw round does not share the database with the pipeline's writes.
  const payload = { caseId: randomUUID(), ...assignmentBody(1) };
  const perWorker = Math.floor(caseIds.length / CONCURRENCY);
  const roundMs = Math.round(MEASURE_MS / ROUNDS);
  const commandOp = (offset: number) => async (worker: number, seq: number) => {
    const caseId = caseIds[worker + CONCURRENCY * ((seq + offset) % perWorker)];
    const { version } = await api.expect<{ version: number }>(
      200,
      'POST',
      `/v1/cases/${caseId}/assignments`,
      assignmentBody(seq),
    );
    record(caseId, version);
  };
  const insertRounds: LoadResult[] = [];
  const commandRounds: LoadResult[] = [];
  const handlerTimes: number[] = [];
  await phase('raw insertOne and HTTP commands', ROUNDS * (2 * roundMs + WARMUP_MS + 30_000), async () => {
    for (let round = 1; round <= ROUNDS; round++) {
      sampler.begin(`raw insertOne (round ${round})`);
      insertRounds.push(
        await rawInsertOne(db, payload, { concurrency: CONCURRENCY, durationMs: roundMs, warmupMs: 500 }),
      );
      sampler.begin(`HTTP commands, max load (round ${round})`);
      const before = await counters();
      commandRounds.push(
        await closedLoop({
          concurrency: CONCURRENCY,
          durationMs: roundMs,
          warmupMs: WARMUP_MS / 2,
          op: commandOp(round),
        }),
      );
      const usage = sampler.end();
      if (round === 1) results.usage.commands = usage;
      handlerTimes.push(handlerMeanMs(before, await counters()));
      log(
        `round ${round}: raw insertOne ${insertRounds.at(-1)?.perSecond}/s, HTTP commands ${commandRounds.at(-1)?.perSecond}/s ` +
          `(inside case-api ${handlerTimes.at(-1)} ms on average)`,
      );
      sampler.begin(`projector catch-up (round ${round})`);
      const caught = await catchUp(`catch-up after command round ${round}`, 45_000);
      if (round === 1) app.drainAfterCommandsMs = caught.visibleAfterMs;
    }
  });
  if (insertRounds.length > 0) raw.insertOne = withoutSamples(mergeRounds(insertRounds));
  if (commandRounds.length > 0) {
    app.commands = withoutSamples(mergeRounds(commandRounds));
    app.pipeline.commands = { handlerMeanMs: handlerTimes.reduce((a, b) => a + b, 0) / handlerTimes.length };
  }

  // The same load with the relay and the projector frozen: the command path alone, without the pipeline's writes
  // to the same database (FerretDB serializes the writes to one database: one SQLite file).
  app.commandsPipelinePaused = await phase(
    'HTTP commands, pipeline frozen',
    roundMs + WARMUP_MS + 130_000,
    async () => {
      const frozen = ['relay', 'projector'].map((name) => apps.get(name)!);
      sampler.begin('HTTP commands, relay + projector frozen');
      const before = await counters();
      frozen.forEach((process) => process.signal('SIGSTOP'));
      try {
        const result = await closedLoop({
          concurrency: CONCURRENCY,
          durationMs: roundMs,
          warmupMs: WARMUP_MS / 2,
          op: commandOp(7),
        });
        sampler.end();
        frozen.forEach((process) => process.signal('SIGCONT'));
        app.pipeline.commandsPipelineFrozen = { handlerMeanMs: handlerMeanMs(before, await counters()) };
        log(
          `HTTP commands, relay and projector frozen: ${result.perSecond}/s, p50 ${result.latency.p50Ms} ms; ` +
            `inside case-api ${app.pipeline.commandsPipelineFrozen.handlerMeanMs} ms on average`,
        );
        return withoutSamples(result);
      } finally {
        frozen.forEach((process) => process.signal('SIGCONT'));
        sampler.begin('projector catch-up after the frozen round');
        // The frozen round leaves a backlog of several times a normal round's commands; the visibility phase must not
        // start on top of it.
        await catchUp('catch-up after the frozen round', 120_000);
      }
    },
  );
  app.commandMix =
    `100% POST /v1/cases/:id/assignments over ${caseIds.length} cases; ` +
    `worker w commands only cases w, w+${CONCURRENCY}, … (no same-case contention)`;

  // ── Reads: raw findOne vs GET status, alternating; bare route vs /health/live ────────────────────────────
  const findRounds: LoadResult[] = [];
  const statusRounds: LoadResult[] = [];
  await phase('raw findOne and HTTP status queries', ROUNDS * (2 * roundMs + WARMUP_MS + 2_000), async () => {
    for (let round = 1; round <= ROUNDS; round++) {
      sampler.begin(`raw findOne (round ${round})`);
      findRounds.push(
        await rawFindOne(db, 'case_status', caseIds, { concurrency: CONCURRENCY, durationMs: roundMs, warmupMs: 500 }),
      );
      sampler.begin(`HTTP status queries, max load (round ${round})`);
      statusRounds.push(
        await closedLoop({
          concurrency: CONCURRENCY,
          durationMs: roundMs,
          warmupMs: WARMUP_MS / 2,
          op: () => api.expect(200, 'GET', `/v1/cases/${caseIds[Math.floor(Math.random() * caseIds.length)]}/status`),
        }),
      );
      const usage = sampler.end();
      if (round === 1) results.usage.statusQueries = usage;
      log(
        `round ${round}: raw findOne ${findRounds.at(-1)?.perSecond}/s, status queries ${statusRounds.at(-1)?.perSecond}/s`,
      );
    }
  });
  if (findRounds.length > 0) raw.findOne = withoutSamples(mergeRounds(findRounds));
  if (statusRounds.length > 0) app.statusQueries = withoutSamples(mergeRounds(statusRounds));

  const httpBaseline = (label: string, client: HttpClient, method: string, path: string, body?: unknown) =>
    phase(label, SHORT_MEASURE_MS + 3_000, async () => {
      sampler.begin(label);
      const result = await closedLoop({
        concurrency: CONCURRENCY,
        durationMs: SHORT_MEASURE_MS,
        warmupMs: 1_000,
        op: () => client.expect(200, method, path, body),
      });
      log(`${label}: ${result.perSecond}/s, p50 ${result.latency.p50Ms} ms`);
      return withoutSamples(result);
    });
  raw.bareGet = await httpBaseline('bare Nest+Fastify GET', bareClient, 'GET', '/bare');
  raw.barePost = await httpBaseline('bare Nest+Fastify POST', bareClient, 'POST', '/bare', assignmentBody(1));
  raw.healthLive = await httpBaseline('case-api GET /health/live', api, 'GET', '/health/live');

  // ── Command → status visible, at half of the command throughput found above (the goal), then at an eighth ──────
  const measureVisibility = async (label: string, rate: number) => {
    const busy = new Set<string>();
    let nextCase = 0;
    const ackLatencies: number[] = [];
    let conflicts = 0;
    sampler.begin(`command → status visible (${label})`);
    const before = await counters();
    // The projector's own lag (recorded → projected, for the last event it applied), sampled meanwhile: the
    // pipeline's share of the visible latency, without the read path.
    const lagSamples: number[] = [];
    const lagTimer = setInterval(() => {
      void scrapeMetrics(urls.projector).then((metrics) => {
        const lag = metricSum(metrics, 'breachline_projection_lag_seconds', 'projection="case_status"');
        if (lag > 0) lagSamples.push(lag * 1000);
      });
    }, 250);
    const result = await openLoop({
      ratePerSecond: rate,
      durationMs: VISIBILITY_MS,
      maxInFlight: 256,
      op: async (seq, scheduledAt) => {
        let caseId = caseIds[nextCase++ % caseIds.length];
        for (let tries = 0; busy.has(caseId) && tries < caseIds.length; tries++)
          caseId = caseIds[nextCase++ % caseIds.length];
        busy.add(caseId);
        try {
          const { version } = await api.expect<{ version: number }>(
            200,
            'POST',
            `/v1/cases/${caseId}/assignments`,
            assignmentBody(seq),
          );
          ackLatencies.push(performance.now() - scheduledAt);
          record(caseId, version);
          const giveUpAt = Date.now() + 30_000;
          for (;;) {
            const answer = await api.request('GET', `/v1/cases/${caseId}/status?minVersion=${version}`);
            if (answer.status === 200) return performance.now() - scheduledAt;
            if (answer.status !== 409) throw new HttpStatusError(answer.status, answer.body, 'GET status');
            conflicts++;
            if (Date.now() > giveUpAt || aborted) throw new Error('not visible within 30 s');
          }
        } finally {
          busy.delete(caseId);
        }
      },
    });
    clearInterval(lagTimer);
    const usage = sampler.end();
    const after = await counters();
    app.pipeline[`visibility (${label})`] = {
      backlogAtStart: backlog(before),
      backlogAtEnd: backlog(after),
      handlerMeanMs: handlerMeanMs(before, after),
    };
    log(
      `visible (${label}): p50 ${result.latency.p50Ms} ms, p99 ${result.latency.p99Ms} ms at ${result.ratePerSecond}/s (${result.errors} errors)`,
    );
    sampler.begin(`projector catch-up after ${label}`);
    await catchUp(`catch-up after ${label}`, 60_000);
    return {
      usage,
      result: {
        ...result,
        ackLatency: summarize(ackLatencies),
        projectorLag: summarize(lagSamples),
        conflictRetries: conflicts,
      },
    };
  };
  const maxCommandRate = app.commands?.perSecond ?? 20;
  app.visibility = await phase('command → status visible, half load', VISIBILITY_MS + 100_000, async () => {
    const { usage, result } = await measureVisibility('half load', Math.max(1, maxCommandRate / 2));
    results.usage.visibility = usage;
    return result;
  });
  app.visibilityEighth = await phase(
    'command → status visible, an eighth of max load',
    VISIBILITY_MS + 100_000,
    async () => (await measureVisibility('an eighth of max load', Math.max(1, maxCommandRate / 8))).result,
  );

  // ── Stream length: command latency on cases of 10 and 1,000 events ───────────────────────────────────────
  app.streamLength = await phase('stream length', 120_000, async () => {
    sampler.begin('stream length: seeding');
    const store = new EventStore(db);
    const cache = caseStateCache(db, ROOT);
    const shortCases = Array.from({ length: SHORT_STREAMS }, () => randomUUID());
    const longCases = Array.from({ length: LONG_STREAMS }, () => randomUUID());
    const seedStarted = performance.now();
    const deadline = Date.now() + Math.min(150_000, remainingMs() - 60_000);
    const appended = await Promise.all([
      ...shortCases.map((caseId) => appendCase(store, caseId, 10, { cache, deadline })),
      ...longCases.map((caseId) =>
        appendCase(store, caseId, LONG_LENGTH, { cache, deadline, eventsPerCommit: 100, singleTail: 25 }),
      ),
    ]);
    if (appended.some((n, i) => n !== (i < SHORT_STREAMS ? 10 : LONG_LENGTH))) {
      throw new Error(`seeding the streams passed its deadline (${appended.join(', ')} events)`);
    }
    const seedMs = Math.round(performance.now() - seedStarted);
    const streamVersions = new Map<string, number>([
      ...shortCases.map((id) => [id, 10] as [string, number]),
      ...longCases.map((id) => [id, LONG_LENGTH] as [string, number]),
    ]);
    const projectedAfterMs = await waitVisible(api, streamVersions, 90_000);
    log(`stream-length cases seeded in ${seedMs} ms, projected ${projectedAfterMs} ms later`);
    sampler.begin('stream length: commands');
    const timeCommand = async (caseId: string, n: number) => {
      const begun = performance.now();
      await api.expect(200, 'POST', `/v1/cases/${caseId}/assignments`, assignmentBody(n));
      return performance.now() - begun;
    };
    // Cold: the first command case-api gets for a case (nothing in its memory: snapshot + commits after it).
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
    log(
      `stream length p50 warm ${result.warm.length10.p50Ms} → ${result.warm.length1000.p50Ms} ms, ` +
        `cold ${result.cold.length10.p50Ms} → ${result.cold.length1000.p50Ms} ms`,
    );
    return result;
  });

  // ── The case report of a 1,000-event case as PDF: pages/s and case-api's RSS (bench/phases/render-report.ts) ──
  app.reportRendering = await phase('report rendering', 60_000, () => {
    sampler.begin('report rendering');
    const caseApi = apps.get('case-api')!;
    return measureReportRendering({ db, apiUrl: caseApi.url, caseApiPid: () => caseApi.pid, log });
  });

  // ── FerretDB's cost per operation as a collection grows (one at a time) ──────────────────────────────────
  raw.costModel = await phase('cost model', 30_000, async () => {
    sampler.begin('raw cost model');
    const rows = await costModel(mongo.db(`${DB_NAME}_ap`), [100, 1_000, 5_000, 10_000]);
    log(
      `cost model: ${rows.map((row) => `${row.documents} docs: miss ${row.findOneMiss} ms, replace ${row.replaceOne} ms`).join('; ')}`,
    );
    return rows;
  });

  // ── Raw limit: kafkajs produce → consume ──────────────────────────────────────────────────────────────────
  raw.kafka = await phase('raw kafkajs', 30_000, async () => {
    sampler.begin('raw kafkajs produce → consume');
    const result = await rawKafka(
      KAFKA_BROKERS.split(','),
      `${TOPIC_PREFIX}bench-raw`,
      `${TOPIC_PREFIX}bench-raw`,
      1_000,
      {
        throughputMessages: 10_000,
        batchSize: 500,
        latencyRate: 100,
        latencyMs: 5_000,
      },
    );
    log(
      `raw kafka: ${result.throughput.messagesPerSecond} msg/s end to end; single sends p50 ${result.latency.latency.p50Ms} ms, ` +
        `p99 ${result.latency.latency.p99Ms} ms`,
    );
    return result;
  });

  // ── Projection rebuild vs raw bulkWrite, in a database of its own (no app writes there) ──────────────────
  app.rebuild = await phase('rebuild', 60_000, async () => {
    const rebuildDb = mongo.db(`${DB_NAME}_rb`);
    const store = new EventStore(rebuildDb);
    await store.ensureIndexes();
    sampler.begin('rebuild: seeding');
    const seedStarted = performance.now();
    const deadline = Date.now() + Math.min(90_000, remainingMs() - 60_000);
    // One event per commit, as the API writes them; on a slow machine, as many as the deadline allows.
    const seeded = new Map<string, number>();
    await inParallel(
      Array.from({ length: REBUILD_CASES }, () => randomUUID()),
      CONCURRENCY * 2,
      async (caseId) => {
        const events = await appendCase(store, caseId, REBUILD_EVENTS_PER_CASE, { deadline });
        if (events > 0) seeded.set(caseId, events);
      },
    );
    const seedMs = Math.round(performance.now() - seedStarted);
    const seededEvents = [...seeded.values()].reduce((sum, n) => sum + n, 0);
    log(`rebuild database seeded: ${seededEvents} events over ${seeded.size} cases in ${seedMs} ms`);
    const catalog = new ReadModelCatalog(rebuildDb);
    sampler.begin('rebuild: case_status');
    const profile = PROFILE ? await startProfiling('rebuild') : undefined;
    const report = await rebuildReadModel(rebuildDb, store, catalog, 'case_status');
    if (profile) profiles.push(await profile.stop(profileDir));
    const target = rebuildDb.collection<{ _id: string; caseId: string; version: number }>(report.to);
    const sample = await target.findOne({});
    if (!sample) throw new Error('the rebuild wrote nothing');
    // The bench must not time a broken rebuild: every case, at its last version, as the pure projection computes it.
    const rebuilt = await target.countDocuments();
    if (rebuilt !== seeded.size) throw new Error(`the rebuild wrote ${rebuilt} documents, not ${seeded.size}`);
    if (report.events !== seededEvents)
      throw new Error(`the rebuild read ${report.events} events, not ${seededEvents}`);
    const expected = ((await store.readStream(sample.caseId)) as CaseStoredEvent[]).reduce<ReturnType<
      typeof caseStatusProjection.evolve
    > | null>((doc, event) => caseStatusProjection.evolve(doc, event), null);
    if (sample.version !== seeded.get(sample.caseId) || expected?.version !== sample.version) {
      throw new Error(`a rebuilt document is at version ${sample.version}, the projection says ${expected?.version}`);
    }
    const { _id: _sampleId, ...template } = sample;
    sampler.begin('raw bulkWrite');
    raw.bulkWrite = await rawBulkWrite(rebuildDb, 'raw_bulk', template, report.events, 500);
    const result = {
      ...report,
      cases: seeded.size,
      commits: await store.countCommits(),
      seedMs,
      eventsPerSecond: Math.round((report.events / report.durationMs) * 1000),
      fixedPausesMs: report.durationMs - report.replayMs,
      replayEventsPerSecond: Math.round((report.events / Math.max(1, report.replayMs)) * 1000),
      documentBytes: JSON.stringify(sample).length,
    };
    log(
      `rebuild: ${report.events} events in ${report.durationMs} ms (${result.eventsPerSecond}/s; ` +
        `${result.replayEventsPerSecond}/s in the replay, without the catalog's ${result.fixedPausesMs} ms of waits); ` +
        `raw bulkWrite ${raw.bulkWrite.docsPerSecond} docs/s`,
    );
    return result;
  });

  // ── Our EventStore.append vs Emmett's appendToStream, same server, same events, same concurrency ─────────
  app.append = await phase('appends: ours vs Emmett', 4 * APPEND_MS + 10_000, async () => {
    const appendDb = mongo.db(`${DB_NAME}_ap`);
    const ours = new EventStore(appendDb);
    await ours.ensureIndexes();
    const { module: emmettModule, info } = await loadEmmett(ROOT);
    const emmett = emmettModule.getMongoDBEventStore({
      connectionString: MONGO_URL,
      clientOptions: { retryWrites: false },
      storage: { type: 'COLLECTION_PER_STREAM_TYPE', databaseName: `${DB_NAME}_ap` },
    });
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
        closedLoop({ concurrency: CONCURRENCY, durationMs: APPEND_MS, maxOps: 5_000, op }).then(withoutSamples);
      const ourStreams: { id: string; version: number }[] = [];
      const emmettStreams: string[] = [];
      const profile = PROFILE ? await startProfiling('append') : undefined;
      sampler.begin('append: ours, new streams');
      const oursNew = await appendLoop(async () => {
        const id = randomUUID();
        await ours.append(id, 0, [event], appendContext());
        ourStreams.push({ id, version: 1 });
      });
      sampler.begin('append: Emmett, new streams');
      const emmettNew = await appendLoop(async () => {
        const name = `case:${randomUUID()}`;
        await emmett.appendToStream(name, [emmettEvent()]);
        emmettStreams.push(name);
      });
      // Existing streams: 10 per worker, the same number for both stores (topped up, untimed, if a store made fewer).
      const streamsPerWorker = 10;
      const needed = CONCURRENCY * streamsPerWorker;
      await inParallel(Array.from({ length: Math.max(0, needed - ourStreams.length) }), CONCURRENCY, async () => {
        const id = randomUUID();
        await ours.append(id, 0, [event], appendContext());
        ourStreams.push({ id, version: 1 });
      });
      await inParallel(Array.from({ length: Math.max(0, needed - emmettStreams.length) }), CONCURRENCY, async () => {
        const name = `case:${randomUUID()}`;
        await emmett.appendToStream(name, [emmettEvent()]);
        emmettStreams.push(name);
      });
      sampler.begin('append: ours, existing streams');
      const oursExisting = await appendLoop(async (worker, seq) => {
        const stream = ourStreams[worker * streamsPerWorker + (seq % streamsPerWorker)];
        await ours.append(stream.id, stream.version, [event], appendContext());
        stream.version++;
      });
      sampler.begin('append: Emmett, existing streams');
      const emmettExisting = await appendLoop((worker, seq) =>
        emmett.appendToStream(emmettStreams[worker * streamsPerWorker + (seq % streamsPerWorker)], [emmettEvent()]),
      );
      if (profile) profiles.push(await profile.stop(profileDir));
      const count = (name: string) => appendDb.collection(name).countDocuments();
      const result = {
        emmett: info,
        ours: { newStreams: oursNew, existingStreams: oursExisting, commitDocuments: await count('case_commits') },
        emmettResults: {
          newStreams: emmettNew,
          existingStreams: emmettExisting,
          streamDocuments: await count('emt:case'),
        },
        eventBytes: JSON.stringify(payload).length,
      };
      log(
        `append new streams: ours ${oursNew.perSecond}/s vs Emmett ${emmettNew.perSecond}/s; ` +
          `existing: ours ${oursExisting.perSecond}/s vs Emmett ${emmettExisting.perSecond}/s`,
      );
      return result;
    } finally {
      await emmett.close();
    }
  });

  // ── Report ────────────────────────────────────────────────────────────────────────────────────────────────
  api.close();
  bareClient.close();
  await Promise.all([...apps.values()].map((process) => process.stop()));
  sampler.stop();
  results.finishedAt = new Date().toISOString();
  results.durationS = Math.round((Date.now() - started) / 1000);
  results.usage.windows = sampler.windows;
  results.usage.overallMaxRssMb = Object.fromEntries(
    [...sampler.overallMaxRssMb].map(([k, v]) => [k, Math.round(v * 10) / 10]),
  );
  results.profiles = [...profiles, ...listAppProfiles()];
  results.usage.memoryByPhase = memoryByPhase;
  const { json, markdown } = await buildReport(results, ROOT);
  mkdirSync(join(ROOT, 'bench', 'results'), { recursive: true });
  writeFileSync(join(ROOT, 'bench', 'results', 'latest.json'), json);
  writeFileSync(join(ROOT, 'BENCHMARKS.md'), markdown);
  writeFileSync(join(runDir, 'results.json'), json);
  log(
    `wrote bench/results/latest.json and BENCHMARKS.md (${results.durationS} s; ${skipped.length} phases skipped or failed)`,
  );
}

function listAppProfiles(): InProcessProfile[] {
  if (!PROFILE || !existsSync(profileDir)) return [];
  return readdirSync(profileDir)
    .filter((file) => file.endsWith('.cpuprofile') && !file.startsWith('bench-'))
    .map((file) => ({ label: file.replace(/-\d+\.cpuprofile$/, ''), file: join(profileDir, file) }));
}

try {
  await main();
} catch (error) {
  log(`failed: ${(error as Error).stack ?? error}`);
  process.exitCode = 1;
} finally {
  await cleanUp();
  clearTimeout(watchdog);
}
