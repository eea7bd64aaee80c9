// The notifier as a real process: case events from Kafka become signed Standard Webhooks POSTs to real HTTP receivers
// on loopback (allowed here by WEBHOOK_ALLOW_PRIVATE_ADDRESSES=true). The whole path: API → event store → relay →
// Kafka → notifier → receiver. Giving up and the private-address guard are in notifier-limits.
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { seedCase } from './fixtures/seed-case.js';
import { AppProcess } from './support/app-process.js';
import { eventually } from './support/http-client.js';
import { TestStack } from './support/test-stack.js';
import { freePort } from './support/free-port.js';
import {
  FAST_RETRIES,
  logOf,
  notifierHelpers,
  queueSize,
  registryOf,
  sleep,
  stopStack,
  webhookEventIds,
  deadLettersOf,
} from './support/notifier-harness.js';

describe('notifier: case events → signed regulator webhooks', () => {
  /** The whole path: API → event store → relay → Kafka → notifier → receiver. */
  let main: TestStack;
  const { extraApps, receiver, notifiedCase, supplement, stopExtras } = notifierHelpers(() => main);

  beforeAll(async () => {
    const started = Date.now();
    main = await TestStack.start('notifier', ['case-api', 'relay', 'projector', 'notifier'], { env: FAST_RETRIES });
    await registryOf(main).ensureSeeded();
    console.info(`notifier stack started in ${Date.now() - started} ms`);
  }, 120_000);

  afterAll(async () => {
    await stopExtras();
    await stopStack(main);
  }, 60_000);

  it('delivers each notification exactly once to a receiver that was down for a while', async () => {
    const hook = await receiver('down');
    await registryOf(main).setWebhook('id-pdp', hook.url, hook.secret);

    const cases: { caseId: string; notificationId: string }[] = [];
    for (let i = 0; i < 3; i++) cases.push(await notifiedCase('id-pdp'));
    await supplement(cases[0].caseId, cases[0].notificationId);
    const expectedIds = await webhookEventIds(
      main,
      cases.map((c) => c.caseId),
    );
    expect(expectedIds).toHaveLength(4);

    // Down: every delivery is tried, fails (connection refused) and backs off.
    const downSince = Date.now();
    const failing = await eventually(
      () => logOf(main).listForRegulator('id-pdp'),
      (list) => list.length === 4 && list.every((d) => d.attempts.length >= 2),
      { timeoutMs: 20_000, intervalMs: 200 },
    );
    expect(failing.map((d) => d.webhookId).sort()).toEqual(expectedIds);
    expect(failing.every((d) => d.state === 'pending' && d.attempts.every((a) => a.error && !a.status))).toBe(true);
    await sleep(Math.max(0, 3_000 - (Date.now() - downSince)));
    expect(hook.rawRequests).toBe(0);

    const upAt = Date.now();
    await hook.setMode('up');
    expect(
      await eventually(
        () => Promise.resolve(hook.uniqueDeliveries),
        (n) => n >= 4,
        { timeoutMs: 15_000, intervalMs: 50 },
      ),
    ).toBe(4);
    const catchUpMs = Date.now() - upAt;
    await eventually(
      () => queueSize(main),
      (n) => n === 0,
      { timeoutMs: 10_000 },
    );
    await sleep(1_000); // nothing more arrives once every delivery is recorded

    expect([...hook.deliveries.keys()].sort()).toEqual(expectedIds);
    expect(hook.invalidSignatures).toBe(0);
    expect(hook.rawRequests).toBe(4 + hook.duplicates);
    for (const delivery of hook.deliveries.values()) {
      expect(delivery.payload).toMatchObject({
        specversion: '1.0',
        id: delivery.webhookId,
        datacontenttype: 'application/json',
        data: { regulatorId: 'id-pdp' },
      });
    }
    const types = [...hook.deliveries.values()].map((d) => (d.payload as { type: string }).type).sort();
    expect(types).toEqual([
      'breachline.regulator.notification.created',
      'breachline.regulator.notification.created',
      'breachline.regulator.notification.created',
      'breachline.regulator.notification.supplemented',
    ]);
    const notified = [...hook.deliveries.values()].find(
      (d) => (d.payload as { subject: string; type: string }).subject === cases[1].notificationId,
    );
    expect((notified!.payload as { data: { content: unknown } }).data.content).toEqual(
      seedCase.regulatorNotification.content,
    );

    const log = await logOf(main).listForRegulator('id-pdp');
    for (const record of log) {
      expect(record).toMatchObject({ state: 'delivered', deliveredAt: expect.any(String) });
      expect(record.attempts.length).toBeGreaterThanOrEqual(2);
      expect(record.attempts.at(-1)).toMatchObject({ status: 204 });
      expect(record.attempts.slice(0, -1).every((a) => /ECONNREFUSED/.test(a.error ?? ''))).toBe(true);
      expect(record).not.toHaveProperty('body');
      expect(JSON.stringify(record)).not.toContain(hook.secret);
    }
    // The exact bytes that were signed are kept, and they are what the receiver got.
    const one = await logOf(main).get(expectedIds[0]);
    expect(one?.body).toBe(hook.deliveries.get(expectedIds[0])!.body);
    const attempts = log.reduce((sum, d) => sum + d.attempts.length, 0);
    console.info(
      `notifier: 4 deliveries, ${attempts} attempts while down ~${Math.round((upAt - downSince) / 1000)} s, ` +
        `${hook.rawRequests} requests after coming back (${hook.duplicates} duplicates), all 4 within ${catchUpMs} ms`,
    );
  });

  it('keeps a pending delivery across a SIGKILLed notifier: its successor delivers it once', async () => {
    const hook = await receiver('down');
    await registryOf(main).setWebhook('id-pdp', hook.url, hook.secret);
    const { caseId } = await notifiedCase('id-pdp');
    const [webhookId] = await webhookEventIds(main, [caseId]);
    await eventually(
      () => logOf(main).get(webhookId),
      (view) => (view?.attempts.length ?? 0) >= 2,
      { timeoutMs: 15_000 },
    );

    await main.app('notifier').kill('SIGKILL');
    await hook.setMode('up');
    const successor = new AppProcess(
      'notifier',
      await freePort(),
      main.env,
      join(
        import.meta.dirname,
        '..',
        '.local',
        'test-logs',
        process.env.BREACHLINE_TEST_RUN ?? 'local',
        'notifier-successor.log',
      ),
    );
    extraApps.push(successor);
    const restartedAt = Date.now();
    await successor.start();
    // The dead process's delivery lease has to run out first (slots of 2 × (timeout + 5 s)).
    const delivered = await eventually(
      () => logOf(main).get(webhookId),
      (view) => view?.state === 'delivered',
      { timeoutMs: 45_000, intervalMs: 200 },
    );
    const takeoverMs = Date.now() - restartedAt;
    expect(delivered?.state).toBe('delivered');
    await sleep(500);
    expect([...hook.deliveries.keys()]).toEqual([webhookId]);
    expect(hook.rawRequests).toBe(1 + hook.duplicates);
    console.info(`notifier SIGKILLed: the successor delivered the pending webhook ${takeoverMs} ms after its start`);
  }, 60_000);

  it('disables an endpoint that answers 410 and sends it nothing more', async () => {
    const gone = await receiver(410);
    const registry = registryOf(main);
    await registry.setWebhook('sg-pdpc', gone.url, gone.secret);

    const { caseId, notificationId } = await notifiedCase('sg-pdpc');
    const disabled = await eventually(
      () => registry.get('sg-pdpc'),
      (view) => Boolean(view?.webhook?.disabledAt),
      { timeoutMs: 15_000 },
    );
    expect(disabled?.webhook).toMatchObject({ url: gone.url, disabledAt: expect.any(String) });
    expect(disabled?.webhook?.disabledReason).toMatch(/410/);
    expect(gone.rawRequests).toBe(1);

    await supplement(caseId, notificationId);
    const ended = await eventually(
      () => logOf(main).listForRegulator('sg-pdpc'),
      (list) => list.length === 2 && list.every((d) => d.state === 'endpoint-gone'),
      { timeoutMs: 15_000 },
    );
    expect(ended.map((d) => d.state)).toEqual(['endpoint-gone', 'endpoint-gone']);
    const byType = (type: string) => ended.find((d) => d.type === type)!;
    expect(byType('RegulatorNotified').attempts).toEqual([expect.objectContaining({ status: 410 })]);
    expect(byType('RegulatorNotificationSupplemented').attempts).toEqual([
      expect.objectContaining({ error: expect.stringMatching(/disabled/) }),
    ]);
    await sleep(1_000);
    expect(gone.rawRequests).toBe(1);

    const letters = await deadLettersOf(main);
    expect(letters.map((m) => m.headers.dlq_webhook_state)).toEqual(['endpoint-gone', 'endpoint-gone']);
    expect(letters.map((m) => m.headers.dlq_error).every((e) => e.startsWith('WebhookEndpointGone:'))).toBe(true);
  });
});
