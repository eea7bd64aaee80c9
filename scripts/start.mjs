// npm start: local Kafka + FerretDB (reused if running), build, demo API keys, then every service in apps/ as a child
// process with its log lines prefixed. Ctrl-C stops the apps, and the servers too if this script started them.
//
//   npm start                                servers from infra/local/infra.mjs, or MONGO_URL + KAFKA_BROKERS
//   npm start -- --no-build                  use the build already in dist/
//   LOG_FORMAT=json npm start                the apps' pino JSON lines unchanged
//   BREACHLINE_API_KEYS_FILE=… npm start     your keys instead of the demo keys in .local/demo-keys.json
//   BREACHLINE_SECRETS_KEY=… npm start       your key instead of the demo one in .local/demo-secrets-key
//   CASE_API_PORT=4100 RELAY_PORT=4101 …     another port for an app (<APP>_PORT; default: the app's own)
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { down, InfraError, status, up } from '../infra/local/infra.mjs';
import { ensureDemoKeys, ensureDemoSecretsKey, hashApiKey } from './demo-keys.mjs';
import { withAppNodeOptions } from './node-options.mjs';

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const LOCAL = path.resolve(process.env.BREACHLINE_LOCAL_DIR || path.join(REPO, '.local')); // as infra.mjs
const DEMO_KEYS_FILE = path.join(LOCAL, 'demo-keys.json');
const DEMO_SECRETS_KEY_FILE = path.join(LOCAL, 'demo-secrets-key');
const DEFAULT_API_PORT = 3100; // case-api's default port (apps/case-api/src/main.ts)
const BUILD = !process.argv.includes('--no-build');
const STOP_TIMEOUT_MS = 10_000;
const READY_TIMEOUT_MS = 60_000;
/** infra.mjs server name → the variable that points at an external server instead. */
const SERVER_VARS = { kafka: 'KAFKA_BROKERS', ferretdb: 'MONGO_URL' };

const startedAt = Date.now();
const rawLogs = process.env.LOG_FORMAT === 'json';
const colour = process.stdout.isTTY && !process.env.NO_COLOR;
const apps = new Map(); // name → { child, exited: Promise<void>, sawAddressInUse }
let stopping = false;
let exitCode = 0;
let requestStop;
const stopRequested = new Promise((resolve) => (requestStop = resolve));

const say = (msg) => console.log(`[start] ${msg}`);
const seconds = (since) => `${((Date.now() - since) / 1000).toFixed(1)} s`;
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

function stop(reason, code = 0) {
  if (stopping) {
    if (reason.startsWith('SIG')) say(`already stopping (apps get up to ${STOP_TIMEOUT_MS / 1000} s)…`);
    return;
  }
  stopping = true;
  exitCode = code;
  say(`${reason}: stopping…`);
  requestStop();
}
process.on('SIGINT', () => stop('SIGINT'));
process.on('SIGTERM', () => stop('SIGTERM'));

// --- start-up ------------------------------------------------------------------------------------------------------

const localServers = Object.keys(SERVER_VARS).filter((name) => !process.env[SERVER_VARS[name]]);
let startedServers = []; // the local servers that were not running before this script: stopped again at the end

