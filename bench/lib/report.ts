import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import { join } from 'node:path';
import type { Db } from 'mongodb';
import type { LatencySummary, LoadResult, OpenLoopResult } from './load.js';
import type { InProcessProfile } from './profile.js';
import type { BulkWriteResult, CostModelRow, KafkaRawResult } from './raw-limits.js';
import type { WindowUsage } from './sampler.js';
import type { ReportRenderingResult } from '../phases/render-report.js';
import { summarizeProfile } from './cpu-profile.js';

export type VisibilityResult = OpenLoopResult & {
  ackLatency: LatencySummary;
  projectorLag: LatencySummary;
  conflictRetries: number;
};

export interface MachineDetails {
  cpuModel: string;
  cores: number;
  memoryGb: number;
  os: string;
  kernel: string;
  node: string;
  loadAverageAtStart: number[];
  servers: { ferretdb: string; ferretdbBackend: string; mongoProtocolVersion: string; kafka: string };
  libraries: Record<string, string>;
}

export interface StreamLengthResult {
  seedMs: number;
  projectedAfterMs: number;
  cold: { length10: LatencySummary; length1000: LatencySummary };
  warm: { length10: LatencySummary; length1000: LatencySummary };
}

export interface RebuildResult {
  name: string;
  from: string;
  to: string;
  events: number;
  cases: number;
  commits: number;
  durationMs: number;
  eventsPerSecond: number;
  fixedPausesMs: number;
  replayMs: number;
  replayEventsPerSecond: number;
  seedMs: number;
  documentBytes: number;
}

export interface AppendComparison {
  emmett: { version: string; mongodbDriver: string };
  ours: { newStreams: LoadResult; existingStreams: LoadResult; commitDocuments: number };
  emmettResults: { newStreams: LoadResult; existingStreams: LoadResult; streamDocuments: number };
  eventBytes: number;
}

/** Every part is optional: a phase that was skipped or failed is named in `skipped` instead. */
export interface BenchResults {
  runId: string;
  startedAt: string;
  finishedAt: string;
  durationS: number;
  machine: MachineDetails;
  settings: Record<string, string | number | boolean>;
  raw: {
    insertOne?: LoadResult;
    findOne?: LoadResult;
    bulkWrite?: BulkWriteResult;
    kafka?: KafkaRawResult;
    costModel?: CostModelRow[];
    bareGet?: LoadResult;
    barePost?: LoadResult;
    healthLive?: LoadResult;
  };
  app: {
    commands?: LoadResult;
    commandsPipelinePaused?: LoadResult;
    commandMix?: string;
    drainAfterCommandsMs?: number;
    /** From the apps' /metrics: case-api's own command time, projector progress and backlog, by phase. */
    pipeline: Record<string, Record<string, number | string | undefined>>;
    statusQueries?: LoadResult;
    visibility?: VisibilityResult;
    /** The same at an eighth of the maximum: the pipeline's latency when the database is not saturated. */
    visibilityEighth?: VisibilityResult;
    streamLength?: StreamLengthResult;
    reportRendering?: ReportRenderingResult;
    rebuild?: RebuildResult;
    append?: AppendComparison;
  };
  skipped: { phase: string; reason: string }[];
  usage: {
    windows: WindowUsage[];
    overallMaxRssMb: Record<string, number>;
    memoryByPhase?: Record<
      string,
      Record<string, { rssMb: number; heapTotalMb: number; heapUsedMb: number; externalMb: number }>
    >;
    commands?: WindowUsage;
    statusQueries?: WindowUsage;
    visibility?: WindowUsage;
  };
  profiles: InProcessProfile[];
}

export interface Figure {
  figure: string;
  measured: string;
  value: string;
  goal: string;
  pass: boolean;
}

const APP_PROCESSES = ['case-api', 'relay', 'projector'];

