import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { readWholeTopic } from '#libs/messaging';
import {
  DATA_KEYS_COLLECTION,
  DataKeyErasedError,
  DataKeyStore,
  KeyEncryptionKeys,
  PersonalDataDecryptionError,
  withPersonalData,
} from '#libs/privacy';
import { SecretBox } from '#libs/platform';
import { ReadModelCatalog, rebuildReadModel } from '#libs/read-models';
import { RegulatorRegistry, WEBHOOK_DELIVERIES_COLLECTION } from '#libs/regulators';
import { seedCase } from './fixtures/seed-case.js';
import { api, eventually } from './support/http-client.js';
import { TEST_KEYS, TestStack } from './support/test-stack.js';
import { WebhookReceiver } from './support/webhook-receiver.js';

const CANARY = 'CANARY-7731';
const OTHER = 'OTHERCASE-4567';

/** Every collection of the stack's database, as text. */
async function dumpDatabase(stack: TestStack): Promise<string> {
  const collections = await stack.db.listCollections().toArray();
  const parts = await Promise.all(
    collections.map(async ({ name }) => JSON.stringify(await stack.db.collection(name).find().toArray())),
  );
  return parts.join('\n');
}

async function dumpTopic(stack: TestStack): Promise<string> {
  const messages = await readWholeTopic(stack.kafka, stack.topics.caseEvents);
  return messages.map(({ message }) => `${message.key?.toString()} ${message.value?.toString()}`).join('\n');
}

