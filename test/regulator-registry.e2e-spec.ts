import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { type Db, MongoClient } from 'mongodb';
import { DEFAULT_REGULATORS, regulatorName, validateRegulatorDefinition } from '#libs/domain';
import { SecretBox } from '#libs/platform';
import { RegulatorRegistry } from '#libs/regulators';

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

  it('reads names stored before they had languages, and gives seeded regulators their names in every language', async () => {
    await db.collection('regulators').deleteMany({});
    const [pdp] = DEFAULT_REGULATORS;
    const updatedAt = '2026-01-01T00:00:00.000Z';
    // As the previous release stored them: a plain-string name for a seeded regulator and for an admin's own.
    await db.collection('regulators').insertMany([
      {
        _id: pdp.id,
        definition: { ...pdp, name: 'PDP agency (Komdigi until it operates)' },
        source: 'default',
        updatedAt,
      },
      {
        _id: 'id-ojk',
        definition: { ...pdp, id: 'id-ojk', name: 'Otoritas Jasa Keuangan (OJK)' },
        source: 'admin',
        updatedAt,
      },
    ] as never[]);
    const registry = new RegulatorRegistry(db, secrets);
    await registry.ensureSeeded();
    const byId = new Map((await registry.definitions()).map((d) => [d.id, d]));

    expect(byId.get('id-pdp')!.name).toEqual(pdp.name);
    expect(regulatorName(byId.get('id-pdp')!, 'id')).toBe(
      'Lembaga Pelindungan Data Pribadi (Komdigi hingga lembaga terbentuk)',
    );
    // An admin's own entry is the admin's: its one name is used in both languages.
    expect(byId.get('id-ojk')!.name).toBe('Otoritas Jasa Keuangan (OJK)');
    expect(regulatorName(byId.get('id-ojk')!, 'en')).toBe('Otoritas Jasa Keuangan (OJK)');

    const indonesianOnly = validateRegulatorDefinition({ ...pdp, id: 'id-bi', name: { id: 'Bank Indonesia' } });
    if (!indonesianOnly.ok) throw new Error(indonesianOnly.errors.join('; '));
    await registry.add(indonesianOnly.regulator);
    const stored = (await registry.get('id-bi'))!;
    expect(stored.name).toEqual({ id: 'Bank Indonesia' });
    expect(regulatorName(stored, 'en')).toBe('Bank Indonesia');
  });
});
