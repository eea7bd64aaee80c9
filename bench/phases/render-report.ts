// The case report of a long case as PDF through case-api: pages rendered per second, and case-api's resident memory
// while it renders (the goal: at most 200 MB). Run by bench/main.ts after the stream-length phase, or on its own
// against a case-api of its own at a chosen size:
//   BENCH_TRANSPILE_ONLY=1 npm run bench && BENCH_REPORT_EVENTS=300 node .local/bench-dist/bench/phases/render-report.js
import 'reflect-metadata';
import { randomBytes, randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import { type Db, MongoClient } from 'mongodb';
import { EventStore } from '#libs/event-store';
import { ApiKeyRepository } from '#libs/platform';
import { summarize, type LatencySummary } from '../lib/load.js';
import { appendCase } from '../lib/seeding.js';
import { BenchProcess, findRoot, freePort } from '../lib/stack.js';

export interface ReportRenderingResult {
  events: number;
  renders: number;
  pages: number;
  bytes: number;
  render: LatencySummary;
  pagesPerSecond: number;
  /** case-api's RSS just before the first render, and the most it reached while rendering. */
  rssBeforeMb: number;
  peakRssMb: number;
}

export interface ReportRenderingOptions {
  db: Db;
  apiUrl: string;
  caseApiPid: () => number | undefined;
  events?: number;
  renders?: number;
  log?: (message: string) => void;
}

const ORGANISATION = { name: 'BPJS Kesehatan', timeZone: 'Asia/Jakarta' };
const RSS_SAMPLE_MS = 20;

function rssMb(pid: number | undefined): number {
  if (pid === undefined) return 0;
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  return Math.round(Number(/VmRSS:\s+(\d+) kB/.exec(status)?.[1] ?? 0) / 1024);
}

/** Seeds one case of `events` events into the event store, then asks case-api for its PDF report `renders` times. */
export async function measureReportRendering({
  db,
  apiUrl,
  caseApiPid,
  events = 1_000,
  renders = 5,
  log = () => {},
}: ReportRenderingOptions): Promise<ReportRenderingResult> {
  const caseId = randomUUID();
  await appendCase(new EventStore(db), caseId, events, { eventsPerCommit: 100, singleTail: 0 });
  const key = `bench-report-admin-${randomBytes(24).toString('hex')}`;
  await new ApiKeyRepository(db).create({ name: `bench-report-admin-${caseId}`, role: 'admin' }, key);
  const headers = { authorization: `Bearer ${key}` };
  const profile = await fetch(`${apiUrl}/v1/organisation-profile`, {
    method: 'PUT',
    headers: { ...headers, 'content-type': 'application/json' },
    body: JSON.stringify(ORGANISATION),
  });
  if (!profile.ok) throw new Error(`PUT /v1/organisation-profile → ${profile.status}`);

  const rssBeforeMb = rssMb(caseApiPid());
  let peakRssMb = rssBeforeMb;
  const sampler = setInterval(() => (peakRssMb = Math.max(peakRssMb, rssMb(caseApiPid()))), RSS_SAMPLE_MS);
  const times: number[] = [];
  let pdf = Buffer.alloc(0);
  try {
    for (let i = 0; i < renders; i++) {
      const begun = performance.now();
      const answer = await fetch(`${apiUrl}/v1/cases/${caseId}/report?asOf=2021-06-01T00:00:00Z`, {
        headers: { ...headers, accept: 'application/pdf' },
      });
      if (!answer.ok) throw new Error(`GET report → ${answer.status}`);
      pdf = Buffer.from(await answer.arrayBuffer());
      times.push(performance.now() - begun);
    }
  } finally {
    clearInterval(sampler);
  }
  const pages = (pdf.toString('latin1').match(/\/Type \/Page\b/g) ?? []).length;
  const render = summarize(times);
  const result = {
    events,
    renders,
    pages,
    bytes: pdf.length,
    render,
    pagesPerSecond: Math.round((pages / (render.p50Ms / 1000)) * 10) / 10,
    rssBeforeMb,
    peakRssMb,
  };
  log(
    `report of ${events} events: ${pages} pages, p50 ${render.p50Ms} ms (${result.pagesPerSecond} pages/s), ` +
      `case-api RSS ${rssBeforeMb} → ${peakRssMb} MB`,
  );
  return result;
}

/** On its own: a case-api of its own on a database of its own, one measurement, printed as JSON. */
async function standalone(): Promise<void> {
  const root = findRoot();
  const mongoUrl = process.env.MONGO_URL;
  const kafkaBrokers = process.env.KAFKA_BROKERS;
  if (!mongoUrl || !kafkaBrokers) throw new Error('set MONGO_URL and KAFKA_BROKERS');
  const database = `bench_report_${Date.now()}`;
  const mongo = new MongoClient(mongoUrl, { retryWrites: false });
  await mongo.connect();
  const caseApi = new BenchProcess({
    name: 'case-api',
    script: join(root, 'dist', 'apps', 'case-api', 'src', 'main.js'),
    port: await freePort(),
    env: { MONGO_URL: mongoUrl, KAFKA_BROKERS: kafkaBrokers, MONGO_DB: database, NODE_ENV: 'production' },
    logFile: join(root, '.local', 'bench', `${database}-case-api.log`),
    readyPath: '/health/ready',
  });
  try {
    await caseApi.start();
    const result = await measureReportRendering({
      db: mongo.db(database),
      apiUrl: caseApi.url,
      caseApiPid: () => caseApi.pid,
      events: Number(process.env.BENCH_REPORT_EVENTS ?? 1_000),
      renders: Number(process.env.BENCH_REPORT_RENDERS ?? 5),
      log: (message) => console.log(`[bench] ${message}`),
    });
    console.log(JSON.stringify(result, null, 2));
  } finally {
    await caseApi.stop();
    await mongo.db(database).dropDatabase();
    await mongo.close();
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) await standalone();
