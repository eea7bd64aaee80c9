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
// building and starting work before `npm ci`; readiness then degrades to a TCP check.
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const REPO = path.resolve(HERE, '../..');
const LOCAL = path.resolve(process.env.BREACHLINE_LOCAL_DIR || path.join(REPO, '.local'));
// Where the Kafka jars and the FerretDB binary are resolved/built: the state dir unless told otherwise.
const TOOLS = path.resolve(process.env.BREACHLINE_TOOLS_DIR || LOCAL);
const RUN_DIR = path.join(LOCAL, 'run');
const HOST = '127.0.0.1';
const READY_TIMEOUT_MS = 60_000;
const STOP_TIMEOUT_MS = 10_000;

const KAFKA_PORT = portFromEnv('BREACHLINE_KAFKA_PORT', 19092);
const KAFKA_CONTROLLER_PORT = portFromEnv('BREACHLINE_KAFKA_CONTROLLER_PORT', 19093);
const MONGO_PORT = portFromEnv('BREACHLINE_FERRETDB_PORT', 27117);

const KAFKA_DIR = path.join(LOCAL, 'kafka');
const KAFKA_LIBS = path.join(TOOLS, 'kafka', 'libs');
const KAFKA_DATA = path.join(KAFKA_DIR, 'data');
const KAFKA_PROPS = path.join(KAFKA_DIR, 'server.properties');
const KAFKA_LOG4J = path.join(KAFKA_DIR, 'log4j.properties');
const KAFKA_POM = path.join(HERE, 'kafka', 'pom.xml');
// Written after a successful `mvn dependency:copy-dependencies`; older than pom.xml → re-resolve.
const KAFKA_LIBS_STAMP = path.join(KAFKA_LIBS, '.resolved');

const FERRET_DIR = path.join(LOCAL, 'ferretdb');
const FERRET_SRC = path.join(HERE, 'ferretdb');
const FERRET_BIN = path.join(TOOLS, 'bin', 'ferretdb-breachline');
const FERRET_DATA = path.join(FERRET_DIR, 'data');

export class InfraError extends Error {}

const SERVERS = {
  kafka: {
    url: `${HOST}:${KAFKA_PORT}`,
    ports: [KAFKA_PORT, KAFKA_CONTROLLER_PORT],
    envVar: 'KAFKA_BROKERS',
    // Identifies our process in /proc/<pid>/cmdline, so a recycled pid is not mistaken for it.
    marker: KAFKA_PROPS,
    logs: [path.join(KAFKA_DIR, 'console.log'), path.join(KAFKA_DIR, 'server.log')],
    missingTools: () => [javaBin(), !libsResolved() && 'mvn'].filter((t) => t && !onPath(t)),
    prepare: prepareKafka,
    command: () => ({
      cmd: javaBin(),
      args: [
        '-Xms256m',
        '-Xmx512m',
        '-XX:+UseSerialGC',
        '-XX:+ExitOnOutOfMemoryError',
        '-Djava.awt.headless=true',
        `-Dlog4j.configuration=${pathToFileURL(KAFKA_LOG4J)}`,
        '-cp',
        `${KAFKA_LIBS}/*`,
        'kafka.Kafka',
        KAFKA_PROPS,
      ],
      cwd: KAFKA_DIR,
    }),
    ready: (url) => kafkaReady(url.split(',')),
  },
  ferretdb: {
    url: `mongodb://${HOST}:${MONGO_PORT}`,
    ports: [MONGO_PORT],
    envVar: 'MONGO_URL',
    // The data dir rather than the binary, which two instances may share.
    marker: FERRET_DATA,
    logs: [path.join(FERRET_DIR, 'ferretdb.log')],
    missingTools: () => (ferretNeedsBuild() && !onPath('go') ? ['go'] : []),
    prepare: prepareFerret,
    command: () => ({
      cmd: FERRET_BIN,
      args: ['-host', HOST, '-port', String(MONGO_PORT), '-data-dir', FERRET_DATA],
      cwd: FERRET_DIR,
    }),
    ready: mongoReady,
  },
};

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

// --- Kafka ---------------------------------------------------------------------------------------

