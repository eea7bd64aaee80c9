import { randomBytes } from 'node:crypto';
import type { Collection, Db } from 'mongodb';
import { isDuplicateKeyError, LruMap } from '#libs/platform';
import type { KeyEncryptionKeys, WrappedKey } from './key-encryption-keys.js';

export const DATA_KEYS_COLLECTION = 'case_data_keys';
export const DATA_KEY_TOMBSTONES_COLLECTION = 'data_key_tombstones';
/** How long a process uses a data key it has read without looking again: a destroyed key is gone everywhere after. */
const KEY_CACHE_MS = 30_000;

interface DataKeyDocument extends WrappedKey {
  /** The key id: the case id (one data key per case). */
  _id: string;
  createdAt: string;
}

export interface Tombstone {
  _id: string;
  erasedAt: string;
  erasedBy: string;
  reason: string;
}

/** A case's data key, or `erased` once it has been destroyed. */
export type DataKey = { key: Buffer } | 'erased';

export class DataKeyErasedError extends Error {
  constructor(readonly keyId: string) {
    super(`the data key of ${keyId} was destroyed: it cannot be created again`);
  }
}

export class DataKeyMissingError extends Error {
  constructor(readonly keyId: string) {
    super(`no data key ${keyId} and no record of its erasure: the key store is incomplete`);
  }
}

/**
 * Data keys, one per case, each wrapped by the key-encryption key; kept in their own collection (optionally their own
 * database, KEYS_MONGO_URL). Tombstones live in the main database, apart from the keys, so a key collection restored
 * from an older copy still leaves erased cases erased. Every step is a unique insert or an `_id` lookup:
 * - create: insert the key (a concurrent creator's duplicate reads the winner's), then look for a tombstone;
 * - destroy: insert the tombstone, then delete the key.
 * Whichever order they interleave in, a key created around an erasure is found by its creator's tombstone check.
 */
export class DataKeyStore {
  private readonly keys: Collection<DataKeyDocument>;
  private readonly tombstones: Collection<Tombstone>;
  private readonly cache = new LruMap<string, { key: DataKey; until: number }>(10_000);

  constructor(
    keysDb: Db,
    mainDb: Db,
    private readonly keks: KeyEncryptionKeys,
  ) {
    this.keys = keysDb.collection<DataKeyDocument>(DATA_KEYS_COLLECTION);
    this.tombstones = mainDb.collection<Tombstone>(DATA_KEY_TOMBSTONES_COLLECTION);
  }

  /** The key of `keyId`; with `create`, made if it does not exist yet (never once it has been destroyed). */
  async keyFor(keyId: string, { create = false } = {}): Promise<DataKey> {
    const cached = this.cache.get(keyId);
    if (cached && (cached.key === 'erased' || cached.until > Date.now())) return cached.key;
    let stored = await this.keys.findOne({ _id: keyId });
    if (!stored && create) stored = await this.insertKey(keyId);
    const tombstone = await this.tombstones.findOne({ _id: keyId });
    if (tombstone) {
      // A key restored from a copy taken before the erasure, or one created while it ran: gone again.
      if (stored) await this.keys.deleteOne({ _id: keyId });
      this.remember(keyId, 'erased');
      if (create) throw new DataKeyErasedError(keyId);
      return 'erased';
    }
    if (!stored) throw new DataKeyMissingError(keyId);
    const key = { key: this.keks.unwrap(stored, keyId) };
    this.remember(keyId, key);
    return key;
  }

  /** Destroys a key for good; returns the tombstone (the first one when it was destroyed before). */
  async destroy(tombstone: Tombstone): Promise<Tombstone> {
    let kept = tombstone;
    try {
      await this.tombstones.insertOne(tombstone);
    } catch (error) {
      if (!isDuplicateKeyError(error)) throw error;
      kept = (await this.tombstones.findOne({ _id: tombstone._id })) ?? tombstone;
    }
    await this.keys.deleteOne({ _id: tombstone._id });
    this.remember(tombstone._id, 'erased');
    return kept;
  }

  tombstone(keyId: string): Promise<Tombstone | null> {
    return this.tombstones.findOne({ _id: keyId });
  }

  /** Forgets a key read earlier, so the next use looks again (after an erasure elsewhere). */
  forget(keyId: string): void {
    this.cache.delete(keyId);
  }

  /** Rewraps every data key not wrapped by the current key-encryption key; events are never touched. */
  async rewrap(): Promise<{ rewrapped: number; current: number }> {
    let rewrapped = 0;
    let current = 0;
    for await (const stored of this.keys.find({})) {
      if (stored.kekId === this.keks.currentId) {
        current++;
        continue;
      }
      const wrapped = this.keks.wrap(this.keks.unwrap(stored, stored._id), stored._id);
      await this.keys.replaceOne({ _id: stored._id, kekId: stored.kekId }, { ...wrapped, createdAt: stored.createdAt });
      rewrapped++;
    }
    return { rewrapped, current };
  }

  private async insertKey(keyId: string): Promise<DataKeyDocument> {
    const document: DataKeyDocument = {
      _id: keyId,
      ...this.keks.wrap(randomBytes(32), keyId),
      createdAt: new Date().toISOString(),
    };
    try {
      await this.keys.insertOne(document);
      return document;
    } catch (error) {
      if (!isDuplicateKeyError(error)) throw error;
      const winner = await this.keys.findOne({ _id: keyId });
      if (!winner) throw error;
      return winner;
    }
  }

  private remember(keyId: string, key: DataKey): void {
    this.cache.set(keyId, { key, until: Date.now() + KEY_CACHE_MS });
  }
}
