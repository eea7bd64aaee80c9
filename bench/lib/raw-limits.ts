import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { Kafka, logLevel, type Consumer, type Producer } from 'kafkajs';
import type { Db } from 'mongodb';
import { closedLoop, type LoadResult, openLoop, type OpenLoopResult, sleep, summarize } from './load.js';

/** A stand-in for one commit document of one event (same fields and sizes as EventStore writes). */
export function commitLikeDocument(
  id: string,
  payload: Record<string, unknown>,
): Record<string, unknown> & { _id: string } {
  const now = new Date().toISOString();
  return {
    _id: id,
    commitId: randomUUID(),
    streamId: randomUUID(),
    fromVersion: 2,
    toVersion: 2,
    events: [
      {
        eventId: randomUUID(),
        type: 'InvestigatorAssigned',
        schemaVersion: 1,
        caseId: randomUUID(),
        version: 2,
        occurredAt: now,
        recordedAt: now,
        actor: { name: 'bench', role: 'investigator' },
        correlationId: randomUUID(),
        causationId: randomUUID(),
        payload,
      },
    ],
    recordedAt: now,
    idempotencyKey: randomUUID(),
  };
}

/** insertOne of commit-sized documents, `concurrency` in flight. */
export async function rawInsertOne(
  db: Db,
  payload: Record<string, unknown>,
  options: { concurrency: number; durationMs: number; warmupMs: number },
): Promise<LoadResult> {
  const collection = db.collection<{ _id: string }>('raw_insert');
  const call = randomUUID().slice(0, 8);
  return closedLoop({
    ...options,
    op: (worker, seq) => collection.insertOne(commitLikeDocument(`raw-${call}-${worker}-${seq}`, payload)),
  });
}

/**
 * findOne by `_id`, `concurrency` in flight, of the given documents: the bench reads the very case_status documents
 * the status query returns (an `_id` lookup's cost can depend on the collection's size, so the baseline must read
 * the same collection, not a bigger one).
 */
export async function rawFindOne(
  db: Db,
  collectionName: string,
  ids: readonly string[],
  options: { concurrency: number; durationMs: number; warmupMs: number },
): Promise<LoadResult> {
  const collection = db.collection<{ _id: string }>(collectionName);
  return closedLoop({
    ...options,
    op: async () => {
      const found = await collection.findOne({ _id: ids[Math.floor(Math.random() * ids.length)] });
      if (!found) throw new Error('raw findOne found nothing');
    },
  });
}

export interface BulkWriteResult {
  docs: number;
  batchSize: number;
  elapsedMs: number;
  docsPerSecond: number;
  batchLatency: ReturnType<typeof summarize>;
}

/** bulkWrite (unordered insertOne operations) of `total` copies of `template`, one batch after another. */
export async function rawBulkWrite(
  db: Db,
  collectionName: string,
  template: Record<string, unknown>,
  total: number,
  batchSize: number,
): Promise<BulkWriteResult> {
  const collection = db.collection<{ _id: string }>(collectionName);
  await collection.drop().catch(() => undefined);
  const latencies: number[] = [];
  const started = performance.now();
  for (let from = 0; from < total; from += batchSize) {
    const operations = Array.from({ length: Math.min(batchSize, total - from) }, (_, i) => ({
      insertOne: { document: { ...template, _id: `bulk-${from + i}` } },
    }));
    const batchStarted = performance.now();
    await collection.bulkWrite(operations, { ordered: false });
    latencies.push(performance.now() - batchStarted);
  }
  const elapsedMs = performance.now() - started;
  return {
    docs: total,
    batchSize,
    elapsedMs: Math.round(elapsedMs),
    docsPerSecond: Math.round((total / elapsedMs) * 1000),
    batchLatency: summarize(latencies),
  };
}

export interface KafkaRawResult {
  topic: string;
  partitions: number;
  messageBytes: number;
  /** Batches of `batchSize` sent one after another (acks=all, idempotent, as the relay sends), until all are consumed. */
  throughput: { messages: number; batchSize: number; produceMs: number; endToEndMs: number; messagesPerSecond: number };
  /** Single-message sends at a fixed rate: from send() called to eachMessage in the consumer. */
  latency: OpenLoopResult;
}