function javaBin() {
  const fromHome = process.env.JAVA_HOME && path.join(process.env.JAVA_HOME, 'bin', 'java');
  return fromHome && fs.existsSync(fromHome) ? fromHome : 'java';
}

function libsResolved() {
  return mtime(KAFKA_LIBS_STAMP) > mtime(KAFKA_POM);
}

async function prepareKafka(log) {
  if (!libsResolved()) {
    log(`kafka: resolving jars from Maven Central (${fs.existsSync(KAFKA_LIBS) ? 'pom.xml changed' : 'first run'})…`);
    fs.rmSync(KAFKA_LIBS, { recursive: true, force: true });
    await run('mvn', [
      '-B',
      '-q',
      '-f',
      KAFKA_POM,
      'dependency:copy-dependencies',
      '-DincludeScope=runtime',
      `-DoutputDirectory=${KAFKA_LIBS}`,
    ]);
    fs.writeFileSync(KAFKA_LIBS_STAMP, '');
  }

  fs.mkdirSync(KAFKA_DATA, { recursive: true });
  fs.writeFileSync(KAFKA_PROPS, kafkaServerProperties());
  fs.writeFileSync(KAFKA_LOG4J, kafkaLog4jProperties());

  if (!fs.existsSync(path.join(KAFKA_DATA, 'meta.properties'))) {
    log('kafka: formatting storage (first run)…');
    const clusterId = kafkaClusterId();
    await run(javaBin(), [
      `-Dlog4j.configuration=${pathToFileURL(KAFKA_LOG4J)}`,
      '-cp',
      `${KAFKA_LIBS}/*`,
      'kafka.tools.StorageTool',
      'format',
      `--cluster-id=${clusterId}`,
      '-c',
      KAFKA_PROPS,
    ]);
  }
  log('kafka: starting…');
}

// Kafka's own Uuid.randomUuid() rejects ids starting with '-': the storage
// tool's argument parser would read such an id as an option.
export function kafkaClusterId() {
  for (;;) {
    const id = randomBytes(16).toString('base64url');
    if (!id.startsWith('-')) return id;
  }
}

function kafkaServerProperties() {
  return `# Generated by infra/local/infra.mjs on every start; edit there.
process.roles=broker,controller
node.id=1
controller.quorum.voters=1@${HOST}:${KAFKA_CONTROLLER_PORT}
listeners=PLAINTEXT://${HOST}:${KAFKA_PORT},CONTROLLER://${HOST}:${KAFKA_CONTROLLER_PORT}
advertised.listeners=PLAINTEXT://${HOST}:${KAFKA_PORT}
inter.broker.listener.name=PLAINTEXT
controller.listener.names=CONTROLLER
listener.security.protocol.map=CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT
log.dirs=${KAFKA_DATA}
num.partitions=3
default.replication.factor=1
min.insync.replicas=1
offsets.topic.replication.factor=1
transaction.state.log.replication.factor=1
transaction.state.log.min.isr=1
# A single dev node does not need the default 50 partitions per internal topic.
offsets.topic.num.partitions=3
transaction.state.log.num.partitions=3
group.initial.rebalance.delay.ms=0
auto.create.topics.enable=false
# After a crash (kill -9) the controller rejects the restarted broker until the old registration's
# session expires: 9 s by default. Heartbeats never leave this JVM, so a short session is safe.
broker.session.timeout.ms=4000
broker.heartbeat.interval.ms=1000
`;
}

function kafkaLog4jProperties() {
  return `# Generated by infra/local/infra.mjs on every start; edit there.
log4j.rootLogger=INFO, file
log4j.appender.file=org.apache.log4j.RollingFileAppender
log4j.appender.file.File=${path.join(KAFKA_DIR, 'server.log')}
log4j.appender.file.MaxFileSize=20MB
log4j.appender.file.MaxBackupIndex=2
log4j.appender.file.layout=org.apache.log4j.PatternLayout
log4j.appender.file.layout.ConversionPattern=[%d] %p %m (%c)%n
`;
}

