import { randomBytes, randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { type Db, MongoClient } from 'mongodb';
import {
  DATA_KEYS_COLLECTION,
  DataKeyErasedError,
  DataKeyStore,
  KeyEncryptionKeyError,
  KeyEncryptionKeys,
} from '#libs/privacy';

describe('data key store (real MongoDB-protocol server)', () => {
  let client: MongoClient;
  let db: Db;
  const oldKek = randomBytes(32).toString('base64');
  const newKek = randomBytes(32).toString('base64');

  beforeAll(async () => {
    client = await new MongoClient(process.env.MONGO_URL!, { retryWrites: false }).connect();
    db = client.db(`t_data_keys_${process.env.BREACHLINE_TEST_RUN ?? 'local'}`.replace(/[^A-Za-z0-9_]/g, '_'));
    await db.dropDatabase();
  });

  afterAll(async () => {
    await client?.close();
  });

  it('creates one key for 50 concurrent first uses of a case', async () => {
    const caseId = randomUUID();
    const stores = Array.from({ length: 50 }, () => new DataKeyStore(db, db, new KeyEncryptionKeys(oldKek)));
    const keys = await Promise.all(stores.map((store) => store.keyFor(caseId, { create: true })));
    const distinct = new Set(keys.map((key) => (key === 'erased' ? 'erased' : key.key.toString('hex'))));
    expect(distinct.size).toBe(1);
    expect(await db.collection(DATA_KEYS_COLLECTION).countDocuments({ _id: caseId as never })).toBe(1);
  });

  it('never creates a destroyed key again, and forgets a restored copy', async () => {
    const caseId = randomUUID();
    const store = new DataKeyStore(db, db, new KeyEncryptionKeys(oldKek));
    await store.keyFor(caseId, { create: true });
    const copy = await db.collection(DATA_KEYS_COLLECTION).findOne({ _id: caseId as never });
    await store.destroy({ _id: caseId, erasedAt: '2026-01-01T00:00:00.000Z', erasedBy: 'eko', reason: 'test' });
    const fresh = () => new DataKeyStore(db, db, new KeyEncryptionKeys(oldKek));
    await expect(fresh().keyFor(caseId, { create: true })).rejects.toThrow(DataKeyErasedError);
    await db.collection(DATA_KEYS_COLLECTION).insertOne(copy!);
    expect(await fresh().keyFor(caseId)).toBe('erased');
    expect(await db.collection(DATA_KEYS_COLLECTION).findOne({ _id: caseId as never })).toBeNull();
  });

  it('rotates the key-encryption key by rewrapping data keys only', async () => {
    const caseId = randomUUID();
    const before = await new DataKeyStore(db, db, new KeyEncryptionKeys(oldKek)).keyFor(caseId, { create: true });
    const rotated = new DataKeyStore(db, db, new KeyEncryptionKeys(newKek, [oldKek]));
    const { rewrapped } = await rotated.rewrap();
    expect(rewrapped).toBeGreaterThanOrEqual(1);
    expect(await new DataKeyStore(db, db, new KeyEncryptionKeys(newKek)).keyFor(caseId)).toEqual(before);
    await expect(new DataKeyStore(db, db, new KeyEncryptionKeys(oldKek)).keyFor(caseId)).rejects.toThrow(
      KeyEncryptionKeyError,
    );
  });
});
