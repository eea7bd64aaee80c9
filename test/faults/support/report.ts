import type { ScenarioCounts } from './verify.js';

export interface ScenarioTimes {
  /** Stack start → load start. */
  startMs: number;
  loadMs: number;
  /** SIGKILL → the target answering again (ready); null: nothing killed. */
  outageMs: number | null;
  /** Target ready again and load finished → every consumer caught up and every webhook received. */
  recoveryMs: number | null;
  /** Load start → SIGKILL; null: nothing killed. */
  killAfterMs: number | null;
  totalMs: number;
}

export interface ScenarioReport {
  target: string;
  counts: ScenarioCounts;
  times: ScenarioTimes;
  deadApps: string[];
  outstanding: string[];
}

const s = (ms: number | null, none = 'not reached') => (ms === null ? none : `${(ms / 1000).toFixed(1)} s`);

/** The rows of a scenario's table: [label, value]. */
export function rows({ counts: c, times: t, deadApps, outstanding }: ScenarioReport): [string, string | number][] {
  return [
    ['commands sent (logical)', c.sent],
    ['  HTTP attempts', c.attempts],
    ['2xx (final)', c.accepted],
    ['503 responses', c.responses503],
    ['  503 without Retry-After', c.responses503WithoutRetryAfter],
    ['  commands retried after 503', c.commandsWith503],
    ['  … of which then 2xx', c.commandsWith503ThenAccepted],
    ['  … 503 but committed (replayed)', c.commandsWith503ButCommitted],
    ['2xx answered as a replay', c.replayedAnswers],
    ['other 4xx (final)', c.other4xx],
    ['5xx other than 503', c.other5xx],
    ['no answer', c.noAnswer],
    ['commands skipped', c.skipped],
    ['commits in store', c.commits],
    ['  events in store', c.eventsInStore],
    ['  partial writes', c.partialWrites],
    ['Kafka messages', c.kafkaMessages],
    ['distinct events on Kafka', c.kafkaDistinctEvents],
    ['Kafka duplicates', c.kafkaDuplicates],
    ['dead letters', c.deadLetters],
    ['status docs ok', `${c.statusDocsOk}/${c.cases}`],
    ['list docs ok', `${c.listDocsOk}/${c.cases}`],
    ['timeline entries', `${c.timelineEntries}/${c.eventsInStore}`],
    ['feed items', `${c.feedItems}/${c.feedExpected}${c.feedSeqGapless ? '' : ' (seq gaps!)'}`],
    ['webhooks delivered unique', `${c.webhooksUnique}/${c.webhooksExpected}`],
    ['  webhook re-deliveries', c.webhookRedeliveries],
    ['lost', c.lost],
    ['doubled', c.doubled],
    ['apps down afterwards', deadApps.length === 0 ? 'none' : deadApps.join(', ')],
    ['kill after load start', s(t.killAfterMs, '-')],
    ['outage (kill → ready)', s(t.outageMs, '-')],
    ['recovery (ready, load done → quiet)', s(t.recoveryMs)],
    ['load duration', s(t.loadMs)],
    ['scenario total', s(t.totalMs)],
    ['still outstanding', outstanding.length === 0 ? 'none' : outstanding.join('; ')],
  ];
}

export function scenarioTable(report: ScenarioReport): string {
  const lines = rows(report);
  const width = Math.max(...lines.map(([label]) => label.length));
  return [
    `SIGKILL ${report.target} mid-load, restart`,
    ...lines.map(([label, value]) => `  ${label.padEnd(width)}  ${value}`),
  ].join('\n');
}

/** Every scenario side by side (Markdown). */
export function summaryTable(reports: readonly ScenarioReport[]): string {
  if (reports.length === 0) return '';
  const header = `| | ${reports.map((r) => r.target).join(' | ')} |`;
  const rule = `|---|${reports.map(() => '---:').join('|')}|`;
  const table = rows(reports[0]).map(
    ([label], index) => `| ${label.trim()} | ${reports.map((r) => String(rows(r)[index]?.[1] ?? '')).join(' | ')} |`,
  );
  return [header, rule, ...table].join('\n');
}