/** kafkajs produce → consume on a topic of its own, with the relay's producer settings. */
export async function rawKafka(
  brokers: string[],
  topic: string,
  groupId: string,
  messageBytes: number,
  options: { throughputMessages: number; batchSize: number; latencyRate: number; latencyMs: number },
): Promise<KafkaRawResult> {
  const kafka = new Kafka({ clientId: 'bench-raw', brokers, logLevel: logLevel.NOTHING });
  const admin = kafka.admin();
  await admin.connect();
  const partitions = 3;
  await admin.createTopics({
    topics: [{ topic, numPartitions: partitions, replicationFactor: 1 }],
    waitForLeaders: true,
  });
  const producer: Producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
  const consumer: Consumer = kafka.consumer({ groupId, sessionTimeout: 6_000, heartbeatInterval: 1_000 });
  const padding = 'x'.repeat(Math.max(0, messageBytes - 60));
  let received = 0;
  const latencyWaiters = new Map<string, (at: number) => void>();
  let allReceived: (() => void) | undefined;
  let expected = Number.POSITIVE_INFINITY;
  try {
    await producer.connect();
    await consumer.connect();
    await consumer.subscribe({ topic, fromBeginning: true });
    const joined = new Promise<void>((resolve) => consumer.on(consumer.events.GROUP_JOIN, () => resolve()));
    await consumer.run({
      eachMessage: async ({ message }) => {
        const at = performance.now();
        const key = message.key?.toString() ?? '';
        const waiter = latencyWaiters.get(key);
        if (waiter) {
          latencyWaiters.delete(key);
          waiter(at);
        } else if (++received >= expected) {
          allReceived?.();
        }
      },
    });
    await joined;
    // A first message through the whole path, so that metadata and the fetch loop are warm.
    await new Promise<void>((resolve, reject) => {
      latencyWaiters.set('warm', () => resolve());
      producer.send({ topic, acks: -1, messages: [{ key: 'warm', value: 'warm' }] }).catch(reject);
    });

    const { throughputMessages, batchSize } = options;
    expected = throughputMessages;
    const done = new Promise<void>((resolve) => (allReceived = resolve));
    const started = performance.now();
    for (let from = 0; from < throughputMessages; from += batchSize) {
      await producer.send({
        topic,
        acks: -1,
        messages: Array.from({ length: Math.min(batchSize, throughputMessages - from) }, (_, i) => ({
          key: `case-${(from + i) % 500}`,
          value: JSON.stringify({ n: from + i, padding }),
        })),
      });
    }
    const produceMs = performance.now() - started;
    await Promise.race([done, sleep(60_000)]);
    const endToEndMs = performance.now() - started;

    const latency = await openLoop({
      ratePerSecond: options.latencyRate,
      durationMs: options.latencyMs,
      maxInFlight: 256,
      op: (seq, scheduledAt) =>
        new Promise<number>((resolve, reject) => {
          const key = `latency-${seq}`;
          const timer = setTimeout(() => reject(new Error('not consumed within 10 s')), 10_000);
          latencyWaiters.set(key, (at) => {
            clearTimeout(timer);
            resolve(at - scheduledAt);
          });
          producer
            .send({ topic, acks: -1, messages: [{ key, value: JSON.stringify({ n: seq, padding }) }] })
            .catch(reject);
        }),
    });
    return {
      topic,
      partitions,
      messageBytes,
      throughput: {
        messages: received,
        batchSize,
        produceMs: Math.round(produceMs),
        endToEndMs: Math.round(endToEndMs),
        messagesPerSecond: Math.round((received / endToEndMs) * 1000),
      },
      latency,
    };
  } finally {
    await consumer.disconnect().catch(() => undefined);
    await producer.disconnect().catch(() => undefined);
    await admin.deleteTopics({ topics: [topic] }).catch(() => undefined);
    await admin.deleteGroups([groupId]).catch(() => undefined);
    await admin.disconnect();
  }
}

export interface CostModelRow {
  documents: number;
  /** Mean milliseconds of one operation, one at a time. */
  insertOne: number;
  findOneHit: number;
  findOneMiss: number;
  replaceOne: number;
  deleteOne: number;
}

/**
 * The server's cost per operation as a collection grows (1 KB documents, one operation at a time): which
 * operations stay cheap and which grow with the collection.
 */
export async function costModel(db: Db, sizes: readonly number[], samples = 20): Promise<CostModelRow[]> {
  const collection = db.collection<{ _id: string; n: number; pad: string }>('raw_cost_model');
  await collection.drop().catch(() => undefined);
  const pad = 'x'.repeat(1_000);
  const rows: CostModelRow[] = [];
  let size = 0;
  const mean = async (op: (i: number) => Promise<unknown>) => {
    const started = performance.now();
    for (let i = 0; i < samples; i++) await op(i);
    return Math.round(((performance.now() - started) / samples) * 100) / 100;
  };
  for (const target of sizes) {
    const documents = [];
    for (; size < target; size++) documents.push({ _id: `doc-${size}`, n: size, pad });
    for (let from = 0; from < documents.length; from += 1_000) {
      await collection.insertMany(documents.slice(from, from + 1_000), { ordered: false });
    }
    const existing = (i: number) => `doc-${(i * 7_919) % target}`;
    rows.push({
      documents: target,
      insertOne: await mean((i) => collection.insertOne({ _id: `extra-${target}-${i}`, n: -1, pad })),
      findOneHit: await mean((i) => collection.findOne({ _id: existing(i) })),
      findOneMiss: await mean((i) => collection.findOne({ _id: `absent-${i}` })),
      replaceOne: await mean((i) => collection.replaceOne({ _id: existing(i) }, { n: i, pad })),
      deleteOne: await mean((i) => collection.deleteOne({ _id: `extra-${target}-${i}` })),
    });
  }
  await collection.drop().catch(() => undefined);
  return rows;
}