export async function machineDetails(root: string, db: Db): Promise<MachineDetails> {
  const osRelease = existsSync('/etc/os-release') ? readFileSync('/etc/os-release', 'utf8') : '';
  const prettyName = /PRETTY_NAME="([^"]+)"/.exec(osRelease)?.[1] ?? `${os.type()} ${os.release()}`;
  const goMod = readFileSync(join(root, 'infra', 'local', 'ferretdb', 'go.mod'), 'utf8');
  const ferretdb = /github\.com\/FerretDB\/FerretDB (v[\d.]+)/.exec(goMod)?.[1] ?? 'unknown';
  const kafkaLibs = join(root, '.local', 'kafka', 'libs');
  const kafkaJar = existsSync(kafkaLibs)
    ? readdirSync(kafkaLibs).find((f) => /^kafka-server-[\d.]+\.jar$/.test(f))
    : undefined;
  const buildInfo = (await db.admin().command({ buildInfo: 1 })) as { version?: string };
  const require = createRequire(join(root, 'package.json'));
  const versionOf = (name: string) => (require(`${name}/package.json`) as { version: string }).version;
  return {
    cpuModel: os.cpus()[0]?.model ?? 'unknown',
    cores: os.cpus().length,
    memoryGb: Math.round((os.totalmem() / 1024 ** 3) * 10) / 10,
    os: prettyName,
    kernel: os.release(),
    node: process.version,
    loadAverageAtStart: os.loadavg().map((value) => Math.round(value * 100) / 100),
    servers: {
      ferretdb: `FerretDB ${ferretdb}`,
      ferretdbBackend: 'SQLite',
      mongoProtocolVersion: buildInfo.version ?? 'unknown',
      kafka: kafkaJar
        ? `Apache Kafka ${/([\d.]+)\.jar$/.exec(kafkaJar)?.[1]} (KRaft, one node)`
        : 'Apache Kafka (external)',
    },
    libraries: Object.fromEntries(
      ['mongodb', 'kafkajs', '@nestjs/core', '@nestjs/platform-fastify', 'fastify', 'typescript'].map((name) => [
        name,
        versionOf(name),
      ]),
    ),
  };
}

const fmt = (value: number, digits = 0) =>
  value.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
const ratio = (a: number, b: number) => (b > 0 ? a / b : 0);
const ms = (value: number) => `${fmt(value, value < 10 ? 1 : 0)} ms`;
const perSecond = (value: number) => `${fmt(value)}/s`;

const NOT_MEASURED = (figure: string, goal: string): Figure => ({
  figure,
  measured: 'not measured (see "Skipped or failed")',
  value: '—',
  goal,
  pass: false,
});

