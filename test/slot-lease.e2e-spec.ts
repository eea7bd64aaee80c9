import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { type Db, MongoClient } from 'mongodb';
import { SlotLease } from '#libs/platform';

// The one lease (relay, notifier, and whoever else must run one at a time), on the real server.
describe('SlotLease', () => {
  let client: MongoClient;
  let db: Db;
  const collection = `test_leases_${randomUUID().slice(0, 8)}`;
  const lease = (name: string) => new SlotLease(db, { collection, name, slotMs: 1_000 });

  beforeAll(async () => {
    client = new MongoClient(process.env.MONGO_URL!, { retryWrites: false });
    await client.connect();
    db = client.db(`breachline_lease_${process.env.BREACHLINE_TEST_RUN ?? 'local'}`);
  });

  afterAll(async () => {
    await db
      .collection(collection)
      .drop()
      .catch(() => undefined);
    await client.close();
  });

  it('gives a slot to one process only; the other gets it once the owner releases', async () => {
    const name = randomUUID();
    const [first, second] = [lease(name), lease(name)];
    const now = 10_000_100;
    expect(await first.holdsFor(now, 100)).toBe(true);
    expect(await second.holdsFor(now, 100)).toBe(false);
    expect(await first.holdsFor(now + 200, 100)).toBe(true); // remembered: still the owner
    await first.release();
    expect(await second.holdsFor(now + 300, 100)).toBe(true);
    expect(await first.holdsFor(now + 300, 100)).toBe(false);
  });

  it('claims the next slot ahead when the work can last into it, and refuses work a rival slot would overlap', async () => {
    const name = randomUUID();
    const [owner, rival] = [lease(name), lease(name)];
    // Owner holds slot 20000; a rival got slot 20001 (as after the owner stalled).
    expect(await owner.holdsFor(20_000_000, 100)).toBe(true);
    expect(await rival.holdsFor(20_001_000, 100)).toBe(true);
    // Late in slot 20000 the owner's work would reach into 20001: refused.
    expect(await owner.holdsFor(20_000_950, 100)).toBe(false);

    const ahead = lease(randomUUID());
    expect(await ahead.holdsFor(30_000_950, 100)).toBe(true); // claims 30000 and 30001
    const documents = await db.collection(collection).find({ owner: ahead.owner }).toArray();
    expect(documents.map((document) => document.slot).sort()).toEqual([30_000, 30_001]);
  });

  it('different names do not compete', async () => {
    const now = 40_000_000;
    expect(await lease(randomUUID()).holdsFor(now, 100)).toBe(true);
    expect(await lease(randomUUID()).holdsFor(now, 100)).toBe(true);
  });

  it('refuses a span longer than a slot (the work could outlive every slot it claims)', async () => {
    await expect(lease(randomUUID()).holdsFor(0, 1_001)).rejects.toThrow(RangeError);
  });
});
