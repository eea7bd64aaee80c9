import { randomBytes, randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { StoredEvent } from '#libs/event-store';
import { DeadLetterStore, toKafkaMessage } from '#libs/messaging';
import { SecretBox } from '#libs/platform';
import { RegulatorRegistry } from '#libs/regulators';
import { WEBHOOK_QUEUE_COLLECTION, WebhookDeliveriesRepository, type WebhookDeliveryView } from '#libs/regulators';
import { seedCase } from './fixtures/seed-case.js';
import { AppProcess } from './support/app-process.js';
import { api, eventually } from './support/http-client.js';
import { readTopic } from './support/kafka-reader.js';
import { TEST_KEYS, TestStack } from './support/test-stack.js';
import { WebhookReceiver } from './support/webhook-receiver.js';
import { freePort } from './support/free-port.js';

// The notifier as a real process: case events from Kafka become signed Standard Webhooks POSTs to real HTTP receivers
// on loopback (allowed here by WEBHOOK_ALLOW_PRIVATE_ADDRESSES=true, except in the stack that checks the guard).

const SECRETS_KEY = randomBytes(32).toString('base64');
const FAST_RETRIES = {
  BREACHLINE_SECRETS_KEY: SECRETS_KEY,
  WEBHOOK_ALLOW_PRIVATE_ADDRESSES: 'true',
  NOTIFIER_BACKOFF_BASE_MS: '200',
  NOTIFIER_BACKOFF_CAP_MS: '2000',
  NOTIFIER_TIMEOUT_MS: '2000',
  NOTIFIER_POLL_MS: '250',
};

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('notifier: case events → signed regulator webhooks', () => {
  /** The whole path: API → event store → relay → Kafka → notifier → receiver. */
  let main: TestStack;
  /** Only a notifier that gives up after 3 attempts; events are produced to its topic directly. */
  let giveUp: TestStack;
  /** Only a notifier with the private-address guard on. */
  let guarded: TestStack;
  const receivers: WebhookReceiver[] = [];
  /** Apps started by a test rather than by TestStack.start. */
  const extraApps: AppProcess[] = [];

  const registryOf = (stack: TestStack) => new RegulatorRegistry(stack.db, new SecretBox(SECRETS_KEY));
  const logOf = (stack: TestStack) => new WebhookDeliveriesRepository(stack.db);
  const queueSize = (stack: TestStack) => stack.db.collection(WEBHOOK_QUEUE_COLLECTION).countDocuments();
  const receiver = async (mode: Parameters<typeof WebhookReceiver.start>[0]) => {
    const started = await WebhookReceiver.start(mode);
    receivers.push(started);
    return started;
  };
  const post = async (path: string, body: unknown) => {
    const response = await api(main.apiUrl, 'POST', path, { key: TEST_KEYS.investigator, body });
    if (response.status >= 300) throw new Error(`POST ${path}: ${response.status} ${JSON.stringify(response.body)}`);
    return response.body;
  };
  /** Report → confirmed sample → notification; returns the case and notification ids. */
  const notifiedCase = async (regulatorId: string) => {
    const { caseId } = await post('/v1/cases', seedCase.report);
    await post(`/v1/cases/${caseId}/sample-verifications`, seedCase.sampleVerification);
    // The seed content is id-pdp's; another regulator gets each field its law requires.
    const definition = await registryOf(main).get(regulatorId);
    const content =
      regulatorId === 'id-pdp'
        ? seedCase.regulatorNotification.content
        : Object.fromEntries(
            definition!.requiredContent.map(({ field, label }) => [field, `${label}: as known today`]),
          );
    const { notificationId } = await post(`/v1/cases/${caseId}/regulator-notifications`, {
      ...seedCase.regulatorNotification,
      regulatorId,
      content,
    });
    return { caseId: caseId as string, notificationId: notificationId as string };
  };
  const supplement = (caseId: string, notificationId: string) =>
    post(`/v1/cases/${caseId}/regulator-notifications/${notificationId}/supplements`, {
      supplementedAt: '2021-05-23T09:00:00Z',
      content: { update: 'The source was traced to a member-data exchange; access revoked.' },
    });
  /** Event ids of the webhook-worthy events of these cases, from the event store. */
  const webhookEventIds = async (stack: TestStack, caseIds: string[]) => {
    const commits = await stack.db.collection('case_commits').find().toArray();
    return commits
      .flatMap((commit) => commit.events as StoredEvent[])
      .filter((e) => caseIds.includes(e.caseId))
      .filter((e) => e.type === 'RegulatorNotified' || e.type === 'RegulatorNotificationSupplemented')
      .map((e) => e.eventId)
      .sort();
  };
  /** A RegulatorNotified event put straight onto a stack's case-event topic, as the relay would. */
  const publishNotification = async (stack: TestStack, regulatorId: string): Promise<StoredEvent> => {
    const caseId = randomUUID();
    const event: StoredEvent = {
      eventId: randomUUID(),
      type: 'RegulatorNotified',
      schemaVersion: 1,
      caseId,
      version: 3,
      occurredAt: new Date().toISOString(),
      recordedAt: new Date().toISOString(),
      actor: { name: 'ana', role: 'investigator' },
      correlationId: `corr-${caseId}`,
      causationId: `cause-${caseId}`,
      payload: {
        caseId,
        notificationId: randomUUID(),
        regulatorId,
        notifiedAt: '2021-05-22T12:00:00.000Z',
        content: seedCase.regulatorNotification.content,
      },
    };
    const producer = stack.kafka.producer();
    await producer.connect();
    try {
      await producer.send({ topic: stack.topics.caseEvents, acks: -1, messages: [toKafkaMessage(event)] });
    } finally {
      await producer.disconnect();
    }
    return event;
  };
  const deadLettersOf = async (stack: TestStack) =>
    (await readTopic(stack.kafka, stack.topics.caseEventsDlq)).filter((m) => m.headers.dlq_consumer === 'notifier');

  beforeAll(async () => {
    const started = Date.now();
    [main, giveUp, guarded] = await Promise.all([
      TestStack.start('notifier', ['case-api', 'relay', 'projector', 'notifier'], { env: FAST_RETRIES }),
      TestStack.start('notifier-giveup', ['notifier'], {
        env: {
          ...FAST_RETRIES,
          NOTIFIER_MAX_ATTEMPTS: '3',
          NOTIFIER_BACKOFF_BASE_MS: '100',
          NOTIFIER_BACKOFF_CAP_MS: '400',
        },
      }),
      TestStack.start('notifier-guard', ['notifier'], {
        env: { ...FAST_RETRIES, WEBHOOK_ALLOW_PRIVATE_ADDRESSES: 'false' },
      }),
    ]);
    await Promise.all([main, giveUp, guarded].map((stack) => registryOf(stack).ensureSeeded()));
    console.info(`notifier stacks started in ${Date.now() - started} ms`);
  }, 120_000);

  afterAll(async () => {
    await Promise.all(receivers.map((r) => r.stop()));
    await Promise.all(extraApps.map((app) => app.kill('SIGTERM')));
    await Promise.all(
      [main, giveUp, guarded].map(async (stack) => {
        if (!stack) return;
        await Promise.all([...stack.apps.values()].map((app) => app.kill('SIGTERM')));
        await stack.db.dropDatabase().catch(() => undefined);
        await stack.stop();
      }),
    );
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

  it('gives up after NOTIFIER_MAX_ATTEMPTS failures: state failed, a dead letter, and a replay delivers it', async () => {
    const failing = await receiver(500);
    await registryOf(giveUp).setWebhook('id-pdp', failing.url, failing.secret);
    const event = await publishNotification(giveUp, 'id-pdp');

    const failed = await eventually(
      () => logOf(giveUp).get(event.eventId),
      (view) => view?.state === 'failed',
      { timeoutMs: 15_000 },
    );
    expect(failed).toMatchObject({
      state: 'failed',
      lastError: expect.stringMatching(/gave up after 3 attempts.*HTTP 500/),
    });
    expect(failed!.attempts.map((a) => a.status)).toEqual([500, 500, 500]);
    expect(
      await eventually(
        () => queueSize(giveUp),
        (n) => n === 0,
      ),
    ).toBe(0);
    await sleep(800);
    expect(failing.rawRequests).toBe(3);

    const [letter, ...more] = await deadLettersOf(giveUp);
    expect(more).toHaveLength(0);
    expect(letter.event).toStrictEqual(event); // the original event, as it arrived
    expect(letter.headers).toMatchObject({
      dlq_consumer: 'notifier',
      dlq_webhook_id: event.eventId,
      dlq_webhook_regulator: 'id-pdp',
      dlq_webhook_state: 'failed',
      dlq_webhook_attempts: '3',
      dlq_source_topic: giveUp.topics.caseEvents,
    });
    expect(letter.headers.dlq_error).toMatch(/^WebhookDeliveryFailed: .*HTTP 500/);
    const metrics = (await api(giveUp.app('notifier').url, 'GET', '/metrics')).body as string;
    const attemptsBy = (result: string) =>
      metrics
        .split('\n')
        .find((line) => line.startsWith('breachline_webhook_attempts_total{') && line.includes(`result="${result}"`));
    expect(attemptsBy('retry')).toMatch(/ 2$/);
    expect(attemptsBy('gave-up')).toMatch(/ 1$/);

    // The operator fixes the endpoint and replays the dead letter: the delivery is re-armed, not duplicated.
    await failing.setMode('up');
    const replayed = await new DeadLetterStore(giveUp.kafka, giveUp.topics, giveUp.db).replay('all-pending');
    expect(replayed).toHaveLength(1);
    const delivered = await eventually(
      () => logOf(giveUp).get(event.eventId),
      (view) => view?.state === 'delivered',
      { timeoutMs: 15_000 },
    );
    expect(delivered?.attempts.map((a) => a.status)).toEqual([500, 500, 500, 204]);
    expect(failing.uniqueDeliveries).toBe(1);
    expect(failing.invalidSignatures).toBe(0);
  });

  it('refuses loopback addresses unless WEBHOOK_ALLOW_PRIVATE_ADDRESSES=true, without sending anything', async () => {
    const target = await receiver('up');
    const registry = registryOf(guarded);
    await registry.setWebhook('id-pdp', target.url.replace('127.0.0.1', 'localhost'), target.secret);
    await registry.setWebhook('eu-lead-sa', target.url, target.secret);
    const events = await Promise.all([
      publishNotification(guarded, 'id-pdp'),
      publishNotification(guarded, 'eu-lead-sa'),
    ]);

    const refused: WebhookDeliveryView[] = [];
    for (const event of events) {
      const view = await eventually(
        () => logOf(guarded).get(event.eventId),
        (v) => v?.state === 'failed',
        { timeoutMs: 15_000 },
      );
      refused.push(view!);
    }
    for (const view of refused) {
      expect(view.attempts).toHaveLength(1);
      expect(view.attempts[0].status).toBeUndefined();
      expect(view.lastError).toMatch(
        /refused: (localhost resolves to (127\.0\.0\.1|::1), a|127\.0\.0\.1 is a) loopback address/,
      );
      expect(view.lastError).toMatch(/WEBHOOK_ALLOW_PRIVATE_ADDRESSES=true/);
    }
    expect(
      await eventually(
        () => queueSize(guarded),
        (n) => n === 0,
      ),
    ).toBe(0);
    expect(target.rawRequests).toBe(0);
    const letters = await deadLettersOf(guarded);
    expect(letters.map((m) => m.headers.dlq_webhook_id).sort()).toEqual(events.map((e) => e.eventId).sort());
  });
});
