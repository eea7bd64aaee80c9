import type { Admin } from 'kafkajs';
import type { CommitDocument, StoredEvent } from '#libs/event-store';
import { consumerGroupFor } from '#libs/messaging';
import { REGULATOR_FEED_COLLECTION } from '#libs/read-models';
import { WEBHOOK_QUEUE_COLLECTION } from '#libs/regulators';
import { expectedReadModels } from '../../support/expected-read-models.js';
import { readTopic } from '../../support/kafka-reader.js';
import type { TestStack } from '../../support/test-stack.js';
import type { WebhookReceiver } from '../../support/webhook-receiver.js';
import type { LoadResult } from './command-load.js';

const FEED_TYPES = new Set(['RegulatorNotified', 'RegulatorNotificationSupplemented', 'RegulatorAcknowledged']);
const WEBHOOK_TYPES = new Set(['RegulatorNotified', 'RegulatorNotificationSupplemented']);
/** Actor name of TEST_KEYS.investigator: case-api scopes Idempotency-Keys by it. */
const ACTOR = 'ana';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const ok = (status: number) => status >= 200 && status < 300;

export interface Quiescence {
  reached: boolean;
  /** When every condition first held (epoch ms), or when waiting gave up. */
  at: number;
  /** What was still outstanding when waiting gave up. */
  outstanding: string[];
}

/**
 * Waits until nothing is under way: the outbox is empty, the projector's and the notifier's consumer groups have
 * committed every partition's end, the webhook queue is empty and every webhook-worthy event in the store reached
 * the receiver.
 */
export async function waitForQuiescence(
  stack: TestStack,
  receiver: WebhookReceiver,
  { timeoutMs = 90_000, intervalMs = 200 } = {},
): Promise<Quiescence> {
  const deadline = Date.now() + timeoutMs;
  const admin = stack.kafka.admin();
  let outstanding: string[] = ['not checked yet'];
  try {
    await admin.connect();
    for (;;) {
      const work = await outstandingWork(stack, receiver, admin).catch((error: Error) => ({
        busy: [`check failed: ${error.message}`],
        missing: [],
      }));
      outstanding = [...work.busy, ...work.missing];
      // Nothing under way any more: what is missing now will never come.
      if (work.busy.length === 0) return { reached: work.missing.length === 0, at: Date.now(), outstanding };
      if (Date.now() > deadline) return { reached: false, at: Date.now(), outstanding };
      await sleep(intervalMs);
    }
  } finally {
    await admin.disconnect().catch(() => undefined);
  }
}

/** `busy`: work still under way; `missing`: webhooks not received although nothing is under way. */
async function outstandingWork(
  stack: TestStack,
  receiver: WebhookReceiver,
  admin: Admin,
): Promise<{ busy: string[]; missing: string[] }> {
  const busy: string[] = [];
  const outbox = await stack.db.collection('case_outbox').countDocuments();
  if (outbox > 0) busy.push(`${outbox} commits in the outbox`);
  const topic = stack.topics.caseEvents;
  const ends = await admin.fetchTopicOffsets(topic);
  for (const app of ['projector', 'notifier'] as const) {
    const [committed] = await admin.fetchOffsets({
      groupId: consumerGroupFor(stack.env.KAFKA_TOPIC_PREFIX, app),
      topics: [topic],
    });
    const lag = ends.reduce((sum, { partition, high }) => {
      const at = Number(committed?.partitions.find((p) => p.partition === partition)?.offset ?? '-1');
      return sum + Number(high) - Math.max(at, 0);
    }, 0);
    if (lag > 0) busy.push(`${app} lag ${lag}`);
  }
  const queued = await stack.db.collection(WEBHOOK_QUEUE_COLLECTION).countDocuments();
  if (queued > 0) busy.push(`${queued} webhooks queued`);
  if (busy.length > 0) return { busy, missing: [] };
  const webhookEvents = (await storedEvents(stack)).filter((e) => WEBHOOK_TYPES.has(e.type));
  const missing = webhookEvents.filter((e) => !receiver.deliveries.has(e.eventId)).length;
  // A delivery is dequeued only after the receiver answered, so an empty queue means nothing is on its way.
  return { busy, missing: missing > 0 ? [`${missing} webhooks never sent (nothing queued)`] : [] };
}

async function storedEvents(stack: TestStack): Promise<StoredEvent[]> {
  const commits = await stack.db.collection<CommitDocument>('case_commits').find().toArray();
  return commits.flatMap((commit) => commit.events);
}

/** Key order does not matter and undefined fields are absent, as with toEqual. */
function canonical(value: unknown): string {
  return JSON.stringify(value, (_, v: unknown) =>
    v && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([a], [b]) => a.localeCompare(b)))
      : v,
  );
}

