// Witnesses by webhook: the notifier pushes each signed ledger checkpoint, as a Standard Webhooks-signed CloudEvent,
// to every regulator whose notification it newly covers and that has a webhook; a regulator not notified gets none.
// Real stack: API, relay sealing, notifier, Kafka, FerretDB, HTTP receivers on loopback.
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { checkpointSignatureValid, type SignedCheckpoint } from '#libs/ledger';
import { LEDGER_CHECKPOINT_CLOUD_EVENT_TYPE } from '#libs/regulators';
import { eventually } from './support/http-client.js';
import { ledgerDir, ledgerEnv, newNotifiedCase, writeKeyPair } from './support/ledger-stack.js';
import {
  deadLettersOf,
  FAST_RETRIES,
  logOf,
  notifierHelpers,
  registryOf,
  sleep,
  stopStack,
} from './support/notifier-harness.js';
import type { WebhookReceiver } from './support/webhook-receiver.js';
import { TestStack } from './support/test-stack.js';

interface CheckpointEvent {
  id: string;
  type: string;
  data: SignedCheckpoint;
}

describe('ledger checkpoints pushed to the webhooks of the regulators they witness for', () => {
  let stack: TestStack;
  let publicKey: string;
  let pdp: WebhookReceiver;
  let other: WebhookReceiver;
  const { receiver, stopExtras } = notifierHelpers(() => stack);
  const checkpointsAt = (hook: WebhookReceiver) =>
    [...hook.deliveries.values()]
      .map((delivery) => ({ webhookId: delivery.webhookId, event: delivery.payload as CheckpointEvent }))
      .filter(({ event }) => event.type === LEDGER_CHECKPOINT_CLOUD_EVENT_TYPE);

  beforeAll(async () => {
    const keys = writeKeyPair(ledgerDir('ledger-witness-webhooks'), 'log');
    publicKey = readFileSync(keys.publicKeyFile, 'utf8');
    stack = await TestStack.start('ledger-witness-webhooks', ['case-api', 'relay', 'notifier'], {
      env: { ...ledgerEnv(keys), ...FAST_RETRIES, NOTIFIER_MAX_ATTEMPTS: '2' },
    });
    await registryOf(stack).ensureSeeded();
    pdp = await receiver('up');
    other = await receiver('up');
    await registryOf(stack).setWebhook('id-pdp', pdp.url, pdp.secret);
    await registryOf(stack).setWebhook('sg-pdpc', other.url, other.secret);
  }, 120_000);

  afterAll(async () => {
    await stopExtras();
    await stopStack(stack);
  }, 60_000);

  it('sends the notified regulator the signed checkpoint covering its notification, and the other regulator none', async () => {
    await newNotifiedCase(stack, 0);
    const [first] = await eventually(
      () => Promise.resolve(checkpointsAt(pdp)),
      (found) => found.length > 0,
      { timeoutMs: 30_000, intervalMs: 100 },
    );
    // The receiver verified the Standard Webhooks signature with the regulator's secret; the log's key signed the head.
    expect(pdp.invalidSignatures).toBe(0);
    expect(first.event).toMatchObject({ specversion: '1.0', datacontenttype: 'application/json' });
    expect(first.webhookId).toBe(`${first.event.id}:id-pdp`);
    expect(checkpointSignatureValid(first.event.data, publicKey)).toBe(true);
    expect(await logOf(stack).get(first.webhookId)).toMatchObject({ type: 'LedgerCheckpoint', state: 'delivered' });
    expect((await logOf(stack).get(first.webhookId))?.caseId).toBeUndefined();
    expect(other.rawRequests).toBe(0);
  });

  it('sends each checkpoint once per regulator, however often the Kafka message comes', async () => {
    const [{ event }] = checkpointsAt(pdp);
    const producer = stack.kafka.producer();
    await producer.connect();
    await producer.send({
      topic: stack.topics.ledgerCheckpoints,
      messages: [
        { key: event.data.origin, value: JSON.stringify({ checkpoint: event.data, regulatorIds: ['id-pdp'] }) },
      ],
    });
    await producer.disconnect();
    // Same key, same partition: the next checkpoint's webhook proves the notifier went past the repeated message.
    const before = checkpointsAt(pdp).length;
    await newNotifiedCase(stack, 0);
    await eventually(
      () => Promise.resolve(checkpointsAt(pdp)),
      (found) => found.length > before,
      { timeoutMs: 30_000, intervalMs: 100 },
    );
    await sleep(1_000); // a second send of the repeated checkpoint would have arrived by now
    const sizes = checkpointsAt(pdp).map(({ event: e }) => e.data.treeSize);
    expect(new Set(sizes).size).toBe(sizes.length);
    expect(sizes).toContain(event.data.treeSize);
    expect(pdp.duplicates).toBe(0);
    expect(pdp.invalidSignatures).toBe(0);
    expect(other.rawRequests).toBe(0);
  });

  it('keeps a checkpoint delivery that gives up in the log, off the case-events dead-letter topic', async () => {
    const failing = await receiver(500);
    await registryOf(stack).setWebhook('id-pdp', failing.url, failing.secret);
    const { caseId } = await newNotifiedCase(stack, 0);
    const ended = await eventually(
      () => logOf(stack).listForRegulator('id-pdp', { state: 'failed' }),
      (list) => list.some((d) => d.caseId === caseId) && list.some((d) => d.type === 'LedgerCheckpoint'),
      { timeoutMs: 30_000, intervalMs: 200 },
    );
    const checkpoint = ended.find((d) => d.type === 'LedgerCheckpoint')!;
    const notification = ended.find((d) => d.caseId === caseId)!;
    expect(checkpoint.attempts).toHaveLength(2);
    // The case event's delivery is dead-lettered as that event; the checkpoint's is not there at all.
    const deadLetters = await eventually(
      () => deadLettersOf(stack),
      (found) => found.some((m) => m.headers.dlq_webhook_id === notification.webhookId),
    );
    expect(deadLetters.map((m) => m.headers.dlq_webhook_id)).not.toContain(checkpoint.webhookId);
    expect(deadLetters.every((m) => !m.headers.dlq_webhook_id?.startsWith('ledger-checkpoint:'))).toBe(true);
  });
});
