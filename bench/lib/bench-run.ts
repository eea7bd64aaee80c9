import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { Kafka, logLevel } from 'kafkajs';
import { type Db, MongoClient } from 'mongodb';
import { memoryBreakdown } from './metrics.js';
import { type InProcessProfile, startProfiling } from './profile.js';
import type { BenchResults, MachineDetails } from './results.js';
import { ProcessSampler } from './sampler.js';
import { type BenchSettings, benchSettings } from './settings.js';
import { type BenchProcess, findRoot } from './stack.js';

function required(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set: run the bench with npm run bench`);
  return value;
}

/**
 * One run of the bench: its settings and names, the servers' clients, the processes it started, the phase runner
 * (time budget, skips, failures) and the clean-up that leaves the shared servers as they were.
 */
export class BenchRun {
  readonly settings: BenchSettings = benchSettings();
  readonly root = findRoot();
  readonly started = Date.now();
  readonly runId = new Date(this.started).toISOString().replace(/[-:T]/g, '').slice(0, 14);
  readonly dbName = `bench_${this.runId}`;
  /** The rebuild's database (no app writes there) and the appends' and cost model's. */
  readonly rebuildDbName = `${this.dbName}_rb`;
  readonly scratchDbName = `${this.dbName}_ap`;
  readonly topicPrefix = `bench-${this.runId}.`;
  readonly runDir = join(this.root, '.local', 'bench', this.runId);
  readonly profileDir = join(this.runDir, 'profiles');
  readonly mongoUrl = required('MONGO_URL');
  readonly kafkaBrokers = required('KAFKA_BROKERS').split(',');
  readonly mongo = new MongoClient(this.mongoUrl, { retryWrites: false });
  readonly db: Db = this.mongo.db(this.dbName);
  readonly apps = new Map<string, BenchProcess>();
  readonly sampler = new ProcessSampler();
  readonly profiles: InProcessProfile[] = [];
  readonly results: BenchResults;
  aborted = false;
  private cleanedUp = false;
  private watchdog?: NodeJS.Timeout;

  constructor() {
    mkdirSync(this.runDir, { recursive: true });
    if (this.settings.profile) mkdirSync(this.profileDir, { recursive: true });
    const { phases: _phases, ...settings } = this.settings;
    this.results = {
      runId: this.runId,
      startedAt: new Date(this.started).toISOString(),
      finishedAt: '',
      durationS: 0,
      // Filled in by main once the server answers (machineDetails).
      machine: undefined as unknown as MachineDetails,
      settings: { ...settings, database: this.dbName, topicPrefix: this.topicPrefix, appLogLevel: 'info' },
      raw: {},
      app: { pipeline: {} },
      skipped: [],
      usage: { windows: [], overallMaxRssMb: {}, memoryByPhase: {} },
      profiles: [],
    };
  }

  log(message: string): void {
    process.stdout.write(`[bench ${((Date.now() - this.started) / 1000).toFixed(1).padStart(5)} s] ${message}\n`);
  }

  remainingMs(): number {
    return this.started + this.settings.budgetMs - Date.now();
  }

  /** Ends the run (cleaning up) if it overruns its budget by a minute; SIGINT and SIGTERM clean up too. */
  armWatchdog(): void {
    const graceMs = this.settings.budgetMs + 60_000;
    this.watchdog = setTimeout(() => {
      this.log(`watchdog: the run passed ${graceMs / 1000} s; stopping`);
      void this.cleanUp().finally(() => process.exit(2));
    }, graceMs);
    this.watchdog.unref();
    for (const signal of ['SIGINT', 'SIGTERM'] as const) {
      process.once(signal, () => void this.cleanUp().finally(() => process.exit(130)));
    }
  }

  /**
   * Runs one phase unless BENCH_PHASES leaves it out or the time left is under `needsMs` (it is then skipped and
   * reported); a failing phase is reported and the run goes on, so that one slow or broken part never costs the
   * whole report.
   */
  async phase<T>(id: string, name: string, needsMs: number, body: () => Promise<T>): Promise<T | undefined> {
    if (this.aborted) return undefined;
    const { phases } = this.settings;
    if (phases.length > 0 && !phases.includes(id)) return undefined;
    if (this.remainingMs() < needsMs) {
      const reason = `skipped: needs about ${Math.round(needsMs / 1000)} s, ${Math.round(this.remainingMs() / 1000)} s left`;
      this.results.skipped.push({ phase: name, reason });
      this.log(`${name}: ${reason}`);
      return undefined;
    }
    const begun = Date.now();
    try {
      return await body();
    } catch (error) {
      const reason = `failed: ${(error as Error).message}`;
      this.results.skipped.push({ phase: name, reason });
      this.log(`${name}: ${reason}`);
      return undefined;
    } finally {
      this.sampler.end();
      this.log(`${name}: ${((Date.now() - begun) / 1000).toFixed(1)} s`);
      // Where each app's memory is after the phase (heap vs the rest), for the RSS figure.
      for (const app of ['case-api', 'relay', 'projector']) {
        const url = this.apps.get(app)?.url;
        const memory = url && !this.aborted ? await memoryBreakdown(url) : undefined;
        if (memory) (this.results.usage.memoryByPhase![app] ??= {})[name] = memory;
      }
    }
  }

  /** Runs `body` under the inspector's CPU profiler when BENCH_CPU_PROF=1 (library code run in the bench process). */
  async profiled<T>(label: string, body: () => Promise<T>): Promise<T> {
    const profile = this.settings.profile ? await startProfiling(label) : undefined;
    const result = await body();
    if (profile) this.profiles.push(await profile.stop(this.profileDir));
    return result;
  }

  /**
   * Stops the apps, then ends the bench's own connections (so that nothing still queries a database while it is
   * dropped: see infra/local/README.md), then drops databases and topics.
   */
  async cleanUp(): Promise<void> {
    if (this.cleanedUp) return;
    this.cleanedUp = true;
    this.aborted = true;
    clearTimeout(this.watchdog);
    this.sampler.stop();
    await Promise.all([...this.apps.values()].map((app) => app.stop().catch(() => undefined)));
    await this.mongo.close(true).catch(() => undefined);
    await new Promise((resolve) => setTimeout(resolve, 500));
    const admin = new MongoClient(this.mongoUrl, { retryWrites: false, serverSelectionTimeoutMS: 5_000 });
    try {
      await admin.connect();
      for (const name of [this.dbName, this.rebuildDbName, this.scratchDbName])
        await admin
          .db(name)
          .dropDatabase()
          .catch(() => undefined);
    } catch (error) {
      this.log(`dropping the bench databases failed: ${(error as Error).message}`);
    } finally {
      await admin.close().catch(() => undefined);
    }
    const kafka = new Kafka({ clientId: 'bench-cleanup', brokers: this.kafkaBrokers, logLevel: logLevel.NOTHING });
    const kafkaAdmin = kafka.admin();
    try {
      await kafkaAdmin.connect();
      const topics = (await kafkaAdmin.listTopics()).filter((topic) => topic.startsWith(this.topicPrefix));
      if (topics.length > 0) await kafkaAdmin.deleteTopics({ topics });
      const groups = (await kafkaAdmin.listGroups()).groups
        .map((g) => g.groupId)
        .filter((g) => g.startsWith(this.topicPrefix));
      if (groups.length > 0) await kafkaAdmin.deleteGroups(groups).catch(() => undefined);
    } catch (error) {
      this.log(`kafka clean-up failed: ${(error as Error).message}`);
    } finally {
      await kafkaAdmin.disconnect().catch(() => undefined);
    }
  }
}