export interface ScenarioCounts {
  // requests
  sent: number;
  attempts: number;
  accepted: number;
  responses503: number;
  responses503WithoutRetryAfter: number;
  commandsWith503: number;
  commandsWith503ThenAccepted: number;
  /** Commands that got a 503 although their commit was written: the retry with the same key replayed it. */
  commandsWith503ButCommitted: number;
  /** Commands whose final answer carried Idempotent-Replayed: their commit was written by an earlier attempt. */
  replayedAnswers: number;
  other4xx: number;
  other5xx: number;
  noAnswer: number;
  skipped: number;
  // event store
  commits: number;
  eventsInStore: number;
  acceptedWithoutCommit: number;
  commitsWithoutAcceptedCommand: number;
  /** A command that ended without a 2xx, yet its commit is in the store. */
  partialWrites: number;
  acceptedAnswerMismatch: number;
  // Kafka
  kafkaMessages: number;
  kafkaDistinctEvents: number;
  kafkaDuplicates: number;
  missingOnKafka: number;
  unknownOnKafka: number;
  /** Messages on the dead-letter topic: a healthy event there is missing from the read models until replayed. */
  deadLetters: number;
  // read models
  cases: number;
  statusDocsOk: number;
  statusVersionMismatch: number;
  listDocsOk: number;
  timelineEntries: number;
  timelineMissing: number;
  timelineWrong: number;
  feedExpected: number;
  feedItems: number;
  feedMissing: number;
  feedDoubled: number;
  feedSeqGapless: boolean;
  // webhooks
  webhooksExpected: number;
  webhooksUnique: number;
  webhooksRaw: number;
  webhookRedeliveries: number;
  webhooksMissing: number;
  webhooksUnknown: number;
  webhookBadSignatures: number;
  // totals
  lost: number;
  doubled: number;
}

