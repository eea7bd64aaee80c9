/** One scrape of an app's GET /metrics (Prometheus text): series (`name{labels}`) → value. */
export type MetricsSnapshot = Map<string, number>;

export async function scrapeMetrics(baseUrl: string): Promise<MetricsSnapshot> {
  const snapshot: MetricsSnapshot = new Map();
  try {
    const response = await fetch(`${baseUrl}/metrics`, { signal: AbortSignal.timeout(5_000) });
    if (!response.ok) return snapshot;
    for (const line of (await response.text()).split('\n')) {
      if (!line || line.startsWith('#')) continue;
      const at = line.lastIndexOf(' ');
      const value = Number(line.slice(at + 1));
      if (Number.isFinite(value)) snapshot.set(line.slice(0, at), value);
    }
  } catch {
    // A frozen or busy app: the snapshot stays empty and the figures that need it say so.
  }
  return snapshot;
}

/** Sum of every series of `name` whose labels contain all of `labels` (e.g. `outcome="applied"`). */
export function metricSum(snapshot: MetricsSnapshot, name: string, ...labels: string[]): number {
  let sum = 0;
  for (const [series, value] of snapshot) {
    const bare = series.split('{')[0];
    if (bare === name && labels.every((label) => series.includes(label))) sum += value;
  }
  return sum;
}

export interface PipelineCounters {
  commandsAccepted: number;
  /** Sum and count of case-api's own load → decide → append timing (breachline_command_append_seconds). */
  commandAppendSeconds: { sum: number; count: number };
  relayPublished: number;
  unpublishedCommits: number;
  projectedStatus: number;
  projectionLagSeconds: number;
}

export async function pipelineCounters(urls: {
  caseApi: string;
  relay: string;
  projector: string;
}): Promise<PipelineCounters> {
  const [api, relay, projector] = await Promise.all([urls.caseApi, urls.relay, urls.projector].map(scrapeMetrics));
  return {
    commandsAccepted: metricSum(api, 'breachline_commands_total', 'outcome="accepted"'),
    commandAppendSeconds: {
      sum: metricSum(api, 'breachline_command_append_seconds_sum'),
      count: metricSum(api, 'breachline_command_append_seconds_count'),
    },
    relayPublished: metricSum(relay, 'breachline_relay_published_events_total'),
    unpublishedCommits: metricSum(relay, 'breachline_unpublished_commits'),
    projectedStatus: metricSum(
      projector,
      'breachline_projector_events_total',
      'projection="case_status"',
      'outcome="applied"',
    ),
    projectionLagSeconds: metricSum(projector, 'breachline_projection_lag_seconds', 'projection="case_status"'),
  };
}

export interface MemoryBreakdown {
  rssMb: number;
  heapTotalMb: number;
  heapUsedMb: number;
  externalMb: number;
}

/** An app's memory as its own default metrics see it (prom-client, prefix breachline_). */
export async function memoryBreakdown(baseUrl: string): Promise<MemoryBreakdown | undefined> {
  const metrics = await scrapeMetrics(baseUrl);
  const mb = (name: string) => Math.round((metricSum(metrics, name) / 1024 / 1024) * 10) / 10;
  if (metrics.size === 0) return undefined;
  return {
    rssMb: mb('breachline_process_resident_memory_bytes'),
    heapTotalMb: mb('breachline_nodejs_heap_size_total_bytes'),
    heapUsedMb: mb('breachline_nodejs_heap_size_used_bytes'),
    externalMb: mb('breachline_nodejs_external_memory_bytes'),
  };
}
