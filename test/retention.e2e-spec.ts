import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { api, eventually } from './support/http-client.js';
import { runCli } from './support/cli.js';
import { TEST_KEYS, TestStack } from './support/test-stack.js';

const PERIOD_MS = 30_000;

describe('retention: closed cases are erased RETENTION_AFTER_CLOSE after closure', () => {
  let stack: TestStack;
  const post = (path: string, body: unknown) => api(stack.apiUrl, 'POST', path, { key: TEST_KEYS.investigator, body });
  const status = (id: string) => api(stack.apiUrl, 'GET', `/v1/cases/${id}/status`, { key: TEST_KEYS.investigator });
  const timeline = (id: string) =>
    api(stack.apiUrl, 'GET', `/v1/cases/${id}/timeline`, { key: TEST_KEYS.investigator });

  const openCase = async (title: string) => {
    const created = await post('/v1/cases', {
      title,
      report: { receivedAt: '2021-05-20T06:00:00Z', channel: 'social-media', summary: `${title} summary` },
    });
    expect(created.status).toBe(201);
    return created.body.caseId as string;
  };
  const closeCase = async (caseId: string, closedAt: Date) => {
    const closed = await post(`/v1/cases/${caseId}/closure`, {
      closedAt: closedAt.toISOString(),
      resolution: 'false-report',
    });
    expect(closed.status).toBe(200);
  };

  beforeAll(async () => {
    stack = await TestStack.start('retention', ['case-api', 'relay', 'projector'], {
      env: { RETENTION_AFTER_CLOSE: 'PT30S' },
    });
  });

  afterAll(async () => {
    await stack?.stop();
  });

  it('erases a case closed longer ago than the period, not an open case nor one closed within it; the plan lists the pending one', async () => {
    const expired = await openCase('Retention expired');
    const open = await openCase('Retention open');
    const recent = await openCase('Retention recent');
    await closeCase(expired, new Date(Date.now() - 2 * PERIOD_MS));
    const recentlyClosedAt = new Date();
    await closeCase(recent, recentlyClosedAt);

    const erased = await eventually(
      () => status(expired),
      // The projector rewrites the case's read models with placeholders after the erasure event.
      (r) => r.body?.erasure !== undefined && !JSON.stringify(r.body).includes('Retention expired'),
      { timeoutMs: 20_000, intervalMs: 250 },
    );
    expect(erased.body).toMatchObject({
      title: { erased: true },
      erasure: { erasedBy: 'retention', reason: 'retention: RETENTION_AFTER_CLOSE PT30S after closure' },
    });
    const lines = await eventually(
      () => timeline(expired),
      (r) => JSON.stringify(r.body).includes('retention (system) erased the personal data'),
    );
    expect(JSON.stringify(lines.body)).toContain('RETENTION_AFTER_CLOSE PT30S after closure');

    for (const kept of [open, recent]) {
      const read = await status(kept);
      expect(read.body.erasure).toBeUndefined();
      expect(read.body.title).toMatch(/^Retention /);
    }

    const plan = await runCli(stack.env, 'retention', 'plan');
    expect(plan.code).toBe(0);
    const planned = plan.stdout.split('\n').filter((line) => line.includes(recent));
    expect(planned).toHaveLength(1);
    expect(planned[0]).toContain(new Date(recentlyClosedAt.getTime() + PERIOD_MS).toISOString());
    expect(planned[0]).toContain('retention: RETENTION_AFTER_CLOSE PT30S after closure');
    expect(plan.stdout).not.toContain(expired);
    expect(plan.stdout).not.toContain(open);
  });

  it('without RETENTION_AFTER_CLOSE the plan says retention is off', async () => {
    const plan = await runCli({ ...stack.env, RETENTION_AFTER_CLOSE: '' }, 'retention', 'plan');
    expect(plan.code).toBe(0);
    expect(plan.stdout).toContain('retention is off');
  });
});

describe('retention unset: nothing is erased automatically', () => {
  let stack: TestStack;

  beforeAll(async () => {
    stack = await TestStack.start('retention-off', ['case-api', 'relay', 'projector']);
  });

  afterAll(async () => {
    await stack?.stop();
  });

  it('leaves a case closed long ago as it is', async () => {
    const post = (path: string, body: unknown) =>
      api(stack.apiUrl, 'POST', path, { key: TEST_KEYS.investigator, body });
    const created = await post('/v1/cases', {
      title: 'Retention off',
      report: { receivedAt: '2021-05-20T06:00:00Z', channel: 'social-media', summary: 'kept' },
    });
    const caseId = created.body.caseId as string;
    expect(
      (await post(`/v1/cases/${caseId}/closure`, { closedAt: '2021-06-01T00:00:00Z', resolution: 'false-report' }))
        .status,
    ).toBe(200);
    const closed = await eventually(
      () => api(stack.apiUrl, 'GET', `/v1/cases/${caseId}/status`, { key: TEST_KEYS.investigator }),
      (r) => r.body?.closure !== undefined,
    );
    // Longer than the shortest retention poll: a runner that were on would have erased it by now.
    await new Promise((resolve) => setTimeout(resolve, 3_000));
    const read = await api(stack.apiUrl, 'GET', `/v1/cases/${caseId}/status`, { key: TEST_KEYS.investigator });
    expect(read.body).toMatchObject({ title: 'Retention off', closure: closed.body.closure });
    expect(read.body.erasure).toBeUndefined();
  });
});