export function figures(r: BenchResults): Figure[] {
  const { raw, app } = r;
  const concurrency = r.settings.concurrency;
  const out: Figure[] = [];

  const commandFigure = `HTTP command throughput ÷ raw insertOne throughput, ${concurrency} in flight`;
  if (app.commands && raw.insertOne) {
    const value = ratio(app.commands.perSecond, raw.insertOne.perSecond);
    out.push({
      figure: commandFigure,
      measured: `${perSecond(app.commands.perSecond)} ÷ ${perSecond(raw.insertOne.perSecond)}`,
      value: fmt(value, value < 1 ? 3 : 2),
      goal: '≥ 0.5',
      pass: value >= 0.5,
    });
  } else out.push(NOT_MEASURED(commandFigure, '≥ 0.5'));

  const appendFigure = `our append ÷ Emmett's append, same server, ${concurrency} in flight (new / existing streams)`;
  if (app.append) {
    const { ours, emmettResults: emmett } = app.append;
    const newRatio = ratio(ours.newStreams.perSecond, emmett.newStreams.perSecond);
    const existingRatio = ratio(ours.existingStreams.perSecond, emmett.existingStreams.perSecond);
    out.push({
      figure: appendFigure,
      measured:
        `new streams ${perSecond(ours.newStreams.perSecond)} ÷ ${perSecond(emmett.newStreams.perSecond)}; ` +
        `existing ${perSecond(ours.existingStreams.perSecond)} ÷ ${perSecond(emmett.existingStreams.perSecond)}`,
      value: `${fmt(newRatio, 1)} / ${fmt(existingRatio, 1)}`,
      goal: '≥ 1.0',
      pass: newRatio >= 1 && existingRatio >= 1,
    });
  } else out.push(NOT_MEASURED(appendFigure, '≥ 1.0'));

  const visibilityFigure = 'command → status visible, p50 / p99 at half of max load';
  if (app.visibility) {
    const { latency, errors, shed, ops, ratePerSecond } = app.visibility;
    out.push({
      figure: `${visibilityFigure} (${fmt(ratePerSecond, 1)} commands/s)`,
      measured: `${fmt(ops)} commands visible, ${errors} not (errors), ${shed} shed`,
      value: `${ms(latency.p50Ms)} / ${ms(latency.p99Ms)}`,
      goal: '≤ 150 ms / ≤ 1 s',
      pass: errors === 0 && latency.p50Ms <= 150 && latency.p99Ms <= 1_000,
    });
  } else out.push(NOT_MEASURED(visibilityFigure, '≤ 150 ms / ≤ 1 s'));

  const rebuildFigure = 'projection rebuild events/s ÷ raw bulkWrite docs/s';
  if (app.rebuild && raw.bulkWrite) {
    const value = ratio(app.rebuild.eventsPerSecond, raw.bulkWrite.docsPerSecond);
    const replay = ratio(app.rebuild.replayEventsPerSecond, raw.bulkWrite.docsPerSecond);
    out.push({
      figure: rebuildFigure,
      measured:
        `${fmt(app.rebuild.events)} events in ${ms(app.rebuild.durationMs)} = ${perSecond(app.rebuild.eventsPerSecond)} ÷ ` +
        `${perSecond(raw.bulkWrite.docsPerSecond)} (the replay alone, without the catalog's ${ms(app.rebuild.fixedPausesMs)} ` +
        `of waits: ${perSecond(app.rebuild.replayEventsPerSecond)}, ratio ${fmt(replay, 2)})`,
      value: `${fmt(value, value < 1 ? 3 : 2)} (replay ${fmt(replay, 2)})`,
      goal: '≥ 0.5',
      pass: value >= 0.5,
    });
  } else out.push(NOT_MEASURED(rebuildFigure, '≥ 0.5'));

  const streamFigure = 'command p50 at stream length 1,000 ÷ at length 10 (warm / cold)';
  if (app.streamLength) {
    const { warm, cold } = app.streamLength;
    const warmRatio = ratio(warm.length1000.p50Ms, warm.length10.p50Ms);
    const coldRatio = ratio(cold.length1000.p50Ms, cold.length10.p50Ms);
    out.push({
      figure: streamFigure,
      measured:
        `warm ${ms(warm.length1000.p50Ms)} ÷ ${ms(warm.length10.p50Ms)} (n = ${warm.length1000.n}); cold, first command ` +
        `case-api gets for the case: ${ms(cold.length1000.p50Ms)} ÷ ${ms(cold.length10.p50Ms)} (n = ${cold.length1000.n} / ${cold.length10.n})`,
      value: `${fmt(warmRatio, 2)} / ${fmt(coldRatio, 2)}`,
      goal: '≤ 1.5',
      pass: warmRatio <= 1.5 && coldRatio <= 1.5,
    });
  } else out.push(NOT_MEASURED(streamFigure, '≤ 1.5'));

  const statusFigure = `status query throughput ÷ raw findOne throughput, ${concurrency} in flight`;
  if (app.statusQueries && raw.findOne) {
    const value = ratio(app.statusQueries.perSecond, raw.findOne.perSecond);
    out.push({
      figure: statusFigure,
      measured: `${perSecond(app.statusQueries.perSecond)} ÷ ${perSecond(raw.findOne.perSecond)}`,
      value: fmt(value, value < 1 ? 3 : 2),
      goal: '≥ 0.4',
      pass: value >= 0.4,
    });
  } else out.push(NOT_MEASURED(statusFigure, '≥ 0.4'));

  const rss = APP_PROCESSES.map(
    (name) => [name, Math.max(0, ...r.usage.windows.map((window) => window.processes[name]?.maxRssMb ?? 0))] as const,
  );
  out.push({
    figure: 'RSS of each Node process under load (highest sample, every 250 ms)',
    measured: rss.map(([name, mb]) => `${name} ${fmt(mb)} MB`).join(', '),
    value: `${fmt(Math.max(...rss.map(([, mb]) => mb)))} MB`,
    goal: '≤ 200 MB',
    pass: rss.every(([, mb]) => mb > 0 && mb <= 200),
  });
  return out;
}

