import type { Collection, Db } from 'mongodb';
import type { IHeaders, Kafka } from 'kafkajs';
import { readWholeTopic } from './topic-reader.js';
import type { Topics } from './topics.js';

export interface DeadLetter {
  id: string;
  partition: number;
  offset: string;
  caseId?: string;
  type?: string;
  error: string;
  consumer: string;
  failedAt: string;
  replayedAt?: string;
}

interface ReplayDocument {
  _id: string;
  replayedAt: string;
}

const text = (headers: IHeaders | undefined, name: string) => headers?.[name]?.toString();

/** The DLQ topic as operators see it: what failed, why, and whether it was replayed since. */
export class DeadLetterStore {
  private readonly replays: Collection<ReplayDocument>;

  constructor(
    private readonly kafka: Kafka,
    private readonly topics: Topics,
    db: Db,
  ) {
    this.replays = db.collection<ReplayDocument>('dlq_replays');
  }

  async list(onProgress?: (read: number, total: number) => void): Promise<DeadLetter[]> {
    const messages = await readWholeTopic(this.kafka, this.topics.caseEventsDlq, onProgress);
    const replayed = new Map((await this.replays.find().toArray()).map((r) => [r._id, r.replayedAt]));
    return messages.map(({ partition, message }) => {
      const id = `${partition}:${message.offset}`;
      const type = text(message.headers, 'ce_type');
      const caseId = text(message.headers, 'ce_subject');
      const replayedAt = replayed.get(id);
      return {
        id,
        partition,
        offset: message.offset,
        ...(caseId && { caseId }),
        ...(type && { type }),
        error: text(message.headers, 'dlq_error') ?? 'unknown',
        consumer: text(message.headers, 'dlq_consumer') ?? 'unknown',
        failedAt: text(message.headers, 'dlq_failed_at') ?? '',
        ...(replayedAt && { replayedAt }),
      };
    });
  }

  async pendingCount(): Promise<number> {
    return (await this.list()).filter((letter) => !letter.replayedAt).length;
  }

  /**
   * Publishes dead letters back onto the case-event topic with their original key, value and headers.
   * Consumers are idempotent, so replaying one that has meanwhile been applied is harmless.
   */
  async replay(ids: readonly string[] | 'all-pending'): Promise<string[]> {
    const messages = await readWholeTopic(this.kafka, this.topics.caseEventsDlq);
    const replayed = new Set((await this.replays.find().toArray()).map((r) => r._id));
    const chosen = messages.filter(({ partition, message }) => {
      const id = `${partition}:${message.offset}`;
      return ids === 'all-pending' ? !replayed.has(id) : ids.includes(id);
    });
    if (chosen.length === 0) return [];
    const producer = this.kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
    await producer.connect();
    try {
      await producer.send({
        topic: this.topics.caseEvents,
        acks: -1,
        messages: chosen.map(({ message }) => ({
          key: message.key,
          value: message.value,
          headers: Object.fromEntries(
            Object.entries(message.headers ?? {}).filter(([name]) => !name.startsWith('dlq_')),
          ),
        })),
      });
    } finally {
      await producer.disconnect();
    }
    const replayedAt = new Date().toISOString();
    const chosenIds = chosen.map(({ partition, message }) => `${partition}:${message.offset}`);
    for (const _id of chosenIds) await this.replays.replaceOne({ _id }, { replayedAt }, { upsert: true });
    return chosenIds;
  }
}
