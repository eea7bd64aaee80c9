import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { type Db, MongoClient } from 'mongodb';
import { DEFAULT_REGULATORS } from '#libs/domain';
import { SecretBox } from '#libs/platform';
import { RegulatorRegistry } from '#libs/read-models';

// Status queries read every regulator definition to compute deadlines, so the registry keeps them for a moment.
describe('regulator registry: definitions kept for a moment, never stale after its own writes', () => {
  let client: MongoClient;
  let db: Db;
  const secrets = new SecretBox(Buffer.alloc(32, 7).toString('base64'));
  const ids = (definitions: { id: string }[]) => definitions.map((d) => d.id).sort();

  beforeAll(async () => {
    client = new MongoClient(process.env.MONGO_URL!, { retryWrites: false });
    await client.connect();
    db = client.db(`t_reg_${process.env.BREACHLINE_TEST_RUN ?? 'local'}`.replace(/[^A-Za-z0-9_]/g, '_'));
    await db.dropDatabase();
  });

  afterAll(async () => {
    await db?.dropDatabase();
    await client?.close();
  });

  it("shows its own changes at once and another process's after the time-to-live", async () => {
    const ttlMs = 400;
    const registry = new RegulatorRegistry(db, secrets, ttlMs);
    const otherProcess = new RegulatorRegistry(db, secrets);
    await registry.ensureSeeded();
    const defaults = DEFAULT_REGULATORS.map((d) => d.id).sort();
    expect(ids(await registry.definitions())).toEqual(defaults);

    await registry.add({ ...DEFAULT_REGULATORS[0], id: 'own-change' });
    expect(ids(await registry.definitions())).toEqual([...defaults, 'own-change'].sort());

    await otherProcess.add({ ...DEFAULT_REGULATORS[0], id: 'other-change' });
    const sameMoment = ids(await registry.definitions());
    await new Promise((resolve) => setTimeout(resolve, ttlMs + 50));
    const afterTtl = ids(await registry.definitions());

    expect(sameMoment).toEqual([...defaults, 'own-change'].sort());
    expect(afterTtl).toEqual([...defaults, 'other-change', 'own-change'].sort());

    await registry.setWebhook('own-change', 'https://example.org/hook', 'webhook-secret-0123456789');
    const changed = (await registry.definitions()).find((d) => d.id === 'own-change');
    expect(changed?.delivery).toEqual({ mode: 'webhook', url: 'https://example.org/hook' });
  });
});