const loadRow = (what: string, result: LoadResult | undefined, notes = '') =>
  result
    ? `| ${what} | ${perSecond(result.perSecond)} | ${ms(result.latency.p50Ms)} | ${ms(result.latency.p99Ms)} | ` +
      `${fmt(result.ops)} | ${result.errors} | ${notes} |`
    : `| ${what} | not measured | | | | | |`;

const latencyRow = (what: string, summary: LatencySummary | undefined, notes = '') =>
  summary
    ? `| ${what} | ${fmt(summary.n)} | ${ms(summary.p50Ms)} | ${ms(summary.p90Ms)} | ${ms(summary.p99Ms)} | ` +
      `${ms(summary.maxMs)} | ${notes} |`
    : `| ${what} | not measured | | | | | |`;

export async function buildReport(r: BenchResults, root: string): Promise<{ json: string; markdown: string }> {
  const figureRows = figures(r);
  const { raw, app, machine, settings } = r;
  const processNames = ['case-api', 'relay', 'projector', 'ferretdb', 'kafka', 'bench (load generator)', 'bare-nest'];
  const findingsFile = join(root, 'bench', 'FINDINGS.md');
  const findings = existsSync(findingsFile) ? readFileSync(findingsFile, 'utf8').trim() : '';
  const otherBusy = r.usage.windows.map((window) => window.otherBusyCores);
  const profileSections = r.profiles
    .filter((profile) => existsSync(profile.file))
    .map((profile) => {
      const summary = summarizeProfile(profile.file, 8);
      return [
        `**${profile.label}** (\`${profile.file.replace(`${root}/`, '')}\`, busy ${fmt(summary.busyMs)} ms): ` +
          summary.byArea.map((line) => `${line.what} ${line.share}%`).join(', '),
        '',
        ...summary.topFunctions.map((line) => `- ${line.share}% \`${line.what}\``),
      ].join('\n');
    });
  const kafka = raw.kafka;
  const bulk = raw.bulkWrite;
  const append = app.append;
  const stream = app.streamLength;

  const lines = [
    '# Benchmarks',
    '',
    `Generated by \`npm run bench\` (bench/main.ts) on ${r.startedAt.slice(0, 10)}, run \`${r.runId}\`, which took ` +
      `${r.durationS} s. Every figure comes from that one run, against the same local servers; rerun the bench ` +
      'rather than editing the numbers. The findings at the end are kept in `bench/FINDINGS.md`; the raw results are ' +
      'in `bench/results/latest.json`.',
    '',
    '## Machine',
    '',
    '| | |',
    '|---|---|',
    `| CPU | ${machine.cpuModel}, ${machine.cores} cores, shared by the servers, the apps and the load generator |`,
    `| memory | ${machine.memoryGb} GB |`,
    `| OS | ${machine.os}, Linux ${machine.kernel} |`,
    `| Node | ${machine.node} |`,
    `| database | ${machine.servers.ferretdb} (${machine.servers.ferretdbBackend} backend, reports MongoDB ` +
      `${machine.servers.mongoProtocolVersion}) on 127.0.0.1:27117 |`,
    `| Kafka | ${machine.servers.kafka} on 127.0.0.1:19092 |`,
    `| libraries | ${Object.entries(machine.libraries)
      .map(([name, version]) => `${name} ${version}`)
      .join(
        ', ',
      )}${append ? `, @event-driven-io/emmett-mongodb ${append.emmett.version} (on mongodb ${append.emmett.mongodbDriver})` : ''} |`,
    `| load average at start | ${machine.loadAverageAtStart.join(' / ')} (1 / 5 / 15 min) |`,
    `| other work during the run | ${otherBusy.length ? `${fmt(Math.min(...otherBusy), 2)}–${fmt(Math.max(...otherBusy), 2)}` : '?'} ` +
      'cores busy outside the processes of the bench, by phase (see "CPU by process") |',
    '',
    '## Goals',
    '',
    '| figure | measured | value | goal | result |',
    '|---|---|---|---|---|',
    ...figureRows.map(
      (f) => `| ${f.figure} | ${f.measured} | ${f.value} | ${f.goal} | ${f.pass ? 'pass' : '**miss**'} |`,
    ),
    '',
    ...(r.skipped.length > 0
      ? ['## Skipped or failed', '', ...r.skipped.map(({ phase, reason }) => `- ${phase}: ${reason}`), '']
      : []),
    '## Raw limits, same run, same servers',
    '',
    '| what | throughput | p50 | p99 | ops | errors | notes |',
    '|---|---|---|---|---|---|---|',
    loadRow(
      'MongoDB driver insertOne, commit-sized document',
      raw.insertOne,
      `${settings.concurrency} in flight, into a new collection`,
    ),
    loadRow(
      'MongoDB driver findOne by `_id`, case_status documents',
      raw.findOne,
      `${settings.concurrency} in flight, the documents the status query reads`,
    ),
    bulk
      ? `| MongoDB driver bulkWrite of case_status documents, ${bulk.batchSize} per call | ${perSecond(bulk.docsPerSecond)} docs | ` +
        `${ms(bulk.batchLatency.p50Ms)} per call | ${ms(bulk.batchLatency.p99Ms)} per call | ${fmt(bulk.docs)} docs | 0 | one call at a time |`
      : '| MongoDB driver bulkWrite | not measured | | | | | |',
    kafka
      ? `| kafkajs produce → consume, batches of ${kafka.throughput.batchSize} | ${perSecond(kafka.throughput.messagesPerSecond)} msgs | | | ` +
        `${fmt(kafka.throughput.messages)} | 0 | ${fmt(kafka.messageBytes)}-byte messages, ${kafka.partitions} partitions, acks=all, idempotent producer |`
      : '| kafkajs produce → consume | not measured | | | | | |',
    loadRow(
      `kafkajs produce → consume, single sends at ${kafka ? fmt(kafka.latency.ratePerSecond) : '?'}/s`,
      kafka?.latency,
      'latency from send() to eachMessage',
    ),
    loadRow('bare NestJS + FastifyAdapter GET', raw.bareGet, 'no guard, pipes, logging or database'),
    loadRow('bare NestJS + FastifyAdapter POST, assignment body', raw.barePost),
    loadRow('case-api GET /health/live', raw.healthLive, 'our bootstrap, hooks and global guard; no database'),
    '',
    ...(raw.costModel
      ? [
          "FerretDB's cost per operation by collection size (1 KB documents, one operation at a time, mean ms). Only " +
            'inserts stay flat: an `_id` lookup costs in proportion to where its document lies in the table (one that ' +
            'finds nothing scans it all), and replaces and deletes by `_id` grow with the collection too:',
          '',
          '| documents | insertOne | findOne by `_id`, found | findOne by `_id`, not found | replaceOne by `_id` | deleteOne by `_id` |',
          '|---|---|---|---|---|---|',
          ...raw.costModel.map(
            (row) =>
              `| ${fmt(row.documents)} | ${ms(row.insertOne)} | ${ms(row.findOneHit)} | ${ms(row.findOneMiss)} | ` +
              `${ms(row.replaceOne)} | ${ms(row.deleteOne)} |`,
          ),
          '',
        ]
      : []),
    '## Breachline',
    '',
    '| what | throughput | p50 | p99 | ops | errors | notes |',
    '|---|---|---|---|---|---|---|',
    loadRow('HTTP commands, max load', app.commands, app.commandMix),
    loadRow(
      'HTTP commands, max load, relay and projector frozen',
      app.commandsPipelinePaused,
      'the same, with SIGSTOP on the relay and the projector: the command path without the pipeline writing to the same database',
    ),
    loadRow('HTTP GET /v1/cases/:id/status, max load', app.statusQueries, `random case of ${settings.cases}`),
    loadRow(
      'our EventStore.append, new streams',
      append?.ours.newStreams,
      append ? `one event per commit (${append.eventBytes}-byte payload), expectedVersion 0` : '',
    ),
    loadRow("Emmett's appendToStream, new streams", append?.emmettResults.newStreams, 'same payload and metadata'),
    loadRow(
      'our EventStore.append, existing streams',
      append?.ours.existingStreams,
      append
        ? `10 streams per worker, version known to the caller; ${fmt(append.ours.commitDocuments)} commits at the end`
        : '',
    ),
    loadRow(
      "Emmett's appendToStream, existing streams",
      append?.emmettResults.existingStreams,
      append
        ? `reads the version itself; ${fmt(append.emmettResults.streamDocuments)} stream documents at the end`
        : '',
    ),
    '',
    ...(app.drainAfterCommandsMs !== undefined
      ? [
          `After the max-load phase, every case was visible ${fmt(app.drainAfterCommandsMs)} ms after the last command.`,
          '',
        ]
      : []),
    ...(Object.keys(app.pipeline).length > 0
      ? [
          "From the apps' own /metrics (handlerMeanMs: load → decide → append inside case-api, without HTTP; backlog: " +
            'commands accepted but not yet in case_status; projectedPerSecond: case_status events applied per second):',
          '',
          ...Object.entries(app.pipeline).map(
            ([label, values]) =>
              `- ${label}: ${Object.entries(values)
                .filter(([, value]) => value !== undefined)
                .map(
                  ([key, value]) =>
                    `${key} ${typeof value === 'number' ? fmt(value, Number.isInteger(value) ? 0 : 1) : value}`,
                )
                .join(', ')}`,
          ),
          '',
        ]
      : []),
    '| latency | n | p50 | p90 | p99 | max | notes |',
    '|---|---|---|---|---|---|---|',
    latencyRow(
      `command → status visible at ${app.visibility ? fmt(app.visibility.ratePerSecond, 1) : '?'}/s`,
      app.visibility?.latency,
      app.visibility
        ? `open loop for ${fmt(Number(settings.visibilityMs) / 1000)} s, from the scheduled send to GET ` +
            `status?minVersion=v answering 200; ${app.visibility.conflictRetries} 409 retries`
        : '',
    ),
    latencyRow('… of which the command answer', app.visibility?.ackLatency),
    latencyRow(
      'projector lag meanwhile (recorded → in case_status)',
      app.visibility?.projectorLag,
      "the projector's breachline_projection_lag_seconds, sampled every 250 ms",
    ),
    latencyRow(
      `command → status visible at ${app.visibilityEighth ? fmt(app.visibilityEighth.ratePerSecond, 1) : '?'}/s (an eighth of max load)`,
      app.visibilityEighth?.latency,
      app.visibilityEighth
        ? `the same, open loop for ${fmt(Number(settings.visibilityMs) / 1000)} s; ${app.visibilityEighth.errors} not visible within 30 s, ` +
            `${app.visibilityEighth.conflictRetries} 409 retries`
        : '',
    ),
    latencyRow('… of which the command answer', app.visibilityEighth?.ackLatency),
    latencyRow('projector lag meanwhile (recorded → in case_status)', app.visibilityEighth?.projectorLag),
    latencyRow('command, warm, stream length 10', stream?.warm.length10, '50 commands, one at a time'),
    latencyRow('command, warm, stream length 1,000', stream?.warm.length1000, 'state in case-api memory'),
    latencyRow(
      'command, cold, stream length 10',
      stream?.cold.length10,
      'no snapshot yet (< 25 events): reads 10 commits',
    ),
    latencyRow('command, cold, stream length 1,000', stream?.cold.length1000, 'snapshot at 1,000, then one miss'),
    '',
    ...(app.rebuild
      ? [
          `Rebuild of case_status: ${fmt(app.rebuild.events)} events in ${fmt(app.rebuild.commits)} commits over ` +
            `${fmt(app.rebuild.cases)} cases, ${ms(app.rebuild.durationMs)} in all, of which ` +
            `${ms(app.rebuild.fixedPausesMs)} are the catalog's fixed waits (3 × 2 × its 1 s cache period) → ` +
            `${perSecond(app.rebuild.eventsPerSecond)} (${perSecond(app.rebuild.replayEventsPerSecond)} for the replay ` +
            `alone); a case_status document is about ${fmt(app.rebuild.documentBytes)} bytes.`,
          '',
        ]
      : []),
    '## CPU by process, per phase',
    '',
    'Cores busy (1.00 = one core) over each phase, from /proc; "other" is busy time of processes outside the bench.',
    '',
    `| phase | ${processNames.join(' | ')} | other | machine |`,
    `|---|${processNames.map(() => '---').join('|')}|---|---|`,
    ...r.usage.windows.map(
      (window) =>
        `| ${window.phase} | ${processNames.map((name) => fmt(window.processes[name]?.cpuCores ?? 0, 2)).join(' | ')} | ` +
        `${fmt(window.otherBusyCores, 2)} | ${fmt(window.machineBusyCores, 2)} |`,
    ),
    '',
    '## Memory: highest RSS over the run',
    '',
    '| process | MB |',
    '|---|---|',
    ...Object.entries(r.usage.overallMaxRssMb).map(([name, mb]) => `| ${name} | ${fmt(mb)} |`),
    '',
    ...(r.usage.memoryByPhase?.['case-api']
      ? [
          "case-api's memory at the end of each phase, from its own metrics (MB): RSS / V8 heap total / heap used / external:",
          '',
          ...Object.entries(r.usage.memoryByPhase['case-api']).map(
            ([phase, m]) =>
              `- ${phase}: ${fmt(m.rssMb)} / ${fmt(m.heapTotalMb)} / ${fmt(m.heapUsedMb)} / ${fmt(m.externalMb)}`,
          ),
        ]
      : []),
    '',
    '## Method',
    '',
    `- The bench starts its own case-api, relay and projector from \`dist/\` (database \`${settings.database}\`, ` +
      `topic prefix \`${settings.topicPrefix}\`, log level ${settings.appLogLevel}) and a bare NestJS app, and drops ` +
      'the databases, topics and consumer groups at the end.',
    `- Closed loops keep ${settings.concurrency} operations in flight for ${fmt(Number(settings.measureMs) / 1000)} s after ` +
      `a warm-up (HTTP baselines ${fmt(Number(settings.measureMs) / 2000)} s; appends ${fmt(Number(settings.appendMs) / 1000)} s ` +
      'or 5,000 operations). The load generator is a keep-alive node:http client in the bench process, on the same cores.',
    '- Commands: POST /v1/cases/:id/assignments; each worker commands its own cases, so there is no same-case contention.',
    '- Visibility: an open loop at half the command throughput measured above; each arrival sends one command, then ' +
      'GET status?minVersion=<its version> (the server waits up to 2 s, polling), again on 409.',
    `- Stream length: ${settings.shortStreams} cases of 10 events and ${settings.longStreams} of 1,000, appended with EventStore.append ` +
      'and the state cache (snapshots every 25 versions, as case-api writes them), then commanded over HTTP one at a ' +
      'time; "cold" is the first command case-api gets for a case (nothing in its memory, as after a restart), ' +
      '"warm" the later ones.',
    '- Rebuild: `rebuildReadModel(case_status)` as `projections rebuild` runs it, over a database of its own seeded with ' +
      'EventStore.append (one event per commit); the raw figure bulk-inserts as many case_status documents.',
    '- Appends: `EventStore.append` (outbox insert + commit insert, with its indexes) against Emmett `appendToStream` ' +
      '(COLLECTION_PER_STREAM_TYPE: findOne by streamName, then updateOne with upsert and $push), one database of their own.',
    '',
    ...(profileSections.length > 0
      ? ['## CPU profiles of this run', '', ...profileSections.flatMap((s) => [s, ''])]
      : []),
    ...(findings ? [findings, ''] : []),
  ];
  const markdown = await formatWithPrettier(lines.join('\n'), 'markdown', root);
  const json = await formatWithPrettier(JSON.stringify({ figures: figureRows, ...r }, null, 2), 'json', root);
  return { json, markdown };
}

/** The repository's Prettier settings, so that `npm run lint` accepts the generated files as they are written. */
async function formatWithPrettier(text: string, parser: 'markdown' | 'json', root: string): Promise<string> {
  try {
    const prettier = await import('prettier');
    const options = (await prettier.resolveConfig(join(root, 'BENCHMARKS.md'))) ?? {};
    return await prettier.format(text, { ...options, parser });
  } catch {
    return `${text}\n`;
  }
}
