// The local FerretDB (MongoDB wire protocol on SQLite): the Go wrapper in ferretdb/, built against a patched copy of
// the FerretDB module.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { logger, mtime, onPath, optionalImport, portsOpen, rotate, run, withLock } from './processes.mjs';
import { HERE, HOST, InfraError, LOCAL, MONGO_PORT, RUN_DIR, TOOLS } from './settings.mjs';

const FERRET_DIR = path.join(LOCAL, 'ferretdb');
const FERRET_SRC = path.join(HERE, 'ferretdb');
const FERRET_BIN = path.join(TOOLS, 'bin', 'ferretdb-breachline');
const FERRET_DATA = path.join(FERRET_DIR, 'data');
const FERRET_LOG = path.join(FERRET_DIR, 'ferretdb.log');

export const ferretdbServer = {
  url: `mongodb://${HOST}:${MONGO_PORT}`,
  ports: [MONGO_PORT],
  envVar: 'MONGO_URL',
  // The data dir rather than the binary, which two instances may share.
  marker: FERRET_DATA,
  logs: [FERRET_LOG],
  missingTools: () => (ferretNeedsBuild() && !onPath('go') ? ['go'] : []),
  prepare: prepareFerret,
  command: () => ({
    cmd: FERRET_BIN,
    args: ['-host', HOST, '-port', String(MONGO_PORT), '-data-dir', FERRET_DATA],
    cwd: FERRET_DIR,
  }),
  ready: mongoReady,
};

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
  await withLock(RUN_DIR, () => buildFerret(log), log);
  return FERRET_BIN;
}

async function prepareFerret(log) {
  await buildFerret(log);
  fs.mkdirSync(FERRET_DIR, { recursive: true });
  rotate(FERRET_LOG, 20 * 1024 * 1024);
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
