// What the notifier suites (test/notifier*.e2e-spec.ts) share: the notifier settings, the registry and delivery
// log of a stack, and events put straight onto a stack's topic.
import { randomBytes, randomUUID } from 'node:crypto';
import type { StoredEvent } from '#libs/event-store';
import { toKafkaMessage } from '#libs/messaging';
import { SecretBox } from '#libs/platform';
import { RegulatorRegistry } from '#libs/regulators';
import { WEBHOOK_QUEUE_COLLECTION, WebhookDeliveriesRepository } from '#libs/regulators';
import { seedCase } from '../fixtures/seed-case.js';
import type { AppProcess } from './app-process.js';
import { api } from './http-client.js';
import { readTopic } from './kafka-reader.js';
import { TEST_KEYS, type TestStack } from './test-stack.js';
import { WebhookReceiver } from './webhook-receiver.js';

export const SECRETS_KEY = randomBytes(32).toString('base64');
export const FAST_RETRIES = {
  BREACHLINE_SECRETS_KEY: SECRETS_KEY,
  WEBHOOK_ALLOW_PRIVATE_ADDRESSES: 'true',
  NOTIFIER_BACKOFF_BASE_MS: '200',
  NOTIFIER_BACKOFF_CAP_MS: '2000',
  NOTIFIER_TIMEOUT_MS: '2000',
  NOTIFIER_POLL_MS: '250',
};

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export const registryOf = (stack: TestStack) => new RegulatorRegistry(stack.db, new SecretBox(SECRETS_KEY));
export const logOf = (stack: TestStack) => new WebhookDeliveriesRepository(stack.db);
export const queueSize = (stack: TestStack) => stack.db.collection(WEBHOOK_QUEUE_COLLECTION).countDocuments();
/** Event ids of the webhook-worthy events of these cases, from the event store. */
export const webhookEventIds = async (stack: TestStack, caseIds: string[]) => {
  const commits = await stack.db.collection('case_commits').find().toArray();
  return commits
    .flatMap((commit) => commit.events as StoredEvent[])
    .filter((e) => caseIds.includes(e.caseId))
    .filter((e) => e.type === 'RegulatorNotified' || e.type === 'RegulatorNotificationSupplemented')
    .map((e) => e.eventId)
    .sort();
};
/** A RegulatorNotified event put straight onto a stack's case-event topic, as the relay would. */
export const publishNotification = async (stack: TestStack, regulatorId: string): Promise<StoredEvent> => {
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
export const deadLettersOf = async (stack: TestStack) =>
  (await readTopic(stack.kafka, stack.topics.caseEventsDlq)).filter((m) => m.headers.dlq_consumer === 'notifier');

/** Receivers and requests of the suite whose whole stack `mainOf()` returns when a test runs. */
export function notifierHelpers(mainOf: () => TestStack) {
  const receivers: WebhookReceiver[] = [];
  /** Apps started by a test rather than by TestStack.start. */
  const extraApps: AppProcess[] = [];
  const receiver = async (mode: Parameters<typeof WebhookReceiver.start>[0]) => {
    const started = await WebhookReceiver.start(mode);
    receivers.push(started);
    return started;
  };
  const post = async (path: string, body: unknown) => {
    const response = await api(mainOf().apiUrl, 'POST', path, { key: TEST_KEYS.investigator, body });
    if (response.status >= 300) throw new Error(`POST ${path}: ${response.status} ${JSON.stringify(response.body)}`);
    return response.body;
  };
  /** Report → confirmed sample → notification; returns the case and notification ids. */
  const notifiedCase = async (regulatorId: string) => {
    const { caseId } = await post('/v1/cases', seedCase.report);
    await post(`/v1/cases/${caseId}/sample-verifications`, seedCase.sampleVerification);
    // The seed content is id-pdp's; another regulator gets each field its law requires.
    const definition = await registryOf(mainOf()).get(regulatorId);
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
  /** Stops the receivers and the apps the tests started. */
  const stopExtras = async () => {
    await Promise.all(receivers.map((r) => r.stop()));
    await Promise.all(extraApps.map((app) => app.kill('SIGTERM')));
  };
  return { extraApps, receiver, post, notifiedCase, supplement, stopExtras };
}

/** Stops a stack's apps and drops its database. */
export async function stopStack(stack: TestStack | undefined): Promise<void> {
  if (!stack) return;
  await Promise.all([...stack.apps.values()].map((app) => app.kill('SIGTERM')));
  await stack.db.dropDatabase().catch(() => undefined);
  await stack.stop();
}
