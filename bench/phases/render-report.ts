// The case report of a long case as PDF through case-api: pages rendered per second, and case-api's resident memory
// while it renders (the goal: at most 200 MB).
import { randomBytes, randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import type { Db } from 'mongodb';
import { EventStore } from '#libs/event-store';
import { ApiKeyRepository } from '#libs/platform';
import type { BenchRun } from '../lib/bench-run.js';
import type { BenchStack } from '../lib/bench-stack.js';
import { summarize, type LatencySummary } from '../lib/load.js';
import { appendCase } from '../lib/seeding.js';

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

/** The bench phase: one 1,000-event case rendered on the stack's case-api (BENCH_PHASES=report-rendering alone). */
export async function reportRendering(run: BenchRun, stack: BenchStack): Promise<void> {
  run.results.app.reportRendering = await run.phase('report-rendering', 'report rendering', 60_000, () => {
    run.sampler.begin('report rendering');
    const caseApi = stack.app('case-api');
    return measureReportRendering({
      db: run.db,
      apiUrl: caseApi.url,
      caseApiPid: () => caseApi.pid,
      log: (message) => run.log(message),
    });
  });
}
