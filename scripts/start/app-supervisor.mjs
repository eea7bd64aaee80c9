// The apps `npm start` runs: every service in apps/ as a child process with its log lines prefixed, watched for an
// unexpected exit, and stopped together (SIGTERM, then SIGKILL after a timeout).
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { withAppNodeOptions } from '../node-options.mjs';
import { pipeLines, writeLines } from './log-lines.mjs';

/** `CASE_API_PORT` for `case-api`: the variable that gives an app another port. */
export const portVariable = (name) => `${name.toUpperCase().replace(/[^A-Z0-9]/g, '_')}_PORT`;

export class AppSupervisor {
  /** name → { child, exited: Promise<void>, sawAddressInUse } */
  #apps = new Map();

  /**
   * @param repo the repository root (apps/ and dist/ below it)
   * @param say prints a line of the start script's own
   * @param onExit called when an app exits or cannot start, unless `isStopping()`: (reason) => void
   */
  constructor({ repo, say, isStopping, onExit }) {
    this.repo = repo;
    this.say = say;
    this.isStopping = isStopping;
    this.onExit = onExit;
  }

  /**
   * The long-running services: every directory in apps/ whose main.ts starts an HTTP app (bootstrapHttpApp, so it
   * has /health) and whose build output exists. A new service is picked up without editing this file; a command-line
   * tool such as apps/cli is not a service.
   */
  discover() {
    const dirs = fs.readdirSync(path.join(this.repo, 'apps'), { withFileTypes: true }).filter((d) => d.isDirectory());
    const names = dirs.map((d) => d.name).filter((name) => this.#isService(name) && fs.existsSync(this.#mainOf(name)));
    // case-api first only for a tidy log; the apps do not depend on start order.
    return names.sort((a, b) => (a === 'case-api' ? -1 : b === 'case-api' ? 1 : a.localeCompare(b)));
  }

  names() {
    return [...this.#apps.keys()];
  }

  start(name, label, sharedEnv) {
    const port = sharedEnv[portVariable(name)];
    // The apps' heap bounds (scripts/node-options.mjs), as in the Dockerfile.
    const env = withAppNodeOptions(port ? { ...sharedEnv, PORT: port } : sharedEnv);
    const child = spawn(process.execPath, [this.#mainOf(name)], {
      cwd: this.repo,
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const app = { child, sawAddressInUse: false };
    const prefix = `[${label}] `;
    const onLine = (out) => (line) => {
      if (line.includes('EADDRINUSE')) app.sawAddressInUse = true;
      writeLines(out, prefix, line);
    };
    pipeLines(child.stdout, onLine(process.stdout));
    pipeLines(child.stderr, onLine(process.stderr));
    app.exited = new Promise((resolve) =>
      // 'close', not 'exit': the app's last log lines (its fatal error, say) are printed before we comment on them.
      child.once('close', (code, signal) => {
        resolve();
        // Ctrl-C in a terminal signals the apps and this script at once: let our own SIGINT handler run first, so
        // that an app ending on that signal is not taken for a crash.
        setTimeout(() => {
          if (this.isStopping()) return;
          this.say(`${name} exited unexpectedly (${signal ?? `exit code ${code}`})`);
          if (app.sawAddressInUse) {
            this.say(
              `its port is taken: is another \`npm start\` running? (${portVariable(name)}=<port> picks another)`,
            );
          }
          this.onExit('an app died');
        }, 300);
      }),
    );
    child.once('error', (error) => {
      this.say(`cannot start ${name}: ${error.message}`);
      this.onExit('an app did not start');
    });
    this.#apps.set(name, app);
  }

  /** SIGTERM to every app still running, SIGKILL to those still running after `timeoutMs`; resolves when all exited. */
  async stopAll(timeoutMs) {
    const live = [...this.#apps.entries()].filter(
      ([, app]) => app.child.exitCode === null && app.child.signalCode === null,
    );
    for (const [, app] of live) app.child.kill('SIGTERM');
    const allExited = Promise.all(live.map(([, app]) => app.exited));
    const timeout = new Promise((resolve) => setTimeout(() => resolve(false), timeoutMs).unref());
    if ((await Promise.race([allExited.then(() => true), timeout])) === false) {
      for (const [name, app] of live) {
        if (app.child.exitCode === null && app.child.signalCode === null) {
          this.say(`${name} did not stop within ${timeoutMs / 1000} s: SIGKILL`);
          app.child.kill('SIGKILL');
        }
      }
      await allExited;
    }
    if (live.length > 0) this.say('apps stopped');
  }

  #isService(name) {
    try {
      return fs
        .readFileSync(path.join(this.repo, 'apps', name, 'src', 'main.ts'), 'utf8')
        .includes('bootstrapHttpApp(');
    } catch {
      return false;
    }
  }

  #mainOf(name) {
    return path.join(this.repo, 'dist', 'apps', name, 'src', 'main.js');
  }
}