async function main() {
  if (process.env.PORT) say(`ignoring PORT=${process.env.PORT}: use <APP>_PORT, e.g. CASE_API_PORT`);
  const before = localServers.length > 0 ? await status({ quiet: true }) : {};
  const notRunning = localServers.filter((name) => !before[name].running);

  // Servers and build in parallel: a cold server start (jar resolution, server build) takes longer than the compile.
  const [servers, build] = await Promise.allSettled([up(), BUILD ? buildApps() : undefined]);
  startedServers = notRunning;
  if (stopping) return;
  if (servers.status === 'rejected') return fail(servers.reason);
  if (build.status === 'rejected') return fail(build.reason);

  const env = { ...process.env, MONGO_URL: servers.value.mongoUrl, KAFKA_BROKERS: servers.value.kafkaBrokers };
  delete env.PORT;
  delete env.LOG_FORMAT;
  if (!env.RELAY_URL && env.RELAY_PORT) env.RELAY_URL = `http://127.0.0.1:${env.RELAY_PORT}`;
  let demoKeys = null;
  if (!process.env.BREACHLINE_API_KEYS_FILE) {
    const { entries, created } = ensureDemoKeys(DEMO_KEYS_FILE);
    if (created.length > 0) say(`created demo API keys for ${created.join(', ')} in ${relative(DEMO_KEYS_FILE)}`);
    env.BREACHLINE_API_KEYS_FILE = DEMO_KEYS_FILE;
    demoKeys = entries;
  }

  if (!process.env.BREACHLINE_SECRETS_KEY) {
    const { key, created } = ensureDemoSecretsKey(DEMO_SECRETS_KEY_FILE);
    if (created)
      say(`created a demo BREACHLINE_SECRETS_KEY (seals webhook secrets) in ${relative(DEMO_SECRETS_KEY_FILE)}`);
    env.BREACHLINE_SECRETS_KEY = key;
  }

  const names = discoverApps();
  if (names.length === 0) return fail(new Error('no built app found under dist/apps/*/src/main.js'));
  const width = Math.max(...names.map((name) => name.length));
  for (const name of names) startApp(name, name.padEnd(width), env);

  const host = !env.HOST || ['0.0.0.0', '::'].includes(env.HOST) ? '127.0.0.1' : env.HOST;
  const apiPort = env.CASE_API_PORT || DEFAULT_API_PORT;
  const apiUrl = `http://${host.includes(':') ? `[${host}]` : host}:${apiPort}`;
  if (await waitReady(`${apiUrl}/health/ready`)) {
    printBanner(apiUrl, demoKeys, env);
    if (demoKeys) await checkDemoKeysMatch(demoKeys, env);
  }
}

async function buildApps() {
  const started = Date.now();
  say('building: tsc -p tsconfig.build.json…');
  const tsc = path.join(REPO, 'node_modules', 'typescript', 'bin', 'tsc');
  if (!fs.existsSync(tsc)) throw new Error('TypeScript is not installed: run `npm ci` first');
  await new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [tsc, '-p', 'tsconfig.build.json'], {
      cwd: REPO,
      stdio: 'inherit',
    });
    child.once('error', reject);
    child.once('exit', (code, signal) =>
      code === 0 ? resolve() : reject(new Error(`the build failed (tsc ${signal ?? `exit ${code}`})`)),
    );
  });
  say(`built in ${seconds(started)}`);
}

/**
 * The long-running services: every directory in apps/ whose main.ts starts an HTTP app (bootstrapHttpApp, so it has
 * /health) and whose build output exists. A new service is picked up without editing this file; a command-line
 * tool such as apps/cli is not a service.
 */
function discoverApps() {
  const dirs = fs.readdirSync(path.join(REPO, 'apps'), { withFileTypes: true }).filter((d) => d.isDirectory());
  const names = dirs.map((d) => d.name).filter((name) => isService(name) && fs.existsSync(mainOf(name)));
  // case-api first only for a tidy log; the apps do not depend on start order.
  return names.sort((a, b) => (a === 'case-api' ? -1 : b === 'case-api' ? 1 : a.localeCompare(b)));
}

function isService(name) {
  try {
    return fs.readFileSync(path.join(REPO, 'apps', name, 'src', 'main.ts'), 'utf8').includes('bootstrapHttpApp(');
  } catch {
    return false;
  }
}

const mainOf = (name) => path.join(REPO, 'dist', 'apps', name, 'src', 'main.js');

const portVariable = (name) => `${name.toUpperCase().replace(/[^A-Z0-9]/g, '_')}_PORT`;

function startApp(name, label, sharedEnv) {
  const port = sharedEnv[portVariable(name)];
  // The apps' heap bounds (scripts/node-options.mjs), as in the Dockerfile.
  const env = withAppNodeOptions(port ? { ...sharedEnv, PORT: port } : sharedEnv);
  const child = spawn(process.execPath, [mainOf(name)], { cwd: REPO, env, stdio: ['ignore', 'pipe', 'pipe'] });
  const app = { child, sawAddressInUse: false };
  const prefix = `[${label}] `;
  pipeLines(child.stdout, (line) => writeLines(process.stdout, prefix, line, app));
  pipeLines(child.stderr, (line) => writeLines(process.stderr, prefix, line, app));
  app.exited = new Promise((resolve) =>
    // 'close', not 'exit': the app's last log lines (its fatal error, say) are printed before we comment on them.
    child.once('close', (code, signal) => {
      resolve();
      // Ctrl-C in a terminal signals the apps and this script at once: let our own SIGINT handler run first, so
      // that an app ending on that signal is not taken for a crash.
      setTimeout(() => {
        if (stopping) return;
        say(`${name} exited unexpectedly (${signal ?? `exit code ${code}`})`);
        if (app.sawAddressInUse) {
          say(`its port is taken: is another \`npm start\` running? (${portVariable(name)}=<port> picks another)`);
        }
        stop('an app died', 1);
      }, 300);
    }),
  );
  child.once('error', (error) => {
    say(`cannot start ${name}: ${error.message}`);
    stop('an app did not start', 1);
  });
  apps.set(name, app);
}

