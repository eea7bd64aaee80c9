// The goals table: each goal of issue 11 as a ratio within one run, then the goals of earlier issues that still hold.
import { fmt, ms, perSecond, ratio, ratioText } from './format.js';
import type { BenchResults, ScaleResult } from './results.js';

export interface Figure {
  figure: string;
  measured: string;
  value: string;
  goal: string;
  pass: boolean;
}

const APP_PROCESSES = ['case-api', 'relay', 'projector'];
/** The store sizes the goals are stated at; a smaller run (knobs) reports its figure but cannot pass. */
const GOAL_SIZES = { backlogEvents: 5_000, rebuildEvents: 50_000, largeCases: 10_000 };

const notMeasured = (figure: string, goal: string): Figure => ({
  figure,
  measured: 'not measured (see "Skipped or failed")',
  value: '—',
  goal,
  pass: false,
});

const belowSize = (size: number, goalSize: number, what: string) =>
  size < goalSize ? `; **${fmt(size)} ${what}, under the goal's ${fmt(goalSize)}**` : '';

function commandFigures(r: BenchResults): Figure[] {
  const { raw, app } = r;
  const out: Figure[] = [];
  const commandFigure = `HTTP command throughput ÷ raw insertOne throughput, ${r.settings.concurrency} in flight`;
  if (app.commands && raw.insertOne) {
    const value = ratio(app.commands.perSecond, raw.insertOne.perSecond);
    out.push({
      figure: commandFigure,
      measured: `${perSecond(app.commands.perSecond)} ÷ ${perSecond(raw.insertOne.perSecond)}`,
      value: ratioText(value),
      goal: '≥ 0.5',
      pass: value >= 0.5,
    });
  } else out.push(notMeasured(commandFigure, '≥ 0.5'));

  const visibilityFigure = 'command → status visible, p50 / p99 at half of max load';
  if (app.visibility) {
    const { latency, errors, shed, ops, ratePerSecond } = app.visibility;
    out.push({
      figure: `${visibilityFigure} (${fmt(ratePerSecond, 1)} commands/s)`,
      measured: `${fmt(ops)} commands visible, ${errors} not (errors), ${shed} shed`,
      value: `${ms(latency.p50Ms)} / ${ms(latency.p99Ms)}`,
      goal: '≤ 150 ms / ≤ 1 s',
      pass: errors === 0 && shed === 0 && latency.p50Ms <= 150 && latency.p99Ms <= 1_000,
    });
  } else out.push(notMeasured(visibilityFigure, '≤ 150 ms / ≤ 1 s'));
  return out;
}

function projectionFigures(r: BenchResults): Figure[] {
  const { raw, app } = r;
  const out: Figure[] = [];
  const catchUpFigure = 'projector catch-up of a backlog, events/s ÷ raw bulkWrite docs/s';
  if (app.catchUp && raw.bulkWrite) {
    const { backlogEvents, durationMs, eventsPerSecond, eventsPerSecondAfterStartup, startupMs } = app.catchUp;
    const value = ratio(eventsPerSecond, raw.bulkWrite.docsPerSecond);
    out.push({
      figure: catchUpFigure,
      measured:
        `${fmt(backlogEvents)} events in ${ms(durationMs)} from the projector's start = ${perSecond(eventsPerSecond)} ÷ ` +
        `${perSecond(raw.bulkWrite.docsPerSecond)} (after its ${ms(startupMs)} start-up: ` +
        `${perSecond(eventsPerSecondAfterStartup)})${belowSize(backlogEvents, GOAL_SIZES.backlogEvents, 'events')}`,
      value: ratioText(value),
      goal: '≥ 0.5',
      pass: value >= 0.5 && backlogEvents >= GOAL_SIZES.backlogEvents,
    });
  } else out.push(notMeasured(catchUpFigure, '≥ 0.5'));

  const rebuildFigure = 'projection rebuild events/s ÷ raw bulkWrite docs/s (fixed waits included)';
  if (app.rebuild && raw.bulkWrite) {
    const { events, durationMs, eventsPerSecond, fixedPausesMs, replayEventsPerSecond } = app.rebuild;
    const value = ratio(eventsPerSecond, raw.bulkWrite.docsPerSecond);
    const replay = ratio(replayEventsPerSecond, raw.bulkWrite.docsPerSecond);
    out.push({
      figure: rebuildFigure,
      measured:
        `${fmt(events)} events in ${ms(durationMs)} = ${perSecond(eventsPerSecond)} ÷ ` +
        `${perSecond(raw.bulkWrite.docsPerSecond)} (the replay alone, without the catalog's ${ms(fixedPausesMs)} ` +
        `of waits: ${perSecond(replayEventsPerSecond)}, ratio ${fmt(replay, 2)})` +
        belowSize(events, GOAL_SIZES.rebuildEvents, 'events'),
      value: `${ratioText(value)} (replay ${fmt(replay, 2)})`,
      goal: '≥ 0.5',
      pass: value >= 0.5 && events >= GOAL_SIZES.rebuildEvents,
    });
  } else out.push(notMeasured(rebuildFigure, '≥ 0.5'));
  return out;
}