describe('personal data: encrypted at rest and on Kafka, erased by destroying its key', () => {
  let stack: TestStack;
  let receiver: WebhookReceiver;
  let caseId: string;
  let otherCaseId: string;
  const post = (path: string, body: unknown, key: string = TEST_KEYS.investigator) =>
    api(stack.apiUrl, 'POST', path, { key, body });
  const status = (id: string) => api(stack.apiUrl, 'GET', `/v1/cases/${id}/status`, { key: TEST_KEYS.investigator });
  const timeline = (id: string) =>
    api(stack.apiUrl, 'GET', `/v1/cases/${id}/timeline`, { key: TEST_KEYS.investigator });

  const openCase = async (canary: string) => {
    const created = await post('/v1/cases', {
      title: `Leak ${canary} title`,
      report: {
        receivedAt: '2021-05-20T06:00:00Z',
        channel: 'social-media',
        summary: `contact leaker-${canary}@example.org`,
        sourceUrl: `https://forum.example.org/${canary}`,
      },
    });
    expect(created.status).toBe(201);
    const id = created.body.caseId as string;
    const assigned = await post(`/v1/cases/${id}/assignments`, {
      investigator: `Investigator ${canary}`,
      assignedAt: '2021-05-20T07:00:00Z',
      note: `note ${canary}`,
    });
    expect(assigned.status).toBe(200);
    const assessed = await post(`/v1/cases/${id}/risk-assessments`, {
      assessedAt: '2021-05-20T08:00:00Z',
      riskLevel: 'high',
      likelyConsequences: `identity theft of ${canary}`,
      estimatedAffectedSubjects: 10,
      notes: `NRIC ${canary}`,
    });
    expect(assessed.status).toBe(200);
    return id;
  };

  beforeAll(async () => {
    stack = await TestStack.start('privacy', ['case-api', 'relay', 'projector', 'notifier'], {
      env: { WEBHOOK_ALLOW_PRIVATE_ADDRESSES: 'true', NOTIFIER_POLL_MS: '250' },
    });
    receiver = await WebhookReceiver.start('up');
    const registry = new RegulatorRegistry(stack.db, new SecretBox(stack.env.BREACHLINE_SECRETS_KEY));
    await registry.ensureSeeded();
    await registry.setWebhook('id-pdp', receiver.url, receiver.secret);
    caseId = await openCase(CANARY);
    otherCaseId = await openCase(OTHER);
    // A notification to a regulator with a webhook: its delivery record keeps the body as sent.
    expect((await post(`/v1/cases/${caseId}/sample-verifications`, seedCase.sampleVerification)).status).toBe(200);
    const { content } = seedCase.regulatorNotification;
    const notified = await post(`/v1/cases/${caseId}/regulator-notifications`, {
      ...seedCase.regulatorNotification,
      content: { ...content, dataExposed: `${content.dataExposed} Contact ${CANARY}.` },
    });
    expect(notified.status).toBe(201);
    await eventually(
      () => status(caseId),
      (r) => r.status === 200 && r.body.version === 5,
    );
    await eventually(
      () => Promise.resolve([...receiver.deliveries.values()].map((d) => d.body).join('\n')),
      (bodies) => bodies.includes(CANARY),
      { timeoutMs: 30_000 },
    );
  }, 120_000);

  afterAll(async () => {
    await receiver?.stop();
    await stack?.stop();
  });

  it('stores and publishes only ciphertext for personal fields, and reads them back in clear', async () => {
    for (const name of ['case_commits', 'case_outbox', 'case_snapshots', 'command_idempotency']) {
      expect(JSON.stringify(await stack.db.collection(name).find().toArray())).not.toContain(CANARY);
    }
    expect(await dumpTopic(stack)).not.toContain(CANARY);
    const read = await status(caseId);
    expect(JSON.stringify(read.body)).toContain(CANARY);
  });

  it('refuses a ciphertext moved into another event', async () => {
    await withPersonalData(stack.db, stack.env, async ({ codec }) => {
      const commits = await stack.db.collection('case_commits').find({ streamId: caseId }).toArray();
      const [first, second] = commits.flatMap((commit) => commit.events);
      const moved = { ...second, payload: { ...second.payload, investigator: first.payload.title } };
      await expect(codec.decode([moved])).rejects.toThrow(PersonalDataDecryptionError);
      // The same value where it was written still opens.
      expect(JSON.stringify(await codec.decode([first]))).toContain(CANARY);
    });
  });

  it('erases a case: placeholders everywhere, nothing left in the database, Kafka or logs, the other case intact', async () => {
    const keysBefore = await stack.db.collection(DATA_KEYS_COLLECTION).find().toArray();
    expect((await post(`/v1/cases/${caseId}/erasure`, { reason: 'Retention ended' })).status).toBe(403);
    expect((await post(`/v1/cases/${caseId}/erasure`, {}, TEST_KEYS.admin)).status).toBe(400);
    expect(
      (await post(`/v1/cases/00000000-0000-4000-8000-000000000000/erasure`, { reason: 'x' }, TEST_KEYS.admin)).status,
    ).toBe(404);

    const erased = await post(`/v1/cases/${caseId}/erasure`, { reason: 'Retention ended' }, TEST_KEYS.admin);
    expect(erased.status).toBe(200);
    expect(erased.body).toMatchObject({ caseId, version: 6, reason: 'Retention ended', erasedBy: 'eko' });
    const again = await post(`/v1/cases/${caseId}/erasure`, { reason: 'again' }, TEST_KEYS.admin);
    expect(again.body).toEqual(erased.body);
    // An erased case accepts nothing further.
    const refused = await post(`/v1/cases/${caseId}/assignments`, {
      investigator: 'x',
      assignedAt: '2021-05-21T00:00:00Z',
    });
    expect(refused.status).toBe(409);
    // Nor a holding statement: refused before composing from placeholders (a 409, not a 500).
    const draft = await post(
      `/v1/cases/${caseId}/holding-statements`,
      { language: 'en', includeSourceDetails: false },
      TEST_KEYS.pr,
    );
    expect(draft.status).toBe(409);
    expect(draft.body).toMatchObject({ rule: 'personal-data-erased' });
    // The notifier rewrites the case's delivery records: the body reads with placeholders.
    await eventually(
      () => stack.db.collection(WEBHOOK_DELIVERIES_COLLECTION).find({ caseId }).toArray(),
      (deliveries) => deliveries.length === 1 && !JSON.stringify(deliveries).includes(CANARY),
      { timeoutMs: 30_000 },
    );

    const read = await eventually(
      () => status(caseId),
      (r) => r.body?.erasure !== undefined && !JSON.stringify(r.body).includes(CANARY),
    );
    expect(read.body).toMatchObject({ title: { erased: true }, erasure: { reason: 'Retention ended' } });
    const lines = await eventually(
      () => timeline(caseId),
      (r) => JSON.stringify(r.body).includes('[erased]') && !JSON.stringify(r.body).includes(CANARY),
    );
    expect(JSON.stringify(lines.body)).toContain('[erased]');

    await withPersonalData(stack.db, stack.env, async ({ store }) => {
      const report = await rebuildReadModel(stack.db, store, new ReadModelCatalog(stack.db), 'case_status');
      expect(report.events).toBeGreaterThanOrEqual(7);
    });
    expect((await status(caseId)).body).toMatchObject({ title: { erased: true } });
    expect(JSON.stringify((await status(otherCaseId)).body)).toContain(OTHER);

    expect(await dumpDatabase(stack)).not.toContain(CANARY);
    expect(await dumpTopic(stack)).not.toContain(CANARY);
    for (const app of ['case-api', 'relay', 'projector', 'notifier'] as const) {
      expect(readFileSync(stack.app(app).logFile, 'utf8')).not.toContain(CANARY);
    }

    // Recreating the key is refused; a key collection restored from before the erasure leaves the case erased.
    const keks = KeyEncryptionKeys.fromEnvironment(stack.env);
    await expect(new DataKeyStore(stack.db, stack.db, keks).keyFor(caseId, { create: true })).rejects.toThrow(
      DataKeyErasedError,
    );
    await stack.db.collection(DATA_KEYS_COLLECTION).deleteMany({});
    await stack.db.collection(DATA_KEYS_COLLECTION).insertMany(keysBefore);
    await stack.app('case-api').kill('SIGTERM');
    await stack.app('case-api').start();
    const afterRestore = await api(stack.apiUrl, 'GET', `/v1/cases/${caseId}/timeline`, {
      key: TEST_KEYS.investigator,
    });
    expect(JSON.stringify(afterRestore.body)).not.toContain(CANARY);
    await withPersonalData(stack.db, stack.env, async ({ store }) => {
      expect(JSON.stringify(await store.readStream(caseId))).not.toContain(CANARY);
      expect(JSON.stringify(await store.readStream(otherCaseId))).toContain(OTHER);
    });
  }, 120_000);
});
