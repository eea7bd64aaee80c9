// The notifier's limits as a real process, each on a stack of only a notifier, with events produced to its topic
// directly: giving up after NOTIFIER_MAX_ATTEMPTS (a dead letter, replayed), and the private-address guard.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { DeadLetterStore } from '#libs/messaging';
import { type WebhookDeliveryView } from '#libs/regulators';
import { api, eventually } from './support/http-client.js';
import { TestStack } from './support/test-stack.js';
import {
  deadLettersOf,
  FAST_RETRIES,
  logOf,
  notifierHelpers,
  publishNotification,
  queueSize,
  registryOf,
  sleep,
  stopStack,
} from './support/notifier-harness.js';

describe('notifier: giving up and the private-address guard', () => {
  /** Only a notifier that gives up after 3 attempts; events are produced to its topic directly. */
  let giveUp: TestStack;
  /** Only a notifier with the private-address guard on. */
  let guarded: TestStack;
  const { receiver, stopExtras } = notifierHelpers(() => giveUp);

  beforeAll(async () => {
    const started = Date.now();
    [giveUp, guarded] = await Promise.all([
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
    await Promise.all([giveUp, guarded].map((stack) => registryOf(stack).ensureSeeded()));
    console.info(`notifier stacks started in ${Date.now() - started} ms`);
  }, 120_000);

  afterAll(async () => {
    await stopExtras();
    await Promise.all([giveUp, guarded].map(stopStack));
  }, 60_000);

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
