import { type ChildProcess, spawn } from 'node:child_process';
import { closeSync, existsSync, mkdirSync, openSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { sleep } from './load.js';

/** The repository root: BENCH_ROOT from bench/run.mjs, else the nearest package.json named breachline. */
export function findRoot(): string {
  if (process.env.BENCH_ROOT) return process.env.BENCH_ROOT;
  for (let dir = import.meta.dirname; dir !== dirname(dir); dir = dirname(dir)) {
    const manifest = join(dir, 'package.json');
    if (existsSync(manifest) && JSON.parse(readFileSync(manifest, 'utf8')).name === 'breachline') return dir;
  }
  throw new Error('cannot find the breachline repository root; set BENCH_ROOT');
}

export interface BenchProcessOptions {
  name: string;
  script: string;
  port: number;
  env: Record<string, string>;
  logFile: string;
  /** Path answering 200 once the process serves. */
  readyPath: string;
  /** Directory for `node --cpu-prof` output, when profiling. */
  cpuProfileDir?: string;
}

/**
 * One process of the bench (an app from dist/, or the bare reference app), like test/support's AppProcess
 * but writing its log straight to a file (the bench process does not pipe it) and exposing its pid for
 * /proc sampling.
 */
export class BenchProcess {
  private child?: ChildProcess;
  private exited?: Promise<void>;

  constructor(readonly options: BenchProcessOptions) {}

  get name(): string {
    return this.options.name;
  }

  get url(): string {
    return `http://127.0.0.1:${this.options.port}`;
  }

  get pid(): number | undefined {
    return this.child && this.child.exitCode === null ? this.child.pid : undefined;
  }

  async start(): Promise<void> {
    const { script, port, env, logFile, cpuProfileDir, name } = this.options;
    // The heap bounds every app runs with (the bare app too, for a like-for-like RSS), imported from the repository:
    // the bench runs from its transpiled copy in .local/bench-dist, where no scripts/ lies next to it.
    const { withAppNodeOptions } = (await import(
      pathToFileURL(join(findRoot(), 'scripts', 'node-options.mjs')).href
    )) as typeof import('../../scripts/node-options.mjs');
    mkdirSync(dirname(logFile), { recursive: true });
    const log = openSync(logFile, 'a');
    const flags = cpuProfileDir
      ? ['--cpu-prof', `--cpu-prof-dir=${cpuProfileDir}`, `--cpu-prof-name=${name}-${Date.now()}.cpuprofile`]
      : [];
    const child = spawn(process.execPath, [...flags, script], {
      cwd: findRoot(),
      env: withAppNodeOptions({ ...process.env, ...env, PORT: String(port) }),
      stdio: ['ignore', log, log],
    });
    closeSync(log);
    this.child = child;
    this.exited = new Promise((resolve) => child.once('exit', () => resolve()));
    await this.waitReady();
  }

  async waitReady(timeoutMs = 60_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      if (this.child?.exitCode !== null) throw new Error(`${this.name} exited; see ${this.options.logFile}`);
      const ready = await fetch(`${this.url}${this.options.readyPath}`).then(
        (response) => response.ok,
        () => false,
      );
      if (ready) return;
      await sleep(100);
    }
    throw new Error(`${this.name} not ready after ${timeoutMs} ms; see ${this.options.logFile}`);
  }

  /** SIGSTOP / SIGCONT: freezes the process (and its database and Kafka clients) without it noticing. */
  signal(signal: 'SIGSTOP' | 'SIGCONT'): void {
    if (this.pid) process.kill(this.pid, signal);
  }

  /** SIGTERM (graceful: --cpu-prof writes its profile on a normal exit), SIGKILL after 15 s. */
  async stop(): Promise<void> {
    const child = this.child;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    child.kill('SIGCONT');
    child.kill('SIGTERM');
    const killed = await Promise.race([this.exited?.then(() => false), sleep(15_000).then(() => true)]);
    if (killed) {
      child.kill('SIGKILL');
      await this.exited;
    }
  }
}
