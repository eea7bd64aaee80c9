import { describe, expect, it } from '@jest/globals';
import { Metrics } from './metrics.module.js';

describe('Metrics', () => {
  it('returns the same metric when asked twice and renders it with the app label', async () => {
    const metrics = new Metrics('relay');
    metrics.counter('breachline_things_total', 'Things', ['outcome']).inc({ outcome: 'ok' });
    metrics.counter('breachline_things_total', 'Things', ['outcome']).inc({ outcome: 'ok' });
    expect(await metrics.registry.metrics()).toContain('breachline_things_total{outcome="ok",app="relay"} 2');
  });

  it('collects gauges when scraped', async () => {
    const metrics = new Metrics('projector');
    metrics.gauge('breachline_dlq_size', 'DLQ', [], async (gauge) => gauge.set(3));
    expect(await metrics.registry.metrics()).toContain('breachline_dlq_size{app="projector"} 3');
  });
});
