// `npm start` (scripts/start.mjs) against the real servers, on ports and a database of its own: it starts every
// service, prints working demo keys, prefixes and renders the apps' logs, stops cleanly on Ctrl-C, and stops
// everything with exit code 1 when an app dies.
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { createConnection, createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { MongoClient } from 'mongodb';
import { APP_NODE_OPTIONS } from '../scripts/node-options.mjs';
import { api } from './support/http-client.js';
import { freePort } from './support/free-port.js';

const ROOT = join(import.meta.dirname, '..');
const run = process.env.BREACHLINE_TEST_RUN ?? 'local';

/** The services npm start runs: apps whose main.ts starts an HTTP app. */
const services = readdirSync(join(ROOT, 'apps')).filter((name) => {
  const main = join(ROOT, 'apps', name, 'src', 'main.ts');
  return existsSync(main) && readFileSync(main, 'utf8').includes('bootstrapHttpApp(');
});
const portVariable = (app: string) => `${app.toUpperCase().replace(/[^A-Z0-9]/g, '_')}_PORT`;
const label = (app: string) => `[${app.padEnd(Math.max(...services.map((s) => s.length)))}] `;

/** NODE_OPTIONS of each app process that `parentPid` started, read from /proc (Linux). */
function appNodeOptions(parentPid: number): Record<string, string | undefined> {
  const found: Record<string, string | undefined> = {};
  for (const pid of readdirSync('/proc').filter((entry) => /^\d+$/.test(entry))) {
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8'); // pid (comm) state ppid …
      if (Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]) !== parentPid) continue;
      const args = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0');
      const app = services.find((name) =>
        args.some((arg) => arg.endsWith(join('dist', 'apps', name, 'src', 'main.js'))),
      );
      if (!app) continue;
      const variables = readFileSync(`/proc/${pid}/environ`, 'utf8').split('\0');
      found[app] = variables.find((v) => v.startsWith('NODE_OPTIONS='))?.slice('NODE_OPTIONS='.length);
    } catch {
      // the process ended meanwhile
    }
  }
  return found;
}

const portOpen = (port: number) =>
  new Promise<boolean>((resolve) => {
    const socket = createConnection({ host: '127.0.0.1', port });
    socket.once('connect', () => (socket.destroy(), resolve(true)));
    socket.once('error', () => resolve(false));
  });

class StartScript {
  readonly child: ChildProcess;
  output = '';
  private readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;

