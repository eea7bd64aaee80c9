import { randomUUID } from 'node:crypto';
import type { Kafka } from 'kafkajs';
import { fromKafkaMessage } from '#libs/messaging';
import type { StoredEvent } from '#libs/event-store';

export interface ReadMessage {
  partition: number;
  offset: number;
  key: string | null;
  /** ce_* and other headers as text. */
  headers: Record<string, string>;
  event: StoredEvent;
}

/**
 * Everything a topic holds right now, from offset 0 up to the high-water mark of every partition
 * (taken when the call starts), decoded as CloudEvents. In offset order within each partition, and
 * partitions one after another — per-case order is per-partition order, since the key is the caseId.
 * Uses a consumer group of its own, deleted afterwards, so it never disturbs the apps' offsets.
 */
export async function readTopic(kafka: Kafka, topic: string, { timeoutMs = 30_000 } = {}): Promise<ReadMessage[]> {
  const admin = kafka.admin();
  await admin.connect();
  const groupId = `test-reader-${randomUUID()}`;
  try {
    const offsets = await admin.fetchTopicOffsets(topic);
    const pending = new Map<number, number>(
      offsets
        .map(({ partition, offset, low }) => [partition, { high: Number(offset), low: Number(low) }] as const)
        .filter(([, { high, low }]) => high > low)
        .map(([partition, { high }]) => [partition, high]),
    );
    const byPartition = new Map<number, ReadMessage[]>();
    if (pending.size > 0) {
      const consumer = kafka.consumer({ groupId, maxWaitTimeInMs: 100, retry: { retries: 3 } });
      await consumer.connect();
      try {
        let finish: () => void = () => {};
        const done = new Promise<void>((resolve) => (finish = resolve));
        await consumer.subscribe({ topic, fromBeginning: true });
        await consumer.run({
          autoCommit: false,
          eachMessage: async ({ partition, message }) => {
            const high = pending.get(partition);
            const offset = Number(message.offset);
            if (high === undefined || offset >= high) return;
            const headers: Record<string, string> = {};
            for (const [name, value] of Object.entries(message.headers ?? {})) {
              const first = Array.isArray(value) ? value[0] : value;
              if (first !== undefined) headers[name] = first.toString();
            }
            const list = byPartition.get(partition) ?? [];
            list.push({
              partition,
              offset,
              key: message.key?.toString() ?? null,
              headers,
              event: fromKafkaMessage({ value: message.value, headers: message.headers }),
            });
            byPartition.set(partition, list);
            if (offset + 1 >= high) {
              pending.delete(partition);
              if (pending.size === 0) finish();
            }
          },
        });
        let timer: NodeJS.Timeout | undefined;
        const timeout = new Promise<never>((_, reject) => {
          timer = setTimeout(
            () =>
              reject(
                new Error(
                  `readTopic(${topic}): partitions ${[...pending.keys()]} not read to their end in ${timeoutMs} ms`,
                ),
              ),
            timeoutMs,
          );
        });
        try {
          await Promise.race([done, timeout]);
        } finally {
          clearTimeout(timer);
        }
      } finally {
        await consumer.disconnect();
      }
      await admin.deleteGroups([groupId]).catch(() => undefined);
    }
    return [...byPartition.keys()]
      .sort((a, b) => a - b)
      .flatMap((partition) => byPartition.get(partition)!.sort((a, b) => a.offset - b.offset));
  } finally {
    await admin.disconnect();
  }
}

/** Groups messages by case, in topic order; the first occurrences of each (caseId, version) come first. */
export function byCase(messages: readonly ReadMessage[]): Map<string, ReadMessage[]> {
  const cases = new Map<string, ReadMessage[]>();
  for (const message of messages) {
    const list = cases.get(message.event.caseId) ?? [];
    list.push(message);
    cases.set(message.event.caseId, list);
  }
  return cases;
}

/** The versions of a case in the order they first appeared on the topic, and how many repeats were seen. */
export function firstOccurrences(messages: readonly ReadMessage[]): { versions: number[]; duplicates: number } {
  const seen = new Set<number>();
  const versions: number[] = [];
  let duplicates = 0;
  for (const { event } of messages) {
    if (seen.has(event.version)) duplicates++;
    else {
      seen.add(event.version);
      versions.push(event.version);
    }
  }
  return { versions, duplicates };
}