async function kafkaReady(brokers) {
  const kafkajs = await optionalImport('kafkajs');
  if (!kafkajs) return portsOpen(brokers);
  const { Kafka, logLevel } = kafkajs;
  const kafka = new Kafka({
    clientId: 'infra-ready-check',
    brokers,
    logLevel: logLevel.NOTHING,
    connectionTimeout: 1000,
    requestTimeout: 3000,
    retry: { retries: 0 },
  });
  const admin = kafka.admin();
  try {
    await admin.connect();
    const { brokers: live } = await admin.describeCluster();
    // Finding a group coordinator creates __consumer_offsets on a fresh broker; doing it here
    // spares the first consumer in a test the "group coordinator is not available" retries.
    await admin.describeGroups(['infra-ready-check']);
    return live.length > 0;
  } catch {
    return false;
  } finally {
    await admin.disconnect().catch(() => {});
  }
}

// --- FerretDB ------------------------------------------------------------------------------------

function ferretNeedsBuild() {
  const built = mtime(FERRET_BIN);
  const sources = fs
    .readdirSync(FERRET_SRC)
    .filter((f) => f.endsWith('.go') || f === 'go.mod' || f === 'go.sum')
    .map((f) => path.join(FERRET_SRC, f));
  // This file holds the pushdown patch below: a change to it may change the binary too.
  return [...sources, fileURLToPath(import.meta.url)].some((f) => mtime(f) > built);
}

/**
 * FerretDB 1.24's SQLite backend pushes a filter down only when it is exactly `{ _id: … }`
 * (internal/backends/sqlite/collection.go, `Query` and `Explain`: `if params.Filter.Len() == 1`), so a filter such as
 * `{ _id, version: { $lt: n } }` — a replace conditioned on the stored version, the right way on MongoDB 7 — decodes
 * every document of the collection. Every handler applies the whole filter to what the backend returns, and limits
 * are pushed down only without a filter, so pushing down the `_id` part of any filter that has one is exact. The
 * build uses the module from the Go module proxy, copied under .local/ with that one condition changed.
 */
const FERRET_PUSHDOWN_PATCH = {
  file: 'internal/backends/sqlite/collection.go',
  from: 'if params.Filter.Len() == 1 {',
  to: 'if params.Filter.Len() > 0 && params.Filter.Has("_id") {',
  occurrences: 2,
};

/** A go.mod for the build that replaces FerretDB with the patched copy of the version go.mod requires. */
async function patchedFerretModFile(log) {
  const goMod = fs.readFileSync(path.join(FERRET_SRC, 'go.mod'), 'utf8');
  const version = /github\.com\/FerretDB\/FerretDB (v\S+)/.exec(goMod)?.[1];
  if (!version) throw new InfraError('infra/local/ferretdb/go.mod requires no github.com/FerretDB/FerretDB version');
  const downloaded = JSON.parse(
    await run('go', ['mod', 'download', '-json', `github.com/FerretDB/FerretDB@${version}`], { cwd: FERRET_SRC }),
  );
  const copy = path.join(TOOLS, 'ferretdb-src', `FerretDB@${version}`);
  fs.rmSync(copy, { recursive: true, force: true });
  fs.cpSync(downloaded.Dir, copy, { recursive: true });
  const file = path.join(copy, FERRET_PUSHDOWN_PATCH.file);
  fs.chmodSync(file, 0o644);
  const source = fs.readFileSync(file, 'utf8');
  const found = source.split(FERRET_PUSHDOWN_PATCH.from).length - 1;
  if (found !== FERRET_PUSHDOWN_PATCH.occurrences) {
    throw new InfraError(
      `ferretdb: the pushdown patch expects ${FERRET_PUSHDOWN_PATCH.occurrences} × "${FERRET_PUSHDOWN_PATCH.from}" in ` +
        `${FERRET_PUSHDOWN_PATCH.file} of FerretDB ${version}, found ${found}: review the patch for this version`,
    );
  }
  fs.writeFileSync(file, source.split(FERRET_PUSHDOWN_PATCH.from).join(FERRET_PUSHDOWN_PATCH.to));
  log(`ferretdb: FerretDB ${version} with the _id pushdown patch`);
  const modFile = path.join(TOOLS, 'ferretdb-src', 'build.go.mod');
  fs.writeFileSync(modFile, `${goMod}\nreplace github.com/FerretDB/FerretDB => ${copy}\n`);
  fs.copyFileSync(path.join(FERRET_SRC, 'go.sum'), path.join(TOOLS, 'ferretdb-src', 'build.go.sum'));
  return modFile;
}