async function waitReady(url) {
  const deadline = Date.now() + READY_TIMEOUT_MS;
  let last = 'no answer';
  while (!stopping) {
    try {
      const response = await fetch(url, { signal: AbortSignal.timeout(4000) });
      if (response.ok) return true;
      last = `${response.status} ${await response.text()}`;
    } catch (error) {
      last = error.cause?.code ?? error.message;
    }
    if (Date.now() > deadline) {
      say(`case-api is not ready after ${READY_TIMEOUT_MS / 1000} s (${last}); still running, watch the log above`);
      return false;
    }
    await sleep(200);
  }
  return false;
}

function printBanner(apiUrl, demoKeys, env) {
  const lines = [
    '',
    `Breachline is ready (${seconds(startedAt)}): ${[...apps.keys()].join(', ')}`,
    `  API     ${apiUrl}`,
    `  health  ${apiUrl}/health/ready`,
  ];
  if (demoKeys) {
    const rows = demoKeys.map((e) => [e.name, e.regulatorId ? `${e.role} ${e.regulatorId}` : e.role, e.key]);
    const widths = [0, 1].map((i) => Math.max(...rows.map((row) => row[i].length)));
    lines.push(
      '',
      `Demo API keys (${relative(DEMO_KEYS_FILE)}, git-ignored). They are for this machine only:`,
      'never use them on a shared or production system. Send them as `Authorization: Bearer <key>`.',
      ...rows.map(([name, role, key]) => `  ${name.padEnd(widths[0])}  ${role.padEnd(widths[1])}  ${key}`),
    );
    const investigator = demoKeys.find((entry) => entry.role === 'investigator');
    if (investigator) {
      const report = {
        title: 'Member records offered for sale',
        report: {
          receivedAt: new Date().toISOString(),
          channel: 'social-media',
          summary: 'A forum post offers a sample',
        },
      };
      lines.push(
        '',
        'Try:',
        `  curl -i -H 'Authorization: Bearer ${investigator.key}' -H 'Content-Type: application/json' \\`,
        `    -d '${JSON.stringify(report)}' ${apiUrl}/v1/cases`,
      );
    }
  } else {
    lines.push('', `API keys: from BREACHLINE_API_KEYS_FILE=${env.BREACHLINE_API_KEYS_FILE}`);
  }
  lines.push('', 'Ctrl-C stops the apps' + (startedServers.length > 0 ? ' and the local servers.' : '.'), '');
  console.log(lines.map((line) => `[start] ${line}`).join('\n'));
}

/**
 * The apps add a bootstrap key only when its name is new, so a re-created .local/demo-keys.json (with the same
 * database kept) would print keys that the API refuses. Say so instead of leaving the user with 401s.
 */
async function checkDemoKeysMatch(demoKeys, env) {
  let client;
  try {
    const { MongoClient } = await import('mongodb');
    client = new MongoClient(env.MONGO_URL, { serverSelectionTimeoutMS: 3000 });
    const names = demoKeys.map((entry) => entry.name);
    const stored = await client
      .db(env.MONGO_DB || 'breachline')
      .collection('api_keys')
      .find({ name: { $in: names } })
      .toArray();
    for (const entry of demoKeys) {
      const doc = stored.find((d) => d.name === entry.name);
      if (doc && (doc._id !== hashApiKey(entry.key) || doc.revokedAt)) {
        say(
          `WARNING: the database has ${doc.revokedAt ? 'revoked' : 'a different'} key "${entry.name}", so its demo key ` +
            `above will be refused; delete that document from the api_keys collection and restart to use the file's key`,
        );
      }
    }
  } catch (error) {
    say(`could not compare the demo keys with the database: ${error.message}`);
  } finally {
    await client?.close().catch(() => {});
  }
}

// --- log lines -----------------------------------------------------------------------------------------------------

function pipeLines(stream, onLine) {
  let buffered = '';
  stream.setEncoding('utf8');
  stream.on('data', (chunk) => {
    const parts = (buffered + chunk).split('\n');
    buffered = parts.pop();
    for (const part of parts) onLine(part.replace(/\r$/, ''));
  });
  stream.on('end', () => buffered && onLine(buffered));
}

