#!/usr/bin/env node
// Local Kafka (KRaft, jars from Maven Central) and FerretDB (MongoDB wire protocol on SQLite)
// for machines without Docker. See infra/local/README.md.
//
//   node infra/local/infra.mjs up|down|status
//   node infra/local/infra.mjs kill|start kafka|ferretdb   (fault-injection tests)
//
// A second pair of servers (e.g. the fault suite's, which SIGKILLs them) runs beside the default one with
// its own state dir and ports: BREACHLINE_LOCAL_DIR, BREACHLINE_KAFKA_PORT, BREACHLINE_KAFKA_CONTROLLER_PORT,
// BREACHLINE_FERRETDB_PORT; BREACHLINE_TOOLS_DIR points at a state dir whose jars and binary it reuses.
//
// kafkajs and mongodb are imported lazily from the project's node_modules so that resolving,
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ferretdbServer } from './ferretdb.mjs';
import { kafkaServer } from './kafka.mjs';
import {
  gone as goneProcess,
  isProcess,
  logger,
  logTails,
  portOpenOn,
  readFileOr,
  settleAll,
  signal,
  spawnDetached,
  waitUntil,
  withLock as withLockIn,
} from './processes.mjs';
import { HOST, InfraError, READY_TIMEOUT_MS, RUN_DIR, STOP_TIMEOUT_MS } from './settings.mjs';

export { ferretdbBinary } from './ferretdb.mjs';
export { kafkaClusterId } from './kafka.mjs';
export { InfraError } from './settings.mjs';

const SERVERS = { kafka: kafkaServer, ferretdb: ferretdbServer };

/** Server name → the variable that points at an external server instead (then `up` starts none). */
export const SERVER_VARIABLES = Object.fromEntries(Object.entries(SERVERS).map(([name, { envVar }]) => [name, envVar]));

/**
 * Ensures both servers run and answer. A server whose env var (KAFKA_BROKERS / MONGO_URL) is set
 * is not started, only waited for.
 * @returns {Promise<{ mongoUrl: string, kafkaBrokers: string }>}
 */
