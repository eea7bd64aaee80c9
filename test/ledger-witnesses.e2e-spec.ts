import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { checkpointSignatureValid, type SignedCheckpoint, verifyEvidence } from '#libs/ledger';
import { LEDGER_CHECKPOINT_CLOUD_EVENT_TYPE } from '#libs/regulators';
import { api, eventually } from './support/http-client.js';
import { ledgerDir, ledgerEnv, newNotifiedCase, sealedEvidence, writeKeyPair } from './support/ledger-stack.js';
import { TEST_KEYS, TestStack } from './support/test-stack.js';

// Witnesses: each regulator notified in a case receives, in its own feed, the signed checkpoint that first covers
// the notification; a regulator not notified receives none. Real stack: API, relay sealing, projector, Kafka, FerretDB.

interface FeedEvent {
  id: string;
  type: string;
  data: SignedCheckpoint;
}

describe('ledger checkpoints in the feeds of the regulators they witness for', () => {
  let stack: TestStack;
  let publicKey: string;
  const feed = async (key: string) =>
    (await api<{ events: FeedEvent[] }>(stack.apiUrl, 'GET', '/v1/feed?limit=100', { key })).body.events;
  const checkpointsIn = (events: FeedEvent[]) =>
    events.filter((event) => event.type === LEDGER_CHECKPOINT_CLOUD_EVENT_TYPE);

  beforeAll(async () => {
    const keys = writeKeyPair(ledgerDir('ledger-witnesses'), 'log');
    publicKey = readFileSync(keys.publicKeyFile, 'utf8');
    stack = await TestStack.start('ledger-witnesses', ['case-api', 'relay', 'projector'], { env: ledgerEnv(keys) });
  }, 120_000);

  afterAll(async () => {
    await stack?.db.dropDatabase();
    await stack?.stop();
  });

  it('gives the notified regulator a signed checkpoint covering the notification, and the other regulator none', async () => {
    const { caseId, version } = await newNotifiedCase(stack, 0);
    const events = await eventually(
      () => feed(TEST_KEYS.regulatorPdp),
      (found) => checkpointsIn(found).length > 0,
    );
    const [witnessed] = checkpointsIn(events);
    const checkpoint = witnessed.data;
    expect(checkpointSignatureValid(checkpoint, publicKey)).toBe(true);

    // The notification's commit is a leaf of the witnessed tree, and today's tree extends it.
    const bundle = await sealedEvidence(stack, caseId, `?since=${checkpoint.treeSize}`);
    const notification = bundle.commits.find((entry) => entry.commit.toVersion === version)!;
    expect(notification.leafIndex).toBeLessThan(checkpoint.treeSize);
    expect(verifyEvidence(bundle, { publicKey, older: checkpoint })).toMatchObject({ ok: true });

    expect(checkpointsIn(await feed(TEST_KEYS.regulatorOther))).toEqual([]);
  });

  it('writes one feed item per regulator and tree size, however often the checkpoint is delivered', async () => {
    const before = checkpointsIn(await feed(TEST_KEYS.regulatorPdp));
    const checkpoint = before[0].data;
    const producer = stack.kafka.producer();
    await producer.connect();
    const message = { checkpoint, regulatorIds: ['id-pdp'] };
    await producer.send({
      topic: stack.topics.ledgerCheckpoints,
      messages: [{ key: checkpoint.origin, value: JSON.stringify(message) }],
    });
    await producer.disconnect();
    // A later case proves the projector went past the redelivered message before the feed is counted again.
    await newNotifiedCase(stack, 0);
    const after = await eventually(
      () => feed(TEST_KEYS.regulatorPdp),
      (found) => checkpointsIn(found).length > before.length,
    );
    const sizes = checkpointsIn(after).map((event) => event.data.treeSize);
    expect(new Set(sizes).size).toBe(sizes.length);
    expect(sizes).toContain(checkpoint.treeSize);
  });
});
