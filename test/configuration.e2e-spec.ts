// How the built apps behave as processes: a bad environment stops them at once with a message naming each variable
// and rule, and SIGTERM (docker stop, Kubernetes, npm start's Ctrl-C) ends them cleanly with exit code 0.
import { type ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { validateEnvironment } from '#libs/platform';
import { TestStack } from './support/test-stack.js';
import { freePort } from './support/free-port.js';

const ROOT = join(import.meta.dirname, '..');

interface Exit {
  code: number | null;
  signal: NodeJS.Signals | null;
  ms: number;
}

/** One app as a process from dist/, with exactly the given environment (nothing inherited but PATH and HOME). */
function launch(app: string, env: Record<string, string>) {
  const child: ChildProcess = spawn(process.execPath, [join(ROOT, 'dist', 'apps', app, 'src', 'main.js')], {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout?.on('data', (chunk) => (stdout += chunk));
  child.stderr?.on('data', (chunk) => (stderr += chunk));
  let since = Date.now();
  const exited = new Promise<Exit>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal, ms: Date.now() - since })),
  );
  return {
    child,
    output: () => ({ stdout, stderr }),
    /** Resolves with how the process ended, or with code null after timeoutMs (and kills it then). */
    async exit(timeoutMs: number, { from = since }: { from?: number } = {}): Promise<Exit> {
      since = from;
      let timer: NodeJS.Timeout | undefined;
      const timeout = new Promise<Exit>((resolve) => {
        timer = setTimeout(() => resolve({ code: null, signal: null, ms: Date.now() - since }), timeoutMs);
      });
      const result = await Promise.race([exited, timeout]).finally(() => clearTimeout(timer));
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      return result;
    },
  };
}

async function waitReady(url: string, isAlive: () => boolean, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline && isAlive()) {
    const ok = await fetch(url).then(
      (response) => response.ok,
      () => false,
    );
    if (ok) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`${url} not ready (process ${isAlive() ? 'still running' : 'exited'})`);
}

/** The `  VARIABLE: rule` lines the apps' validation gives for an environment. */
function expectedComplaints(env: Record<string, string>): string[] {
  try {
    validateEnvironment(env);
  } catch (error) {
    return (error as Error).message
      .split('\n')
      .slice(1)
      .map((line) => line.trim());
  }
  throw new Error('the environment was accepted');
}

describe('a bad configuration', () => {
  const bad = {
    MONGO_URL: 'postgres://x',
    KAFKA_PARTITIONS: 'many',
    RELAY_URL: 'ftp://relay',
    LOG_LEVEL: 'warn', // valid: must not be named
  };
  const badVariables = ['MONGO_URL', 'KAFKA_BROKERS', 'KAFKA_PARTITIONS', 'RELAY_URL'];

  it.each(['relay', 'case-api'])(
    '%s exits non-zero within seconds, naming each bad variable and its rule on stderr, without a stack trace',
    async (app) => {
      const complaints = expectedComplaints(bad);
      // The rules come from the apps' own validation; it must name exactly the bad variables (KAFKA_BROKERS: missing).
      expect([...new Set(complaints.map((line) => line.split(':')[0]))].sort()).toEqual([...badVariables].sort());

      const running = launch(app, bad);
      const exit = await running.exit(10_000);
      const { stdout, stderr } = running.output();
      expect(exit.code).not.toBeNull(); // it exited by itself, not by the test's timeout
      expect(exit.code).not.toBe(0);
      expect(exit.ms).toBeLessThan(10_000);
      for (const complaint of complaints) expect(stderr).toContain(complaint);
      expect(stderr).not.toContain('LOG_LEVEL');
      expect(stderr).not.toMatch(/^\s+at /m);
      expect(stdout).not.toContain('listening');
    },
    20_000,
  );
});

describe('no secrets key', () => {
  let stack: TestStack;

  beforeAll(async () => {
    stack = await TestStack.start('configuration-no-key', []);
  }, 60_000);

  afterAll(async () => {
    await stack?.stop();
  });

  // The apps that read or write personal fields cannot run without the key that wraps the cases' data keys.
  it.each(['case-api', 'projector', 'notifier'])(
    '%s exits non-zero within seconds, naming BREACHLINE_SECRETS_KEY, without a stack trace',
    async (app) => {
      const { BREACHLINE_SECRETS_KEY: _, ...env } = stack.env;
      const running = launch(app, { ...env, PORT: String(await freePort()) });
      const exit = await running.exit(15_000);
      const { stdout, stderr } = running.output();
      expect(exit.code).not.toBeNull();
      expect(exit.code).not.toBe(0);
      expect(stderr).toContain("BREACHLINE_SECRETS_KEY: required by this app, it wraps the cases' data keys");
      expect(stderr).not.toMatch(/^\s+at /m);
      expect(stdout).not.toContain('listening');
    },
    30_000,
  );
});

describe('SIGTERM', () => {
  let stack: TestStack;

  beforeAll(async () => {
    // Only for its environment (a database and topics of this suite's own on the real servers); no app started.
    stack = await TestStack.start('configuration', []);
  }, 60_000);

  afterAll(async () => {
    await stack?.stop();
  });

  it.each(['relay', 'projector', 'case-api'])(
    '%s shuts down gracefully and exits with code 0 within 10 s',
    async (app) => {
      const port = await freePort();
      const running = launch(app, { ...stack.env, PORT: String(port) });
      const alive = () => running.child.exitCode === null && running.child.signalCode === null;
      try {
        await waitReady(`http://127.0.0.1:${port}/health/ready`, alive);
      } catch (error) {
        throw new Error(`${(error as Error).message}\n${running.output().stdout}\n${running.output().stderr}`);
      }
      const signalledAt = Date.now();
      running.child.kill('SIGTERM');
      const exit = await running.exit(10_000, { from: signalledAt });
      expect({ code: exit.code, signal: exit.signal }).toEqual({ code: 0, signal: null });
      expect(exit.ms).toBeLessThan(10_000);
      // The port is free again: nothing of the app is left behind.
      await expect(
        fetch(`http://127.0.0.1:${port}/health/live`).then(
          () => 'answered',
          () => 'closed',
        ),
      ).resolves.toBe('closed');
    },
    60_000,
  );
});