export async function up({ quiet = false } = {}) {
  const log = logger(quiet);
  const names = Object.keys(SERVERS);
  const local = names.filter((name) => !process.env[SERVERS[name].envVar]);

  const missing = [...new Set(local.flatMap((name) => (isRunning(name) ? [] : SERVERS[name].missingTools())))];
  if (missing.length > 0) {
    throw new InfraError(
      `missing ${missing.map((t) => `\`${t}\``).join(', ')} on PATH, needed to run Kafka/FerretDB locally ` +
        '(Java 17+, Maven 3.8+, Go 1.24+). Install them, or start the servers with ' +
        '`docker compose up -d` (docker-compose.yml) and set MONGO_URL and KAFKA_BROKERS.',
    );
  }

  const all = () =>
    settleAll(
      names.map(async (name) => {
        const external = process.env[SERVERS[name].envVar];
        if (!external) return ensure(name, log);
        await waitReady(name, external);
        log(`${name}: using ${SERVERS[name].envVar}=${external}`);
        return external;
      }),
    );
  const [kafkaBrokers, mongoUrl] = local.length > 0 ? await withLock(all, log) : await all();
  return { mongoUrl, kafkaBrokers };
}

/** Stops both servers: SIGTERM, then SIGKILL after ~10 s. */
export async function down({ quiet = false } = {}) {
  const log = logger(quiet);
  await withLock(() => settleAll(Object.keys(SERVERS).map((name) => stop(name, log))), log);
}

/**
 * @returns {Promise<Record<'kafka' | 'ferretdb', { pid: number | null, running: boolean, portOpen: boolean, ready: boolean, url: string }>>}
 */
export async function status({ quiet = false } = {}) {
  const result = {};
  for (const [name, server] of Object.entries(SERVERS)) {
    const pid = readPid(name);
    const running = isRunning(name);
    const portOpen = await portOpenOn(server.ports[0]);
    const ready = portOpen && (await server.ready(server.url));
    result[name] = { pid: running ? pid : null, running, portOpen, ready, url: server.url };
    if (!quiet) {
      const state = running ? `running (pid ${pid})` : pid ? `not running (stale pid ${pid})` : 'not running';
      console.log(
        `[infra] ${name}: ${state}, ${HOST}:${server.ports[0]} ${portOpen ? 'open' : 'closed'}, ${ready ? 'ready' : 'not ready'}`,
      );
    }
  }
  return result;
}

/** Starts one server if it is not running and waits until it is ready (for fault-injection tests). */
export async function startServer(name, { quiet = true } = {}) {
  const log = logger(quiet);
  return withLock(() => ensure(serverName(name), log), log);
}

/** SIGKILLs one server and waits until it is gone (for fault-injection tests). */
export async function killServer(name) {
  const pid = readPid(serverName(name));
  if (pid && isRunning(name)) {
    signal(pid, 'SIGKILL');
    await waitUntil(() => gone(name, pid), STOP_TIMEOUT_MS);
  }
  fs.rmSync(pidFile(name), { force: true });
}

async function ensure(name, log) {
  const server = SERVERS[name];
  const pid = readPid(name);
  if (pid && isRunning(name)) {
    await waitReady(name, server.url, pid);
    log(`${name} already running (pid ${pid}) on ${server.url}`);
    return server.url;
  }
  if (pid) {
    log(`${name}: stale pid file (pid ${pid} is gone), restarting`);
    await waitUntil(() => gone(name, pid), STOP_TIMEOUT_MS);
    fs.rmSync(pidFile(name), { force: true });
  }
  for (const port of server.ports) {
    if (await portOpenOn(port)) {
      throw new InfraError(
        `${name}: port ${HOST}:${port} is in use by a process not started by infra/local/infra.mjs. ` +
          `Stop it, or point ${server.envVar} at the server you want to use.`,
      );
    }
  }

  const started = Date.now();
  await server.prepare(log);
  const { cmd, args, cwd } = server.command();
  const childPid = await spawnDetached(cmd, args, cwd, server.logs[0]);
  fs.mkdirSync(RUN_DIR, { recursive: true });
  fs.writeFileSync(pidFile(name), `${childPid}\n`);
  try {
    await waitReady(name, server.url, childPid);
  } catch (err) {
    signal(childPid, 'SIGKILL');
    fs.rmSync(pidFile(name), { force: true });
    throw err;
  }
  log(`${name} ready on ${server.url} (${((Date.now() - started) / 1000).toFixed(1)} s)`);
  return server.url;
}

async function stop(name, log) {
  const pid = readPid(name);
  if (!pid || !isRunning(name)) {
    fs.rmSync(pidFile(name), { force: true });
    log(`${name}: not running`);
    return;
  }
  signal(pid, 'SIGTERM');
  if (!(await waitUntil(() => gone(name, pid), STOP_TIMEOUT_MS))) {
    log(`${name}: still running after ${STOP_TIMEOUT_MS / 1000} s, sending SIGKILL`);
    signal(pid, 'SIGKILL');
    await waitUntil(() => gone(name, pid), STOP_TIMEOUT_MS);
  }
  fs.rmSync(pidFile(name), { force: true });
  log(`${name}: stopped (pid ${pid})`);
}

// When `pid` is given, a dying process ends the wait early with its log tail.
async function waitReady(name, url, pid) {
  const server = SERVERS[name];
  const ok = await waitUntil(async () => {
    if (pid && !isRunning(name)) {
      throw new InfraError(`${name} (pid ${pid}) exited during start-up.\n${logTails(server.logs)}`);
    }
    return server.ready(url);
  }, READY_TIMEOUT_MS);
  if (!ok) {
    throw new InfraError(
      `${name} at ${url} not ready after ${READY_TIMEOUT_MS / 1000} s` +
        (pid ? ` (pid ${pid}); try \`node infra/local/infra.mjs down\` and up again.\n${logTails(server.logs)}` : '.'),
    );
  }
}

function serverName(name) {
  if (!SERVERS[name]) throw new InfraError(`unknown server "${name}" (expected ${Object.keys(SERVERS).join(' or ')})`);
  return name;
}

function pidFile(name) {
  return path.join(RUN_DIR, `${name}.pid`);
}

function readPid(name) {
  return Number.parseInt(readFileOr(pidFile(name), ''), 10) || null;
}

function isRunning(name) {
  const pid = readPid(name);
  return pid !== null && isProcess(pid, SERVERS[name].marker);
}

const gone = (name, pid) => goneProcess(pid, SERVERS[name]);
const withLock = (fn, log) => withLockIn(RUN_DIR, fn, log);

async function main(command, arg) {
  switch (command) {
    case 'up': {
      const { mongoUrl, kafkaBrokers } = await up();
      console.log(`MONGO_URL=${mongoUrl}\nKAFKA_BROKERS=${kafkaBrokers}`);
      return 0;
    }
    case 'down':
      await down();
      return 0;
    case 'status': {
      const result = await status();
      return Object.values(result).every((s) => s.ready) ? 0 : 1;
    }
    case 'kill':
      await killServer(arg);
      return 0;
    case 'start':
      await startServer(arg, { quiet: false });
      return 0;
    default:
      console.error('usage: node infra/local/infra.mjs up|down|status|kill <server>|start <server>');
      return 2;
  }
}

function invokedAsScript() {
  try {
    return fs.realpathSync(process.argv[1]) === fileURLToPath(import.meta.url);
  } catch {
    return false;
  }
}

if (invokedAsScript()) {
  main(process.argv[2], process.argv[3]).then(
    (code) => process.exit(code),
    (err) => {
      console.error(`[infra] ${err instanceof InfraError ? err.message : err.stack}`);
      process.exit(1);
    },
  );
}