function scaleFigure(small: ScaleResult | undefined, large: ScaleResult | undefined): Figure {
  const figure = 'p50 of create, fact and status at the large store ÷ the same at the small one';
  if (!small || !large) return notMeasured(figure, '≤ 1.5 each');
  const steps = ['create', 'fact', 'status'] as const;
  const ratios = steps.map((step) => ratio(large[step].p50Ms, small[step].p50Ms));
  return {
    figure: `${figure} (${fmt(large.cases)} ÷ ${fmt(small.cases)} cases)`,
    measured:
      steps.map((step) => `${step} ${ms(large[step].p50Ms)} ÷ ${ms(small[step].p50Ms)}`).join('; ') +
      ` (${fmt(large.flows)} / ${fmt(small.flows)} flows, ${large.errors + small.errors} errors)` +
      belowSize(large.cases, GOAL_SIZES.largeCases, 'cases'),
    value: ratios.map((value) => fmt(value, 2)).join(' / '),
    goal: '≤ 1.5 each',
    pass:
      ratios.every((value) => value > 0 && value <= 1.5) &&
      large.errors + small.errors === 0 &&
      large.cases >= GOAL_SIZES.largeCases,
  };
}

function readFigures(r: BenchResults): Figure[] {
  const { raw, app } = r;
  const out: Figure[] = [scaleFigure(app.scaleSmall, app.scaleLarge)];
  const listFigure = 'list first page at the large store: our throughput ÷ the raw driver query’s';
  const list = app.listLarge;
  if (list?.ours && list.raw) {
    const value = ratio(list.ours.perSecond, list.raw.perSecond);
    out.push({
      figure: `${listFigure} (${fmt(list.cases)} cases)`,
      measured:
        `${perSecond(list.ours.perSecond)} (p50 ${ms(list.ours.latency.p50Ms)}) ÷ ${perSecond(list.raw.perSecond)} ` +
        `(p50 ${ms(list.raw.latency.p50Ms)}), ${fmt(list.matching)} matching, ${list.ours.errors + list.raw.errors} ` +
        `errors${belowSize(list.cases, GOAL_SIZES.largeCases, 'cases')}`,
      value: ratioText(value),
      goal: '≥ 0.5',
      pass: value >= 0.5 && list.ours.errors === 0 && list.cases >= GOAL_SIZES.largeCases,
    });
  } else out.push(notMeasured(listFigure, '≥ 0.5'));

  const statusFigure = `status query throughput ÷ raw findOne throughput, ${r.settings.concurrency} in flight`;
  if (app.statusQueries && raw.findOne) {
    const value = ratio(app.statusQueries.perSecond, raw.findOne.perSecond);
    out.push({
      figure: statusFigure,
      measured: `${perSecond(app.statusQueries.perSecond)} ÷ ${perSecond(raw.findOne.perSecond)}`,
      value: ratioText(value),
      goal: '≥ 0.4',
      pass: value >= 0.4,
    });
  } else out.push(notMeasured(statusFigure, '≥ 0.4'));

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

/** Goals of earlier issues that issue 11 did not replace. */
function earlierFigures(r: BenchResults): Figure[] {
  const { app } = r;
  const out: Figure[] = [];
  const appendFigure = `our append ÷ Emmett's append, same server, ${r.settings.concurrency} in flight (new / existing streams)`;
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
  } else out.push(notMeasured(appendFigure, '≥ 1.0'));

  const streamFigure = 'command p50 at stream length 1,000 ÷ at length 10 (warm / cold)';
  if (app.streamLength) {
    const { warm, cold } = app.streamLength;
    const warmRatio = ratio(warm.length1000.p50Ms, warm.length10.p50Ms);
    const coldRatio = ratio(cold.length1000.p50Ms, cold.length10.p50Ms);
    out.push({
      figure: streamFigure,
      measured:
        `warm ${ms(warm.length1000.p50Ms)} ÷ ${ms(warm.length10.p50Ms)} (n = ${warm.length1000.n}); cold, first command ` +
        `case-api gets for the case: ${ms(cold.length1000.p50Ms)} ÷ ${ms(cold.length10.p50Ms)} ` +
        `(n = ${cold.length1000.n} / ${cold.length10.n})`,
      value: `${fmt(warmRatio, 2)} / ${fmt(coldRatio, 2)}`,
      goal: '≤ 1.5',
      pass: warmRatio <= 1.5 && coldRatio <= 1.5,
    });
  } else out.push(notMeasured(streamFigure, '≤ 1.5'));

  const reportFigure = 'case report of a 1,000-event case as PDF: pages/s; case-api RSS while rendering';
  const report = app.reportRendering;
  if (report) {
    out.push({
      figure: reportFigure,
      measured:
        `${fmt(report.events)} events, ${fmt(report.pages)} pages, p50 ${ms(report.render.p50Ms)} of ${report.renders} ` +
        `renders; RSS ${fmt(report.rssBeforeMb)} → ${fmt(report.peakRssMb)} MB`,
      value: `${fmt(report.pagesPerSecond, 1)} pages/s, ${fmt(report.peakRssMb)} MB`,
      goal: '≤ 200 MB',
      pass: report.peakRssMb > 0 && report.peakRssMb <= 200,
    });
  } else out.push(notMeasured(reportFigure, '≤ 200 MB'));
  out.push(...encryptionFigures(r));
  return out;
}

