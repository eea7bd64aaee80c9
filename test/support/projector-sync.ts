import type { Admin } from 'kafkajs';
import { consumerGroupFor } from '#libs/messaging';
import type { TestStack } from './test-stack.js';

export interface ProjectorPosition {
  /** Per partition: the topic's high-water mark and the offset the projector's group has committed (-1: none). */
  partitions: { partition: number; high: number; committed: number }[];
  /** Events on the topic not yet committed by the projector. */
  lag: number;
}

export const projectorGroupId = (stack: TestStack): string =>
  consumerGroupFor(stack.env.KAFKA_TOPIC_PREFIX, 'projector');

/** Where the projector's consumer group stands against the case-event topic right now. */
export async function projectorPosition(stack: TestStack, admin?: Admin): Promise<ProjectorPosition> {
  if (!admin) return withAdmin(stack, (connected) => projectorPosition(stack, connected));
  const topic = stack.topics.caseEvents;
  const ends = await admin.fetchTopicOffsets(topic);
  const [committed] = await admin.fetchOffsets({ groupId: projectorGroupId(stack), topics: [topic] });
  const partitions = ends
    .map(({ partition, high }) => ({
      partition,
      high: Number(high),
      committed: Number(committed?.partitions.find((p) => p.partition === partition)?.offset ?? '-1'),
    }))
    .sort((a, b) => a.partition - b.partition);
  const lag = partitions.reduce((sum, p) => sum + p.high - Math.max(p.committed, 0), 0);
  return { partitions, lag };
}

async function withAdmin<T>(stack: TestStack, work: (admin: Admin) => Promise<T>): Promise<T> {
  const admin = stack.kafka.admin();
  await admin.connect();
  try {
    return await work(admin);
  } finally {
    await admin.disconnect();
  }
}

/**
 * Waits until the projector has applied everything: first the relay has published every commit (the
 * outbox is empty), then the projector's group has committed, on every partition, the high-water mark.
 * The projector commits after each batch it has applied, so a committed offset at the end means every
 * event before it is in the read models (or in the dead-letter topic).
 */
export async function waitForProjector(
  stack: TestStack,
  { timeoutMs = 30_000, intervalMs = 100, awaitRelay = true } = {},
): Promise<ProjectorPosition> {
  const deadline = Date.now() + timeoutMs;
  const outbox = stack.db.collection('case_outbox');
  return withAdmin(stack, async (admin) => {
    let last: ProjectorPosition | undefined;
    for (;;) {
      const relayed = !awaitRelay || (await outbox.countDocuments()) === 0;
      if (relayed) {
        last = await projectorPosition(stack, admin);
        const caughtUp = last.partitions.every((p) => p.high === 0 || p.committed === p.high);
        if (caughtUp) return last;
      }
      if (Date.now() > deadline) {
        const where = last
          ? last.partitions.map((p) => `p${p.partition} ${p.committed}/${p.high}`).join(', ')
          : 'relay has not published every commit';
        throw new Error(`projector not caught up after ${timeoutMs} ms: ${where}`);
      }
      await new Promise((resolve) => setTimeout(resolve, intervalMs));
    }
  });
}
