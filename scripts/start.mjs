// npm start: the local servers (reused if running), build, demo API keys, then every service in apps/ as a child
// process with its log lines prefixed. Ctrl-C stops the apps, and the servers too if this script started them.
//
//   npm start                                servers from infra/local/infra.mjs, or MONGO_URL + KAFKA_BROKERS
//   npm start -- --no-build                  use the build already in dist/
//   LOG_FORMAT=json npm start                the apps' pino JSON lines unchanged
//   BREACHLINE_API_KEYS_FILE=… npm start     your keys instead of the demo keys in .local/demo-keys.json
//   BREACHLINE_SECRETS_KEY=… npm start       your key instead of the demo one in .local/demo-secrets-key
//   LEDGER_SIGNING_KEY_FILE=… LEDGER_PUBLIC_KEY_FILE=… npm start   your ledger keys instead of the demo pair in .local/
//   CASE_API_PORT=4100 RELAY_PORT=4101 …     another port for an app (<APP>_PORT; default: the app's own)
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { down, InfraError, SERVER_VARIABLES, status, up } from '../infra/local/infra.mjs';
import { ensureDemoKeys, ensureDemoLedgerKeys, ensureDemoSecretsKey } from './demo-keys.mjs';
import { AppSupervisor } from './start/app-supervisor.mjs';
import { readyBanner } from './start/banner.mjs';
import { checkDemoKeysMatch } from './start/demo-key-check.mjs';

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const LOCAL = path.resolve(process.env.BREACHLINE_LOCAL_DIR || path.join(REPO, '.local')); // as infra.mjs
const DEMO_KEYS_FILE = path.join(LOCAL, 'demo-keys.json');
const DEMO_SECRETS_KEY_FILE = path.join(LOCAL, 'demo-secrets-key');
const DEFAULT_API_PORT = 3100; // case-api's default port (apps/case-api/src/main.ts)
const BUILD = !process.argv.includes('--no-build');
const STOP_TIMEOUT_MS = 10_000;
const READY_TIMEOUT_MS = 60_000;

const startedAt = Date.now();
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
const apps = new AppSupervisor({ repo: REPO, say, isStopping: () => stopping, onExit: (reason) => stop(reason, 1) });
process.on('SIGINT', () => stop('SIGINT'));
process.on('SIGTERM', () => stop('SIGTERM'));

// --- start-up ------------------------------------------------------------------------------------------------------

const localServers = Object.keys(SERVER_VARIABLES).filter((name) => !process.env[SERVER_VARIABLES[name]]);
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

  if (!process.env.LEDGER_SIGNING_KEY_FILE) {
    const { privateKeyFile, publicKeyFile, created } = ensureDemoLedgerKeys(LOCAL);
    if (created) say(`created a demo ledger signing key (signs checkpoints) in ${relative(privateKeyFile)}`);
    env.LEDGER_SIGNING_KEY_FILE = privateKeyFile;
    env.LEDGER_PUBLIC_KEY_FILE = publicKeyFile;
  }

  const names = apps.discover();
  if (names.length === 0) return fail(new Error('no built app found under dist/apps/*/src/main.js'));
  const width = Math.max(...names.map((name) => name.length));
  for (const name of names) apps.start(name, name.padEnd(width), env);

  const host = !env.HOST || ['0.0.0.0', '::'].includes(env.HOST) ? '127.0.0.1' : env.HOST;
  const apiPort = env.CASE_API_PORT || DEFAULT_API_PORT;
  const apiUrl = `http://${host.includes(':') ? `[${host}]` : host}:${apiPort}`;
  if (await waitReady(`${apiUrl}/health/ready`)) {
    const banner = readyBanner({
      startedIn: seconds(startedAt),
      appNames: apps.names(),
      apiUrl,
      demoKeys,
      demoKeysFile: relative(DEMO_KEYS_FILE),
      keysFile: env.BREACHLINE_API_KEYS_FILE,
      stopsServers: startedServers.length > 0,
    });
    console.log(banner.map((line) => `[start] ${line}`).join('\n'));
    if (demoKeys) await checkDemoKeysMatch(demoKeys, env, say);
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

// --- shutdown ------------------------------------------------------------------------------------------------------

async function shutdown() {
  await apps.stopAll(STOP_TIMEOUT_MS);
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
