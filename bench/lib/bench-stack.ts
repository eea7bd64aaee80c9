import { randomBytes } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { Kafka, logLevel } from 'kafkajs';
import { consumerGroupFor, topicsFor } from '#libs/messaging';
import type { BenchRun } from './bench-run.js';
import { HttpClient, HttpStatusError } from './http-client.js';
import { inParallel, sleep } from './load.js';
import { pipelineCounters, type PipelineCounters } from './metrics.js';
import { freePort } from '../../test/support/free-port.js';
import { BenchProcess } from './stack.js';

export type AppName = 'case-api' | 'relay' | 'projector';

/**
 * The apps under test (case-api, relay and projector from dist/, plus the bare reference app) with a client for
 * each, the cases the phases command, and the waits for the pipeline to catch up.
 */
export class BenchStack {
  /** Cases created over HTTP, in creation order, and the highest version each is known to have. */
  readonly caseIds: string[] = [];
  readonly versions = new Map<string, number>();
  /** Every case in the store, however it got there. */
  casesInStore = 0;
  private readonly kafka: Kafka;

  private constructor(
    private readonly run: BenchRun,
    readonly api: HttpClient,
    readonly bare: HttpClient,
  ) {
    this.kafka = new Kafka({ clientId: 'bench', brokers: run.kafkaBrokers, logLevel: logLevel.NOTHING });
  }

  static async start(run: BenchRun): Promise<BenchStack> {
    const investigatorKey = `bench-investigator-${randomBytes(24).toString('hex')}`;
    const keysFile = join(run.runDir, 'api-keys.json');
    writeFileSync(
      keysFile,
      JSON.stringify([{ key: investigatorKey, role: 'investigator', name: 'bench-investigator' }]),
    );
    const ports = {
      'case-api': await freePort(),
      relay: await freePort(),
      projector: await freePort(),
      bare: await freePort(),
    };
    const env = {
      MONGO_URL: run.mongoUrl,
      KAFKA_BROKERS: run.kafkaBrokers.join(','),
      MONGO_DB: run.dbName,
      KAFKA_TOPIC_PREFIX: run.topicPrefix,
      RELAY_URL: `http://127.0.0.1:${ports.relay}`,
      BREACHLINE_API_KEYS_FILE: keysFile,
      // The apps encrypt personal fields with data keys wrapped by this run's own key-encryption key.
      BREACHLINE_SECRETS_KEY: randomBytes(32).toString('base64'),
      LOG_LEVEL: 'info',
      // Long enough that the projector keeps its partitions while the decomposition phase freezes it (SIGSTOP).
      KAFKA_SESSION_TIMEOUT_MS: '30000',
      NODE_ENV: 'production',
    };
    for (const name of ['case-api', 'relay', 'projector'] as const) {
      const app = new BenchProcess({
        name,
        script: join(run.root, 'dist', 'apps', name, 'src', 'main.js'),
        port: ports[name],
        env,
        logFile: join(run.runDir, `${name}.log`),
        readyPath: '/health/ready',
        ...(run.settings.profile && { cpuProfileDir: run.profileDir }),
      });
      run.apps.set(name, app);
      await app.start();
    }
    const bare = new BenchProcess({
      name: 'bare-nest',
      script: join(import.meta.dirname, '..', 'bare-app.js'),
      port: ports.bare,
      env: { NODE_ENV: 'production' },
      logFile: join(run.runDir, 'bare-nest.log'),
      readyPath: '/bare',
    });
    run.apps.set('bare-nest', bare);
    await bare.start();
    for (const [name, app] of run.apps) run.sampler.track(name, () => app.pid);
    run.sampler.track('bench (load generator)', () => process.pid);
    run.sampler.track('ferretdb', () => serverPid(run.root, 'ferretdb'));
    run.sampler.track('kafka', () => serverPid(run.root, 'kafka'));
    run.sampler.start();
    const { concurrency } = run.settings;
    const stack = new BenchStack(
      run,
      new HttpClient(run.apps.get('case-api')!.url, { authorization: `Bearer ${investigatorKey}` }, concurrency * 8),
      new HttpClient(bare.url, {}, concurrency * 2),
    );
    run.log(`stack up: case-api ${stack.url('case-api')}, relay, projector, bare-nest ${bare.url}`);
    return stack;
  }

  app(name: AppName): BenchProcess {
    return this.run.apps.get(name)!;
  }

