// The local FerretDB wrapper indexes the expression FerretDB 1.24's `_id` filter uses (its own unique index is on
// another expression, so without ours every `_id` lookup scans), and its build pushes the `_id` part of any filter
// down (upstream pushes down only a filter that is `_id` alone). This suite runs its own wrapper on a free port
// with its own data dir and reads the SQLite files with the sqlite3 CLI.
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { MongoClient, MongoServerError } from 'mongodb';
import { freePort } from './support/free-port.js';

interface Doc {
  _id: string;
  n?: number;
}

const OUR_INDEX_PREFIX = 'breachline_id_path_';
const INDEXED_WITHIN_MS = 5_000;

const sqlite = (file: string, sql: string): string[] =>
  execFileSync('sqlite3', [file, sql], { encoding: 'utf8' }).split('\n').filter(Boolean);

const collectionTables = (file: string): string[] => sqlite(file, 'SELECT table_name FROM _ferretdb_collections');

/** Every table in every database file with the plan of FerretDB's own `_id` query on it. */
function idQueryPlans(dataDir: string): { database: string; table: string; plan: string }[] {
  return readdirSync(dataDir)
    .filter((name) => name.endsWith('.sqlite'))
    .flatMap((name) => {
      const file = join(dataDir, name);
      const tables = sqlite(file, "SELECT name FROM sqlite_master WHERE type = 'table'").filter(
        (table) => table !== '_ferretdb_collections',
      );
      return tables.map((table) => ({
        database: name,
        table,
        plan: sqlite(
          file,
          `EXPLAIN QUERY PLAN SELECT _ferretdb_sjson FROM "${table}" WHERE _ferretdb_sjson->'$._id' = '"x"'`,
        ).join(' '),
      }));
    });
}

async function expectEveryTableIndexed(dataDir: string, within = INDEXED_WITHIN_MS): Promise<void> {
  const deadline = Date.now() + within;
  let plans = idQueryPlans(dataDir);
  while (plans.some(({ plan }) => !/SEARCH .* USING INDEX/.test(plan)) && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 100));
    plans = idQueryPlans(dataDir);
  }
  expect(plans.length).toBeGreaterThan(0);
  for (const entry of plans) {
    expect(entry).toEqual({ ...entry, plan: expect.stringMatching(/SEARCH .* USING INDEX/) });
    expect(entry.plan).not.toMatch(/\bSCAN\b/);
  }
}