/** Builds the FerretDB wrapper when its sources are newer than the binary (for tests that run their own). */
export async function ferretdbBinary({ quiet = true } = {}) {
  const log = logger(quiet);
  await withLock(() => buildFerret(log), log);
  return FERRET_BIN;
}

async function prepareFerret(log) {
  await buildFerret(log);
  fs.mkdirSync(FERRET_DIR, { recursive: true });
  rotate(SERVERS.ferretdb.logs[0], 20 * 1024 * 1024);
  log('ferretdb: starting…');
}

async function buildFerret(log) {
  if (ferretNeedsBuild()) {
    log(
      `ferretdb: building (${fs.existsSync(FERRET_BIN) ? 'sources changed' : 'first run: Go modules + compile, ~1 min'})…`,
    );
    const modFile = await patchedFerretModFile(log);
    await run('go', ['build', '-trimpath', `-modfile=${modFile}`, '-o', FERRET_BIN, '.'], {
      cwd: FERRET_SRC,
      env: { ...process.env, CGO_ENABLED: '0' },
    });
  }
}

async function mongoReady(url) {
  const mongodb = await optionalImport('mongodb');
  if (!mongodb) {
    const hosts = url
      .replace(/^mongodb:\/\/([^@/]*@)?/, '')
      .split(/[/?]/)[0]
      .split(',');
    return portsOpen(hosts.map((h) => (h.includes(':') ? h : `${h}:27017`)));
  }
  const client = new mongodb.MongoClient(url, {
    serverSelectionTimeoutMS: 1000,
    connectTimeoutMS: 1000,
  });
  try {
    await client.connect();
    await client.db('admin').command({ ping: 1 });
    return true;
  } catch {
    return false;
  } finally {
    await client.close().catch(() => {});
  }
}

// --- processes, files, ports ---------------------------------------------------------------------

function portFromEnv(variable, fallback) {
  const raw = process.env[variable];
  if (raw === undefined || raw === '') return fallback;
  const port = Number(raw);
  if (!/^\d+$/.test(raw) || port < 1 || port > 65535) {
    throw new Error(`[infra] ${variable}=${raw}: must be a TCP port number (1-65535)`);
  }
  return port;
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

// Zombies and recycled pids have a different (or empty) cmdline; without /proc (macOS) trust kill(0).
function isProcess(pid, marker) {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  if (!marker || !fs.existsSync('/proc/self/cmdline')) return true;
  try {
    return fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes(marker);
  } catch {
    return false;
  }
}

// A killed JVM loses its cmdline (isProcess → false) and its main thread turns zombie while other
// threads still hold the listening sockets, so wait for the ports as well.
async function gone(name, pid) {
  if (isProcess(pid, SERVERS[name].marker)) return false;
  const open = await Promise.all(SERVERS[name].ports.map((port) => portOpenOn(port)));
  return !open.includes(true);
}

// Children are process-group leaders (detached), so signal the whole group.
function signal(pid, sig) {
  try {
    process.kill(-pid, sig);
  } catch {
    try {
      process.kill(pid, sig);
    } catch {
      // already gone
    }
  }
}

function spawnDetached(cmd, args, cwd, logFile) {
  fs.mkdirSync(path.dirname(logFile), { recursive: true });
  const out = fs.openSync(logFile, 'a');
  fs.writeSync(out, `\n--- ${new Date().toISOString()} ${cmd} ${args.join(' ')}\n`);
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { cwd, detached: true, stdio: ['ignore', out, out] });
    child.once('error', (err) => reject(new InfraError(`cannot start ${cmd}: ${err.message}`)));
    child.once('spawn', () => {
      child.unref();
      resolve(child.pid);
    });
  }).finally(() => fs.closeSync(out));
}