  url(name: AppName): string {
    return this.app(name).url;
  }

  record(caseId: string, version: number): void {
    this.versions.set(caseId, Math.max(this.versions.get(caseId) ?? 0, version));
  }

  counters(): Promise<PipelineCounters> {
    return pipelineCounters({
      caseApi: this.url('case-api'),
      relay: this.url('relay'),
      projector: this.url('projector'),
    });
  }

  /** Mean milliseconds inside case-api (load → decide → append) between two scrapes. */
  static handlerMeanMs(before: PipelineCounters, after: PipelineCounters): number {
    const seconds = after.commandAppendSeconds.sum - before.commandAppendSeconds.sum;
    const count = Math.max(1, after.commandAppendSeconds.count - before.commandAppendSeconds.count);
    return Math.round((seconds / count) * 10_000) / 10;
  }

  /** Commands accepted but not yet in case_status. */
  static backlog(counters: PipelineCounters): number {
    return Math.max(0, counters.commandsAccepted - counters.projectedStatus);
  }

  /** Waits until every case's status is visible at (at least) its known version; returns the time it took. */
  async waitVisible(versions: Map<string, number>, timeoutMs: number): Promise<number> {
    const begun = performance.now();
    const deadline = Date.now() + timeoutMs;
    await inParallel([...versions.entries()], 8, async ([caseId, version]) => {
      for (;;) {
        if (this.run.aborted) throw new Error('aborted');
        const answer = await this.api.request('GET', `/v1/cases/${caseId}/status?minVersion=${version}`);
        if (answer.status === 200) return;
        if (answer.status !== 409 && answer.status !== 404)
          throw new HttpStatusError(answer.status, answer.body, 'GET status');
        if (Date.now() > deadline)
          throw new Error(`case ${caseId} not visible at version ${version} after ${timeoutMs} ms`);
        if (answer.status === 404) await sleep(100);
      }
    });
    return Math.round(performance.now() - begun);
  }

  /** Waits for the read models to catch up with every commanded case, recording how fast the projector went. */
  async catchUp(label: string, timeoutMs: number): Promise<{ visibleAfterMs?: number }> {
    const before = await this.counters();
    const begun = performance.now();
    let visibleAfterMs: number | undefined;
    let error: string | undefined;
    try {
      visibleAfterMs = await this.waitVisible(this.versions, timeoutMs);
    } catch (caught) {
      error = (caught as Error).message;
    }
    const after = await this.counters();
    const seconds = (performance.now() - begun) / 1000;
    const projectedEvents = after.projectedStatus - before.projectedStatus;
    const result = {
      visibleAfterMs,
      backlogAtStart: BenchStack.backlog(before),
      backlogAtEnd: BenchStack.backlog(after),
      projectedEvents,
      projectedPerSecond: Math.round((projectedEvents / seconds) * 10) / 10,
      ...(error && { error }),
    };
    this.run.results.app.pipeline[label] = result;
    this.run.log(
      `${label}: ${error ? `not caught up (${error})` : `caught up in ${visibleAfterMs} ms`}; projector applied ` +
        `${projectedEvents} events (${result.projectedPerSecond}/s), backlog ${result.backlogAtStart} → ${result.backlogAtEnd}`,
    );
    return result;
  }

  /** Events on the case-event topic that the projector's consumer group has not committed. */
  async projectorLag(): Promise<number> {
    const admin = this.kafka.admin();
    await admin.connect();
    try {
      const topic = topicsFor(this.run.topicPrefix).caseEvents;
      const ends = await admin.fetchTopicOffsets(topic);
      const [committed] = await admin.fetchOffsets({
        groupId: consumerGroupFor(this.run.topicPrefix, 'projector'),
        topics: [topic],
      });
      return ends.reduce((sum, { partition, high }) => {
        const at = Number(committed?.partitions.find((p) => p.partition === partition)?.offset ?? '-1');
        return sum + Number(high) - Math.max(at, 0);
      }, 0);
    } finally {
      await admin.disconnect();
    }
  }

  close(): void {
    this.api.close();
    this.bare.close();
  }
}

function serverPid(root: string, name: 'ferretdb' | 'kafka'): number | undefined {
  try {
    return Number(readFileSync(join(root, '.local', 'run', `${name}.pid`), 'utf8').trim()) || undefined;
  } catch {
    return undefined;
  }
}