function writeLines(out, prefix, line, app) {
  if (line.includes('EADDRINUSE')) app.sawAddressInUse = true;
  out.write(
    `${render(line)
      .map((part) => prefix + part)
      .join('\n')}\n`,
  );
}

const LEVELS = {
  10: 'TRACE',
  20: 'DEBUG',
  30: 'INFO',
  40: 'WARN',
  50: 'ERROR',
  60: 'FATAL',
};
const LEVEL_COLOURS = {
  TRACE: 90,
  DEBUG: 90,
  INFO: 36,
  WARN: 33,
  ERROR: 31,
  FATAL: 31,
};

/**
 * A JSON log line → `HH:MM:SS LEVEL msg {other fields}` (+ indented stack lines); anything else unchanged.
 * Reads pino's shape (numeric level, time, msg) and kafkajs's (level name, timestamp, logger, message).
 */
function render(line) {
  if (rawLogs || !line.startsWith('{')) return [line];
  let record;
  try {
    record = JSON.parse(line);
  } catch {
    return [line];
  }
  if (record === null || !['number', 'string'].includes(typeof record.level)) return [line];
  const { level, time, timestamp, msg, message, pid: _pid, hostname: _host, app: _app, err, trace, ...fields } = record;
  const name = typeof level === 'number' ? (LEVELS[level] ?? `L${level}`) : String(level).toUpperCase();
  const label = colour ? `\x1b[${LEVEL_COLOURS[name] ?? 0}m${name.padEnd(5)}\x1b[0m` : name.padEnd(5);
  const at = new Date(typeof time === 'number' ? time : timestamp ? Date.parse(timestamp) : Date.now());
  const clock = Number.isNaN(at.getTime()) ? '--:--:--' : at.toTimeString().slice(0, 8);
  const stack = typeof err?.stack === 'string' ? err.stack : typeof trace === 'string' ? trace : '';
  if (err !== undefined && !stack) fields.err = err;
  if (trace !== undefined && typeof trace !== 'string') fields.trace = trace;
  const extra = Object.keys(fields).length > 0 ? ` ${JSON.stringify(fields)}` : '';
  const head = `${clock} ${label} ${msg ?? message ?? ''}${extra}`;
  return [
    head,
    ...stack
      .split('\n')
      .filter((l) => l.trim())
      .map((l) => `    ${l.trim()}`),
  ];
}

// --- shutdown ------------------------------------------------------------------------------------------------------

async function shutdown() {
  const live = [...apps.entries()].filter(([, app]) => app.child.exitCode === null && app.child.signalCode === null);
  for (const [, app] of live) app.child.kill('SIGTERM');
  const allExited = Promise.all(live.map(([, app]) => app.exited));
  if ((await Promise.race([allExited.then(() => true), sleep(STOP_TIMEOUT_MS).then(() => false)])) === false) {
    for (const [name, app] of live) {
      if (app.child.exitCode === null && app.child.signalCode === null) {
        say(`${name} did not stop within ${STOP_TIMEOUT_MS / 1000} s: SIGKILL`);
        app.child.kill('SIGKILL');
      }
    }
    await allExited;
  }
  if (live.length > 0) say('apps stopped');
  await stopServers();
}

/** Stops the local servers only if this script started them and no other local server is running beside them. */
async function stopServers() {
  if (startedServers.length === 0) return;
  const now = await status({ quiet: true });
  const others = Object.keys(now).filter((name) => now[name].running && !startedServers.includes(name));
  if (others.length > 0) {
    say(
      `leaving ${startedServers.join(', ')} running beside ${others.join(', ')}: stop them with \`npm run infra:down\``,
    );
    return;
  }
  say(`stopping the local servers this script started (${startedServers.join(', ')})…`);
  await down({ quiet: true });
}

function fail(error) {
  console.error(`[start] ${error instanceof InfraError ? error.message : (error?.message ?? error)}`);
  stop('start-up failed', 1);
}

const relative = (file) => path.relative(process.cwd(), file) || file;

// --- run -----------------------------------------------------------------------------------------------------------

try {
  await main();
} catch (error) {
  fail(error);
}
await stopRequested;
try {
  await shutdown();
} catch (error) {
  console.error(`[start] shutdown: ${error.message}`);
  exitCode = 1;
}
say(exitCode === 0 ? 'stopped' : 'stopped after an error');
process.exit(exitCode);