/** Compares what clients were told with the store, Kafka, the read models and the webhook receiver. */
export async function verifyScenario(
  stack: TestStack,
  load: LoadResult,
  receiver: WebhookReceiver,
): Promise<ScenarioCounts> {
  const { commands } = load;
  const attempts = commands.flatMap((c) => c.attempts);
  const commits = await stack.db.collection<CommitDocument>('case_commits').find().toArray();
  const commitsByKey = new Map<string, CommitDocument[]>();
  for (const commit of commits)
    commitsByKey.set(commit.idempotencyKey, [...(commitsByKey.get(commit.idempotencyKey) ?? []), commit]);
  const storeKey = (key: string) => `${ACTOR}:${key}`;

  const accepted = commands.filter((c) => ok(c.finalStatus));
  const acceptedKeys = new Set(accepted.map((c) => storeKey(c.idempotencyKey)));
  const with503 = commands.filter((c) => c.attempts.some((a) => a.status === 503));
  let acceptedWithoutCommit = 0;
  let acceptedAnswerMismatch = 0;
  for (const command of accepted) {
    const found = commitsByKey.get(storeKey(command.idempotencyKey)) ?? [];
    if (found.length === 0) acceptedWithoutCommit++;
    else if (found[0].streamId !== command.body?.caseId || found[0].toVersion !== command.body?.version)
      acceptedAnswerMismatch++;
  }
  const commitsWithoutAcceptedCommand = commits.filter((c) => !acceptedKeys.has(c.idempotencyKey)).length;
  const partialWrites = commands.filter(
    (c) => !ok(c.finalStatus) && commitsByKey.has(storeKey(c.idempotencyKey)),
  ).length;
  const commandsWith503ButCommitted = with503.filter((c) => c.attempts.some((a) => a.replayed)).length;

  // Kafka: every stored event at least once; repeats allowed and counted.
  const events = commits.flatMap((commit) => commit.events);
  const storeIds = new Set(events.map((e) => e.eventId));
  const messages = await readTopic(stack.kafka, stack.topics.caseEvents);
  const onKafka = new Set(messages.map((m) => m.event.eventId));
  const missingOnKafka = [...storeIds].filter((id) => !onKafka.has(id)).length;
  const unknownOnKafka = [...onKafka].filter((id) => !storeIds.has(id)).length;
  const deadLetters = (await readTopic(stack.kafka, stack.topics.caseEventsDlq)).length;

  // Read models against the pure projections of the store.
  const expected = await expectedReadModels(stack.db, stack.env);
  const byId = async (name: string) =>
    new Map(
      (await stack.db.collection(name).find().toArray()).map((d) => [String(d._id), d as Record<string, unknown>]),
    );
  const status = await byId('case_status');
  const list = await byId('case_list');
  const timeline = await byId('case_timeline');
  let statusDocsOk = 0;
  let statusVersionMismatch = 0;
  let listDocsOk = 0;
  let timelineMissing = 0;
  let timelineWrong = 0;
  for (const [caseId, stream] of expected.streams) {
    const doc = status.get(caseId);
    if (doc?.version !== stream.length) statusVersionMismatch++;
    if (doc && canonical(doc) === canonical(expected.caseStatus.get(caseId))) statusDocsOk++;
    if (canonical(list.get(caseId)) === canonical(expected.caseList.get(caseId))) listDocsOk++;
    for (const entry of expected.caseTimeline.get(caseId) ?? []) {
      const actual = timeline.get(String((entry as { _id: string })._id));
      if (!actual) timelineMissing++;
      else if (canonical(actual) !== canonical(entry)) timelineWrong++;
    }
  }

  // Regulator feed: one item per notification event, sequences 1..N per regulator.
  const feedEvents = events.filter((e) => FEED_TYPES.has(e.type));
  const feed = await stack.db.collection(REGULATOR_FEED_COLLECTION).find().toArray();
  const feedCount = new Map<string, number>();
  for (const item of feed) feedCount.set(String(item.eventId), (feedCount.get(String(item.eventId)) ?? 0) + 1);
  const feedMissing = feedEvents.filter((e) => !feedCount.has(e.eventId)).length;
  const feedDoubled =
    [...feedCount.values()].reduce((sum, n) => sum + n - 1, 0) +
    [...feedCount.keys()].filter((id) => !storeIds.has(id)).length;
  const seqs = feed
    .filter((item) => item.regulatorId === 'id-pdp')
    .map((item) => Number(item.seq))
    .sort((a, b) => a - b);
  const feedSeqGapless = seqs.every((seq, index) => seq === index + 1);

  // Webhooks: each notification event exactly once after dedupe by webhook-id.
  const webhookIds = new Set(events.filter((e) => WEBHOOK_TYPES.has(e.type)).map((e) => e.eventId));
  const received = [...receiver.deliveries.keys()];
  const webhooksMissing = [...webhookIds].filter((id) => !receiver.deliveries.has(id)).length;
  const webhooksUnknown = received.filter((id) => !webhookIds.has(id)).length;

  const lost =
    acceptedWithoutCommit + missingOnKafka + statusVersionMismatch + timelineMissing + feedMissing + webhooksMissing;
  // Timeline entries are keyed by case and version, so a double shows up as an entry the store does not explain.
  const timelineExtra = Math.max(0, timeline.size - [...expected.caseTimeline.values()].flat().length);
  const doubled = commitsWithoutAcceptedCommand + timelineExtra + feedDoubled + webhooksUnknown;

  return {
    sent: commands.length,
    attempts: attempts.length,
    accepted: accepted.length,
    responses503: attempts.filter((a) => a.status === 503).length,
    responses503WithoutRetryAfter: attempts.filter((a) => a.status === 503 && !a.retryAfter).length,
    commandsWith503: with503.length,
    commandsWith503ThenAccepted: with503.filter((c) => ok(c.finalStatus)).length,
    commandsWith503ButCommitted,
    replayedAnswers: commands.filter((c) => c.attempts.at(-1)?.replayed).length,
    other4xx: commands.filter((c) => c.finalStatus >= 400 && c.finalStatus < 500).length,
    other5xx: attempts.filter((a) => a.status >= 500 && a.status !== 503).length,
    noAnswer: attempts.filter((a) => a.status === 0).length,
    skipped: load.skipped,
    commits: commits.length,
    eventsInStore: events.length,
    acceptedWithoutCommit,
    commitsWithoutAcceptedCommand,
    partialWrites,
    acceptedAnswerMismatch,
    kafkaMessages: messages.length,
    kafkaDistinctEvents: onKafka.size,
    kafkaDuplicates: messages.length - onKafka.size,
    missingOnKafka,
    unknownOnKafka,
    deadLetters,
    cases: expected.streams.size,
    statusDocsOk,
    statusVersionMismatch,
    listDocsOk,
    timelineEntries: timeline.size,
    timelineMissing,
    timelineWrong,
    feedExpected: feedEvents.length,
    feedItems: feed.length,
    feedMissing,
    feedDoubled,
    feedSeqGapless,
    webhooksExpected: webhookIds.size,
    webhooksUnique: receiver.uniqueDeliveries,
    webhooksRaw: receiver.rawRequests,
    webhookRedeliveries: receiver.duplicates,
    webhooksMissing,
    webhooksUnknown,
    webhookBadSignatures: receiver.invalidSignatures,
    lost,
    doubled,
  };
}