// Runs a build/setup command and resolves with its standard output; its output is shown only if it fails.
function run(cmd, args, opts = {}) {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { ...opts, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    let stdout = '';
    child.stdout.on('data', (d) => {
      output += d;
      stdout += d;
    });
    child.stderr.on('data', (d) => (output += d));
    child.once('error', (err) => reject(new InfraError(`cannot run ${cmd}: ${err.message}`)));
    child.once('close', (code) => {
      if (code === 0) resolve(stdout);
      else reject(new InfraError(`\`${cmd} ${args.join(' ')}\` failed (exit ${code}):\n${output.trim()}`));
    });
  });
}

// Serializes up/down/startServer across processes (e.g. parallel test workers).
async function withLock(fn, log) {
  const lock = path.join(RUN_DIR, 'infra.lock');
  fs.mkdirSync(RUN_DIR, { recursive: true });
  let announced = false;
  for (;;) {
    try {
      fs.writeFileSync(lock, String(process.pid), { flag: 'wx' });
      break;
    } catch (err) {
      if (err.code !== 'EEXIST') throw err;
    }
    const holder = Number.parseInt(readFileOr(lock, ''), 10);
    // An empty lock file is normal for a moment (created, pid not yet written), stale after that.
    const stale = holder ? !isProcess(holder) : Date.now() - mtime(lock) > 5000;
    if (stale) {
      fs.rmSync(lock, { force: true });
      continue;
    }
    if (!announced && holder) {
      log(`waiting for another infra.mjs (pid ${holder})…`);
      announced = true;
    }
    await sleep(200);
  }
  try {
    return await fn();
  } finally {
    fs.rmSync(lock, { force: true });
  }
}

function onPath(cmd) {
  if (path.isAbsolute(cmd)) return fs.existsSync(cmd);
  return (process.env.PATH || '').split(path.delimiter).some((dir) => {
    try {
      fs.accessSync(path.join(dir, cmd), fs.constants.X_OK);
      return true;
    } catch {
      return false;
    }
  });
}

function portOpenOn(port, host = HOST) {
  return new Promise((resolve) => {
    const socket = net.connect({ host, port, timeout: 500 });
    const done = (open) => {
      socket.destroy();
      resolve(open);
    };
    socket.once('connect', () => done(true));
    socket.once('timeout', () => done(false));
    socket.once('error', () => done(false));
  });
}

async function portsOpen(hostPorts) {
  const results = await Promise.all(
    hostPorts.map((hp) => {
      const i = hp.lastIndexOf(':');
      return portOpenOn(Number(hp.slice(i + 1)), hp.slice(0, i));
    }),
  );
  return results.every(Boolean);
}

const importWarned = new Set();
async function optionalImport(name) {
  try {
    const mod = await import(name);
    return mod.default ?? mod;
  } catch (err) {
    if (err.code !== 'ERR_MODULE_NOT_FOUND') throw err;
    if (!importWarned.has(name)) {
      importWarned.add(name);
      console.error(`[infra] ${name} is not installed (run \`npm ci\`); readiness falls back to a TCP port check`);
    }
    return null;
  }
}

// Like Promise.all, but lets every server finish starting/stopping before reporting a failure.
async function settleAll(promises) {
  const results = await Promise.allSettled(promises);
  const failed = results.find((r) => r.status === 'rejected');
  if (failed) throw failed.reason;
  return results.map((r) => r.value);
}

async function waitUntil(check, timeoutMs) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check()) return true;
    await sleep(250);
  }
  return false;
}

function sleep(ms) {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

function readFileOr(file, fallback) {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch {
    return fallback;
  }
}

function mtime(file) {
  try {
    return fs.statSync(file).mtimeMs;
  } catch {
    return 0;
  }
}

function rotate(file, maxBytes) {
  if (fs.existsSync(file) && fs.statSync(file).size > maxBytes) fs.renameSync(file, `${file}.1`);
}

function logTails(files, lines = 20) {
  return files
    .filter((f) => fs.existsSync(f))
    .map((f) => `--- last lines of ${f}:\n${fs.readFileSync(f, 'utf8').trimEnd().split('\n').slice(-lines).join('\n')}`)
    .join('\n');
}

function logger(quiet) {
  return quiet ? () => {} : (msg) => console.error(`[infra] ${msg}`);
}

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
