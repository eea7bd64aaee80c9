import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { type Admin, AssignerProtocol } from 'kafkajs';
import { join } from 'node:path';
import { consumerGroupFor } from '#libs/messaging';
import { type LoadResult, runCommandLoad } from './faults/support/command-load.js';
import { startFaultStack } from './faults/support/fault-stack.js';
import { type ScenarioCounts, verifyScenario, waitForQuiescence } from './faults/support/verify.js';
import { AppProcess, type AppName } from './support/app-process.js';
import { freePort } from './support/free-port.js';
import { byCase, firstOccurrences, readTopic } from './support/kafka-reader.js';
import type { TestStack } from './support/test-stack.js';
import type { WebhookReceiver } from './support/webhook-receiver.js';

const CASES = 12;
const IN_FLIGHT = 6;

/** Which partitions each member of a consumer group holds, once the group is stable with `members` members. */
async function stableAssignment(admin: Admin, groupId: string, members: number, timeoutMs = 30_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const [group] = (await admin.describeGroups([groupId])).groups;
    const assignments = group.members.map(
      (member) => Object.values(AssignerProtocol.MemberAssignment.decode(member.memberAssignment)?.assignment ?? {})[0],
    );
    if (group.state === 'Stable' && assignments.length === members && assignments.every((p) => p?.length)) {
      return assignments as number[][];
    }
    if (Date.now() > deadline) throw new Error(`${groupId}: ${group.state} with ${group.members.length} members`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

async function acceptedCommands(apiUrl: string): Promise<number> {
  const text = await (await fetch(`${apiUrl}/metrics`)).text();
  return text
    .split('\n')
    .filter((line) => line.startsWith('breachline_commands_total{') && line.includes('outcome="accepted"'))
    .reduce((sum, line) => sum + Number(line.slice(line.lastIndexOf(' ') + 1)), 0);
}

/**
 * Two case-api processes and two projectors (one consumer group) on the same servers, with the relay and the notifier:
 * a case's consecutive commands go to alternate APIs, so each API decides on state the other one has moved past half
 * of the time, and the projectors share the topic's partitions. Afterwards every commit is in the store once, every
 * event on Kafka at least once, in its case's order on one partition, and every read model equals a clean projection
 * of the store.
 */
describe('scale-out: two case-api processes and two projectors', () => {
  let stack: TestStack;
  let receiver: WebhookReceiver;
  const extra: AppProcess[] = [];
  let apiUrls: string[];
  let load: LoadResult;
  let counts: ScenarioCounts;
  let admin: Admin;

  beforeAll(async () => {
    ({ stack, receiver } = await startFaultStack('scale-out'));
    const logDir = join(stack.app('case-api').logFile, '..');
    const second = async (name: AppName) => {
      const app = new AppProcess(name, await freePort(), stack.env, join(logDir, `scale-out-${name}-2.log`));
      extra.push(app);
      await app.start();
      return app;
    };
    const secondApi = await second('case-api');
    await second('projector');
    apiUrls = [stack.apiUrl, secondApi.url];
    admin = stack.kafka.admin();
    await admin.connect();
    await stableAssignment(admin, consumerGroupFor(stack.env.KAFKA_TOPIC_PREFIX, 'projector'), 2);

    load = await runCommandLoad(apiUrls, {
      cases: CASES,
      inFlight: IN_FLIGHT,
      paceMs: 0,
      maxAttempts: 3,
      maxRetryAfterMs: 2_000,
    });
    const quiet = await waitForQuiescence(stack, receiver, { timeoutMs: 90_000 });
    if (!quiet.reached) throw new Error(`not quiet: ${quiet.outstanding.join('; ')}`);
    counts = await verifyScenario(stack, load, receiver);
  }, 240_000);

  afterAll(async () => {
    await admin?.disconnect();
    await Promise.all(extra.map((app) => app.kill('SIGTERM')));
    await receiver?.stop();
    await stack?.stop();
  });

  it('accepts every command on both APIs and stores each commit once', async () => {
    expect(load.commands.filter((command) => command.finalStatus !== 200 && command.finalStatus !== 201)).toEqual([]);
    expect(counts).toMatchObject({
      accepted: CASES * 10,
      commits: CASES * 10,
      acceptedWithoutCommit: 0,
      commitsWithoutAcceptedCommand: 0,
      acceptedAnswerMismatch: 0,
      other5xx: 0,
    });
    // Each command is counted once, as accepted, by the API that appended it (a replay counts as replayed).
    const perApi = await Promise.all(apiUrls.map(acceptedCommands));
    expect(perApi.every((accepted) => accepted > 0)).toBe(true);
    expect(perApi.reduce((a, b) => a + b, 0)).toBe(CASES * 10);
  });

  it('puts every event on Kafka at least once, each case on one partition in version order', async () => {
    expect(counts).toMatchObject({ missingOnKafka: 0, unknownOnKafka: 0, deadLetters: 0 });
    const cases = byCase(await readTopic(stack.kafka, stack.topics.caseEvents));
    expect(cases.size).toBe(CASES);
    for (const messages of cases.values()) {
      expect(new Set(messages.map((message) => message.partition)).size).toBe(1);
      expect(firstOccurrences(messages).versions).toEqual(Array.from({ length: 10 }, (_, i) => i + 1));
    }
  });

  it('leaves every read model equal to a clean projection of the store, with nothing lost or doubled', async () => {
    expect(counts).toMatchObject({
      cases: CASES,
      statusDocsOk: CASES,
      statusVersionMismatch: 0,
      listDocsOk: CASES,
      timelineMissing: 0,
      timelineWrong: 0,
      feedMissing: 0,
      feedDoubled: 0,
      feedSeqGapless: true,
      webhooksMissing: 0,
      webhooksUnknown: 0,
      lost: 0,
      doubled: 0,
    });
  });

  it('shares the partitions between the two projectors', async () => {
    const assignments = await stableAssignment(admin, consumerGroupFor(stack.env.KAFKA_TOPIC_PREFIX, 'projector'), 2);
    expect(assignments.flat().sort()).toEqual([0, 1, 2]);
  });
});
