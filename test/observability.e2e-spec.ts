import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { seedCase } from './fixtures/seed-case.js';
import { api, eventually } from './support/http-client.js';
import { readCaseEvents } from './support/kafka-reader.js';
import { TEST_KEYS, TestStack } from './support/test-stack.js';

const logLines = (file: string) =>
  readFileSync(file, 'utf8')
    .split('\n')
    .filter((line) => line.startsWith('{'))
    .map((line) => JSON.parse(line) as Record<string, unknown>);

describe('observability: metrics on every app, one correlation id across processes', () => {
  let stack: TestStack;

  beforeAll(async () => {
    stack = await TestStack.start('observability', ['case-api', 'relay', 'projector', 'notifier'], {
      env: { LOG_LEVEL: 'debug' },
    });
  }, 120_000);

  afterAll(async () => {
    await stack?.stop();
  });

  it('serves Prometheus metrics on every app, with the figures operators need', async () => {
    await api(stack.apiUrl, 'POST', '/v1/cases', { key: TEST_KEYS.investigator, body: seedCase.report });
    await api(stack.apiUrl, 'POST', '/v1/cases/6f1c1d2e-0a4b-4c5d-8e9f-0123456789ab/closure', {
      key: TEST_KEYS.investigator,
      body: { closedAt: '2021-05-22T00:00:00Z', resolution: 'false-report' },
    });
    const expected = {
      'case-api': [
        'breachline_commands_total{type="ReceiveReport",outcome="accepted",app="case-api"} 1',
        'breachline_commands_total{type="CloseCase",outcome="not-found",app="case-api"} 1',
        'breachline_command_append_seconds_bucket',
        'breachline_overdue_notifications{regulator="id-pdp",app="case-api"}',
      ],
      relay: [
        'breachline_unpublished_commits{app="relay"}',
        'breachline_relay_lag_seconds{app="relay"}',
        'breachline_relay_published_events_total',
      ],
      projector: [
        'breachline_projector_events_total',
        'breachline_projection_lag_seconds{projection="case_status"',
        'breachline_dlq_size{app="projector"} 0',
      ],
      notifier: ['breachline_webhook_queue_size'],
    } as const;
    for (const [app, series] of Object.entries(expected)) {
      const scraped = await eventually(
        () =>
          fetch(`${stack.app(app as 'relay').url}/metrics`).then(async (r) => ({
            status: r.status,
            type: r.headers.get('content-type'),
            text: await r.text(),
          })),
        (r) => series.every((s) => r.text.includes(s)),
      );
      expect(scraped.status).toBe(200);
      expect(scraped.type).toContain('text/plain');
      for (const s of series) expect(scraped.text).toContain(s);
      expect(scraped.text).toContain('breachline_process_resident_memory_bytes');
    }
  });

  it('follows one correlation id from the HTTP request through the event, Kafka and the relay and projector logs', async () => {
    const correlationId = `corr-${Date.now()}`;
    const created = await api(stack.apiUrl, 'POST', '/v1/cases', {
      key: TEST_KEYS.investigator,
      body: seedCase.report,
      headers: { 'x-correlation-id': correlationId },
    });
    expect(created.headers.get('x-correlation-id')).toBe(correlationId);
    const { caseId } = created.body;
    await eventually(
      () => api(stack.apiUrl, 'GET', `/v1/cases/${caseId}/status`, { key: TEST_KEYS.investigator }),
      (r) => r.status === 200,
    );

    const commit = await stack.db.collection('case_commits').findOne({ streamId: caseId });
    expect(commit?.events[0].correlationId).toBe(correlationId);
    const onKafka = (await readCaseEvents(stack.kafka, stack.topics.caseEvents)).filter((e) => e.caseId === caseId);
    expect(onKafka.map((e) => e.correlationId)).toEqual([correlationId]);

    const logFile = (app: string) => stack.app(app as 'relay').logFile;
    const carrying = (app: string, msg: string) =>
      logLines(logFile(app)).filter((line) => line.correlationId === correlationId && line.msg === msg);
    expect(carrying('case-api', 'request')).toEqual([
      expect.objectContaining({ method: 'POST', path: '/v1/cases', status: 201 }),
    ]);
    expect(carrying('relay', 'published')).toEqual([
      expect.objectContaining({ caseId, version: 1, type: 'ReportReceived' }),
    ]);
    await eventually(
      async () => carrying('projector', 'projected'),
      (lines) => lines.length > 0,
    );
    expect(carrying('projector', 'projected')[0]).toMatchObject({ caseId, version: 1 });
  });
});
