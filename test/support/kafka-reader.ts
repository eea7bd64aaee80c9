import type { Kafka } from 'kafkajs';
import { fromKafkaMessage, readWholeTopic } from '#libs/messaging';
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
 * Everything a topic holds right now (up to the high-water marks taken at the start), decoded as
 * CloudEvents, in offset order within each partition — per-case order is per-partition order.
 */
export async function readTopic(kafka: Kafka, topic: string): Promise<ReadMessage[]> {
  return (await readWholeTopic(kafka, topic)).map(({ partition, message }) => ({
    partition,
    offset: Number(message.offset),
    key: message.key?.toString() ?? null,
    headers: Object.fromEntries(
      Object.entries(message.headers ?? {}).map(([name, value]) => [
        name,
        String(Array.isArray(value) ? value[0] : value),
      ]),
    ),
    event: fromKafkaMessage(message),
  }));
}

/** The decoded events of a topic, in topic order. */
export async function readCaseEvents(kafka: Kafka, topic: string): Promise<StoredEvent[]> {
  return (await readTopic(kafka, topic)).map((message) => message.event);
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