/** Issue 13's price of encryption: each side with the personal-data codec ÷ without it, same run (≤ 10 % slower). */
function encryptionFigures(r: BenchResults): Figure[] {
  const cost = r.app.encryption;
  const goal = '≥ 0.90';
  const commandFigure = `case commands (DecideAndAppend) encrypted ÷ unencrypted, ${r.settings.concurrency} in flight`;
  const projectorFigure = "projector's decode + apply (case_status, case_list), encrypted ÷ unencrypted events/s";
  if (!cost) return [notMeasured(commandFigure, goal), notMeasured(projectorFigure, goal)];
  const commands = ratio(cost.encrypted.perSecond, cost.unencrypted.perSecond);
  const { projector } = cost;
  const projection = ratio(projector.encryptedPerSecond, projector.unencryptedPerSecond);
  return [
    {
      figure: commandFigure,
      measured: `${perSecond(cost.encrypted.perSecond)} ÷ ${perSecond(cost.unencrypted.perSecond)}`,
      value: ratioText(commands),
      goal,
      pass: commands >= 0.9,
    },
    {
      figure: projectorFigure,
      measured:
        `${perSecond(projector.encryptedPerSecond)} ÷ ${perSecond(projector.unencryptedPerSecond)} ` +
        `(${fmt(projector.events)} / ${fmt(projector.unencryptedEvents)} events)`,
      value: ratioText(projection),
      goal,
      pass: projection >= 0.9,
    },
  ];
}

export function figures(r: BenchResults): { issue: Figure[]; earlier: Figure[] } {
  return { issue: [...commandFigures(r), ...projectionFigures(r), ...readFigures(r)], earlier: earlierFigures(r) };
}