describe('FerretDB wrapper: _id lookups use an index', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'breachline-ferretdb-index-'));
  let binary: string;
  let url: string;
  let server: ChildProcess | undefined;
  let client: MongoClient;

  async function startServer(): Promise<void> {
    const port = await freePort();
    url = `mongodb://127.0.0.1:${port}`;
    const child = spawn(binary, ['-host', '127.0.0.1', '-port', String(port), '-data-dir', dataDir], {
      stdio: ['ignore', 'ignore', 'inherit'],
    });
    server = child;
    client = new MongoClient(url, { serverSelectionTimeoutMS: 500 });
    const deadline = Date.now() + 30_000;
    for (;;) {
      try {
        await client.connect();
        await client.db('admin').command({ ping: 1 });
        return;
      } catch (err) {
        if (child.exitCode !== null || Date.now() > deadline) throw err;
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    }
  }

  async function stopServer(): Promise<void> {
    await client?.close();
    const child = server;
    server = undefined;
    if (!child || child.exitCode !== null) return;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGTERM');
    await exited;
  }

  const documents = (count: number, from = 0) =>
    Array.from({ length: count }, (_, i) => ({ _id: `doc-${from + i}`, n: from + i }));

  beforeAll(async () => {
    const infra = await import('#infra');
    binary = await infra.ferretdbBinary();
  }, 180_000);

  afterAll(async () => {
    await stopServer();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('indexes the tables of databases that existed before it started, before it answers', async () => {
    await startServer();
    await client.db('existing').collection<Doc>('commits').insertMany(documents(300));
    await client.db('existing').collection<Doc>('outbox').insertOne({ _id: 'one' });
    await stopServer();
    // Data written by a wrapper without the index: drop ours while no server runs.
    const file = join(dataDir, 'existing.sqlite');
    for (const table of collectionTables(file)) sqlite(file, `DROP INDEX IF EXISTS "${OUR_INDEX_PREFIX}${table}"`);
    expect(idQueryPlans(dataDir).map(({ plan }) => plan)).toEqual([
      expect.stringMatching(/\bSCAN\b/),
      expect.stringMatching(/\bSCAN\b/),
    ]);

    await startServer();

    await expectEveryTableIndexed(dataDir, 0);
  });

  it('indexes collections created while it runs: in a new database and late in an existing one', async () => {
    await client.db('created-later').collection<Doc>('case_status').insertMany(documents(200));
    await client.db('created-later').createCollection('case_list');
    await client.db('existing').collection<Doc>('late_generation').insertMany(documents(50));
    const capped = await client.db('created-later').createCollection<Doc>('capped', { capped: true, size: 1 << 20 });
    await capped.insertOne({ _id: 'c' });

    await expectEveryTableIndexed(dataDir);

    // Inserts after the index: lookups by _id still find exactly their document.
    await client.db('existing').collection<Doc>('late_generation').insertMany(documents(500, 50));
    const found = await client.db('existing').collection<Doc>('late_generation').findOne({ _id: 'doc-420' });
    expect(found).toEqual({ _id: 'doc-420', n: 420 });
    await expect(
      client.db('existing').collection<Doc>('late_generation').insertOne({ _id: 'doc-7' }),
    ).rejects.toMatchObject({ code: 11000 });
  });

  it('stays invisible to FerretDB: listIndexes, createIndex, dropIndexes, rename, drop collection and database', async () => {
    const db = client.db('ops');
    const items = db.collection<Doc>('items');
    await items.insertMany(documents(20));
    await items.createIndex({ n: 1 }, { name: 'by_n' });
    await expectEveryTableIndexed(dataDir);

    expect((await items.listIndexes().toArray()).map((index) => index.name)).toEqual(['_id_', 'by_n']);
    await items.dropIndexes();
    expect((await items.listIndexes().toArray()).map((index) => index.name)).toEqual(['_id_']);

    await items.rename('renamed');
    expect(await db.collection<Doc>('renamed').findOne({ _id: 'doc-3' })).toEqual({ _id: 'doc-3', n: 3 });
    expect((await db.collection<Doc>('renamed').listIndexes().toArray()).map((index) => index.name)).toEqual(['_id_']);

    await db.collection<Doc>('dropped').insertOne({ _id: 'gone' });
    await expectEveryTableIndexed(dataDir);
    expect(await db.collection<Doc>('dropped').drop()).toBe(true);
    // Same name, new table: indexed again.
    await db.collection<Doc>('dropped').insertMany(documents(10));
    await expectEveryTableIndexed(dataDir);
    expect(await db.collection<Doc>('dropped').countDocuments()).toBe(10);

    // A database dropped and re-created at once, as each test suite does with its own.
    await db.dropDatabase();
    await db.collection<Doc>('renamed').insertMany(documents(30));
    await expectEveryTableIndexed(dataDir);
    expect(await db.collection<Doc>('renamed').countDocuments()).toBe(30);
    expect((await db.listCollections().toArray()).map((c) => c.name)).toEqual(['renamed']);

    const dropped = await client.db('created-later').dropDatabase();
    expect(dropped).toBe(true);
    expect(readdirSync(dataDir).filter((name) => name.startsWith('created-later'))).toEqual([]);
    await expect(db.collection<Doc>('renamed').insertOne({ _id: 'doc-1' })).rejects.toBeInstanceOf(MongoServerError);
  });

  it('pushes the _id part of a larger filter down and still applies the rest (a version-conditioned replace)', async () => {
    const docs = client.db('pushdown').collection<Doc>('case_status');
    await docs.insertMany(documents(300));
    await expectEveryTableIndexed(dataDir);
    // FerretDB's connections see an index another connection created once they next write to the database.
    await docs.insertOne({ _id: 'doc-after-index' });
    const plan = await client.db('pushdown').command({
      explain: { find: 'case_status', filter: { _id: 'doc-42', n: { $lt: 100 } } },
    });
    expect(plan.filterPushdown).toBe(true);
    expect(JSON.stringify(plan.queryPlanner)).toMatch(/SEARCH .* USING INDEX/);

    expect(await docs.replaceOne({ _id: 'doc-42', n: { $lt: 42 } }, { n: 1_000 })).toMatchObject({ matchedCount: 0 });
    expect(await docs.replaceOne({ _id: 'doc-42', n: { $lt: 43 } }, { n: 1_000 })).toMatchObject({ modifiedCount: 1 });
    expect(await docs.findOne({ _id: 'doc-42' })).toEqual({ _id: 'doc-42', n: 1_000 });
    expect(await docs.find({ _id: 'doc-43', n: 0 }).toArray()).toEqual([]);
    expect(await docs.countDocuments({ _id: { $in: ['doc-1', 'doc-2'] }, n: { $gte: 2 } })).toBe(1);
  });
});
