import { randomUUID } from 'node:crypto';
import type { Kafka, KafkaMessage } from 'kafkajs';

export interface TopicMessage {
  partition: number;
  message: KafkaMessage;
}

/**
 * Reads a whole topic from offset 0 up to the high-water marks taken at the start, with a throw-away
 * consumer group that is deleted afterwards. For operators' tools and tests, not for the hot path.
 */
export async function readWholeTopic(
  kafka: Kafka,
  topic: string,
  onProgress: (read: number, total: number) => void = () => {},
): Promise<TopicMessage[]> {
  const admin = kafka.admin();
  await admin.connect();
  const groupId = `breachline-reader-${randomUUID()}`;
  const consumer = kafka.consumer({ groupId, sessionTimeout: 10_000, heartbeatInterval: 1_000 });
  try {
    const offsets = await admin.fetchTopicOffsets(topic);
    const remaining = new Map(
      offsets.filter((o) => Number(o.high) > Number(o.low)).map((o) => [o.partition, Number(o.high)]),
    );
    const total = offsets.reduce((sum, o) => sum + Number(o.high) - Number(o.low), 0);
    const messages: TopicMessage[] = [];
    if (remaining.size === 0) return messages;
    await consumer.connect();
    await consumer.subscribe({ topic, fromBeginning: true });
    await new Promise<void>((resolve, reject) => {
      consumer
        .run({
          autoCommit: false,
          eachMessage: async ({ partition, message }) => {
            const high = remaining.get(partition);
            if (high === undefined || Number(message.offset) >= high) return;
            messages.push({ partition, message });
            onProgress(messages.length, total);
            if (Number(message.offset) >= high - 1) remaining.delete(partition);
            if (remaining.size === 0) resolve();
          },
        })
        .catch(reject);
    });
    return messages.sort((a, b) => a.partition - b.partition || Number(a.message.offset) - Number(b.message.offset));
  } finally {
    await consumer.disconnect();
    await admin.deleteGroups([groupId]).catch(() => undefined);
    await admin.disconnect();
  }
}