  constructor(env: Record<string, string>) {
    const inherited = { ...process.env };
    delete inherited.PORT;
    delete inherited.BREACHLINE_API_KEYS_FILE;
    delete inherited.LOG_FORMAT;
    delete inherited.BREACHLINE_SECRETS_KEY;
    this.child = spawn(process.execPath, ['scripts/start.mjs', '--no-build'], {
      cwd: ROOT,
      env: { ...inherited, NO_COLOR: '1', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.child.stdout?.on('data', (chunk) => (this.output += chunk));
    this.child.stderr?.on('data', (chunk) => (this.output += chunk));
    this.exited = new Promise((resolve) => this.child.once('exit', (code, signal) => resolve({ code, signal })));
  }

  async waitFor(text: string | RegExp, timeoutMs = 60_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    const found = () => (typeof text === 'string' ? this.output.includes(text) : text.test(this.output));
    while (!found()) {
      if (Date.now() > deadline || this.child.exitCode !== null) {
        throw new Error(`npm start did not print ${text}; its output:\n${this.output}`);
      }
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }

  /** How it ended, or code null if it still ran after timeoutMs (then it is SIGKILLed). */
  async exit(timeoutMs: number) {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<{ code: null; signal: null }>((resolve) => {
      timer = setTimeout(() => resolve({ code: null, signal: null }), timeoutMs);
    });
    const result = await Promise.race([this.exited, timeout]).finally(() => clearTimeout(timer));
    if (this.child.exitCode === null && this.child.signalCode === null) this.child.kill('SIGKILL');
    return result;
  }
}

describe('npm start', () => {
  const localDir = mkdtempSync(join(tmpdir(), 'breachline-start-'));
  const keysFile = join(localDir, 'demo-keys.json');
  let env: Record<string, string>;
  let ports: Record<string, number>;
  let firstKeys: string;
  let secretsKey: string;

  beforeAll(async () => {
    ports = Object.fromEntries(await Promise.all(services.map(async (app) => [app, await freePort()] as const)));
    env = {
      MONGO_URL: process.env.MONGO_URL!,
      KAFKA_BROKERS: process.env.KAFKA_BROKERS!,
      MONGO_DB: `t_start_${run}`.replace(/[^A-Za-z0-9_]/g, '_'),
      KAFKA_TOPIC_PREFIX: `t-start-${run}.`.toLowerCase().replace(/[^a-z0-9.-]/g, '-'),
      BREACHLINE_LOCAL_DIR: localDir,
      ...Object.fromEntries(services.map((app) => [portVariable(app), String(ports[app])])),
    };
  });

  afterAll(async () => {
    const mongo = new MongoClient(env.MONGO_URL);
    await mongo
      .db(env.MONGO_DB)
      .dropDatabase()
      .catch(() => {});
    await mongo.close();
  });

  it('starts every service, prints working demo keys, renders the logs, and stops cleanly on SIGINT', async () => {
    const start = new StartScript(env);
    const apiUrl = `http://127.0.0.1:${ports['case-api']}`;
    await start.waitFor('Ctrl-C stops the apps');

    expect(start.output).toContain(`API     ${apiUrl}`);
    expect(start.output).toContain(`${apiUrl}/health/ready`);
    expect((await api(apiUrl, 'GET', '/health/ready')).status).toBe(200);

    // Demo keys: a git-ignored, owner-only file in the BREACHLINE_API_KEYS_FILE format, printed with a warning.
    const keys = JSON.parse(readFileSync(keysFile, 'utf8')) as {
      key: string;
      role: string;
      name: string;
      regulatorId?: string;
    }[];
    firstKeys = readFileSync(keysFile, 'utf8');
    expect(statSync(keysFile).mode & 0o077).toBe(0);
    expect(keys.map(({ name, role, regulatorId }) => ({ name, role, regulatorId }))).toEqual([
      { name: 'demo-investigator', role: 'investigator', regulatorId: undefined },
      { name: 'demo-pr', role: 'pr', regulatorId: undefined },
      { name: 'demo-pr-2', role: 'pr', regulatorId: undefined },
      { name: 'demo-admin', role: 'admin', regulatorId: undefined },
      { name: 'demo-regulator-id-pdp', role: 'regulator', regulatorId: 'id-pdp' },
    ]);
    expect(new Set(keys.map((k) => k.key)).size).toBe(keys.length);
    for (const { key } of keys) {
      expect(key).toMatch(/^bl_[A-Za-z0-9_-]{43}$/);
      expect(start.output).toContain(key);
    }
    // A demo BREACHLINE_SECRETS_KEY (seals webhook secrets) is made once, owner-only, in the format the apps accept.
    secretsKey = readFileSync(join(localDir, 'demo-secrets-key'), 'utf8');
    expect(secretsKey).toMatch(/^[A-Za-z0-9+/]{43}=\n$/);
    expect(statSync(join(localDir, 'demo-secrets-key')).mode & 0o077).toBe(0);
    expect(start.output).toMatch(/demo/i);
    expect(start.output).toMatch(/this machine only/);

    // The printed keys are the ones the API knows, with their roles.
    const byName = Object.fromEntries(keys.map((k) => [k.name, k.key]));
    const report = {
      title: 'Start script check',
      report: { receivedAt: '2024-01-02T03:04:05Z', channel: 'social-media', summary: 'npm start e2e' },
    };
    const created = await api(apiUrl, 'POST', '/v1/cases', { key: byName['demo-investigator'], body: report });
    expect(created.status).toBe(201);
    const refused = await api(apiUrl, 'POST', '/v1/cases', { key: byName['demo-regulator-id-pdp'], body: report });
    expect(refused.status).toBe(403);

    // Every service's lines are prefixed; pino JSON is rendered as `HH:MM:SS LEVEL msg {fields}`.
    for (const app of services) {
      expect(start.output).toContain(label(app));
      expect(start.output).toMatch(
        new RegExp(`^\\[${app} *\\] \\d\\d:\\d\\d:\\d\\d INFO  ${app} listening \\{"url":`, 'm'),
      );
    }
    expect(start.output).not.toMatch(/^\[case-api *\] \{"level":/m);

    // Every service runs with the apps' heap bounds (scripts/node-options.mjs).
    if (process.platform === 'linux') {
      const options = appNodeOptions(start.child.pid!);
      for (const app of services) {
        expect({ app, NODE_OPTIONS: options[app] }).toEqual({
          app,
          NODE_OPTIONS: expect.stringContaining(APP_NODE_OPTIONS),
        });
      }
    }

    const signalled = Date.now();
    start.child.kill('SIGINT');
    expect(await start.exit(20_000)).toEqual({ code: 0, signal: null });
    expect(Date.now() - signalled).toBeLessThan(15_000);
    expect(start.output).toMatch(/\[start\] stopped\s*$/);
    for (const app of services) expect({ app, open: await portOpen(ports[app]) }).toEqual({ app, open: false });
    // MONGO_URL and KAFKA_BROKERS were given: the servers are left alone.
    const mongo = new MongoClient(env.MONGO_URL, { serverSelectionTimeoutMS: 3000 });
    await expect(mongo.db('admin').command({ ping: 1 })).resolves.toMatchObject({ ok: 1 });
    await mongo.close();
  }, 120_000);

  it('stops everything with exit code 1 when an app dies, and keeps JSON logs raw with LOG_FORMAT=json', async () => {
    // The relay cannot listen: its port is taken.
    const blocker: Server = createServer();
    await new Promise<void>((resolve) => blocker.listen(ports.relay, '127.0.0.1', resolve));
    try {
      const start = new StartScript({ ...env, LOG_FORMAT: 'json' });
      expect(await start.exit(60_000)).toEqual({ code: 1, signal: null });
      expect(start.output).toContain('relay exited unexpectedly (exit code 1)');
      expect(start.output).toContain('RELAY_PORT=');
      expect(start.output).toMatch(/^\[relay *\] \{"level":/m);
      expect(start.output).toMatch(/\[start\] stopped after an error\s*$/);
      for (const app of services.filter((s) => s !== 'relay')) {
        expect({ app, open: await portOpen(ports[app]) }).toEqual({ app, open: false });
      }
      // The demo keys are created once and reused.
      expect(readFileSync(keysFile, 'utf8')).toBe(firstKeys);
      expect(readFileSync(join(localDir, 'demo-secrets-key'), 'utf8')).toBe(secretsKey);
    } finally {
      await new Promise((resolve) => blocker.close(resolve));
    }
  }, 90_000);
});
