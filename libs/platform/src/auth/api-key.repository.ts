import { createHash, randomBytes } from 'node:crypto';
import type { Collection, Db } from 'mongodb';
import type { Actor, Role } from '#libs/domain';
import { isDuplicateKeyError } from '../mongo/duplicate-key.js';

export const API_KEYS_COLLECTION = 'api_keys';
export const ROLES: readonly Role[] = ['investigator', 'pr', 'regulator', 'admin'];

interface ApiKeyDocument {
  /** SHA-256 of the key: keys are 256-bit random, so a fast hash is enough and the key itself is never kept. */
  _id: string;
  name: string;
  role: Role;
  regulatorId?: string;
  /** When this key was set for its name: a key replaced from the keys file is a new document. */
  createdAt: string;
  revokedAt?: string;
}

export interface ApiKeySummary {
  name: string;
  role: Role;
  regulatorId?: string;
  /** When the key was last set (created, or replaced from the keys file). */
  setAt: string;
  revokedAt?: string;
}

/** What applying one keys-file entry did; `previous` is the replaced key (never the key or its hash). */
export type KeysFileOutcome =
  { outcome: 'added' | 'unchanged' } | { outcome: 'replaced'; previous: Omit<ApiKeySummary, 'name'> };

export interface NewApiKey {
  name: string;
  role: Role;
  regulatorId?: string;
}

export class ApiKeyError extends Error {}

export const hashApiKey = (key: string): string => createHash('sha256').update(key, 'utf8').digest('hex');
export const generateApiKey = (): string => `bl_${randomBytes(32).toString('base64url')}`;

export class ApiKeyRepository {
  private readonly keys: Collection<ApiKeyDocument>;

  constructor(db: Db) {
    this.keys = db.collection<ApiKeyDocument>(API_KEYS_COLLECTION);
  }

  async ensureIndexes(): Promise<void> {
    await this.keys.createIndex({ name: 1 }, { unique: true, name: 'key_name' });
  }

  /** Stores the hash of a new random key (or of a given one); returns the key once. */
  async create(spec: NewApiKey, key = generateApiKey()): Promise<string> {
    await this.keys.insertOne(newDocument(spec, key));
    return key;
  }

  /**
   * Makes the key stored under `spec.name` the keys file's: added when the name is new, replaced when the key, role or
   * regulator differ (the old key stops working at once; a request between the delete and the insert gets 401), left
   * alone when they are the same (so a key revoked with the CLI stays revoked until the file gives a new one).
   *
   * Several apps apply the same file when they start together, and only a unique insert is atomic on every server
   * the apps run against, so no document is updated: the old one is deleted by `_id` and its creation time, the new one inserted, and the unique
   * indexes on the hash and the name let one insert win; the others read again and find it in place.
   */
  async setFromKeysFile(spec: NewApiKey, key: string): Promise<KeysFileOutcome> {
    const wanted = newDocument(spec, key);
    for (let attempt = 1; attempt <= 5; attempt++) {
      const stored = await this.keys.findOne({ name: spec.name });
      const same = (['_id', 'role', 'regulatorId'] as const).every((field) => stored?.[field] === wanted[field]);
      if (stored && same) return { outcome: 'unchanged' };
      if (stored) await this.keys.deleteOne({ _id: stored._id, createdAt: stored.createdAt });
      try {
        await this.keys.insertOne(newDocument(spec, key));
        return stored ? { outcome: 'replaced', previous: summary(stored) } : { outcome: 'added' };
      } catch (error) {
        if (!isDuplicateKeyError(error)) throw error;
      }
    }
    throw new ApiKeyError('its key is stored under another name, or another process keeps setting this name');
  }

  async findActor(presentedKey: string): Promise<(Actor & { role: Role }) | null> {
    const found = await this.keys.findOne({ _id: hashApiKey(presentedKey) });
    if (!found || found.revokedAt) return null;
    return { name: found.name, role: found.role, ...(found.regulatorId && { regulatorId: found.regulatorId }) };
  }

  async list(): Promise<ApiKeySummary[]> {
    const docs = await this.keys.find({}).sort({ name: 1 }).toArray();
    return docs.map((doc) => ({ name: doc.name, ...summary(doc) }));
  }

  async existsByName(name: string): Promise<boolean> {
    return (await this.keys.countDocuments({ name }, { limit: 1 })) > 0;
  }

  /** Returns false when no active key has that name. */
  async revoke(name: string): Promise<boolean> {
    const result = await this.keys.updateOne(
      { name, revokedAt: { $exists: false } },
      { $set: { revokedAt: new Date().toISOString() } },
    );
    return result.modifiedCount === 1;
  }
}

function newDocument(spec: NewApiKey, key: string): ApiKeyDocument {
  if (typeof spec.name !== 'string' || spec.name === '') throw new ApiKeyError('name must be a non-empty string');
  if (!ROLES.includes(spec.role)) throw new ApiKeyError(`role must be one of ${ROLES.join(', ')}`);
  if ((spec.role === 'regulator') !== Boolean(spec.regulatorId)) {
    throw new ApiKeyError('regulatorId is required for the regulator role and only for it');
  }
  if (typeof key !== 'string' || key.length < 24) throw new ApiKeyError('a key must have at least 24 characters');
  return {
    _id: hashApiKey(key),
    name: spec.name,
    role: spec.role,
    ...(spec.regulatorId && { regulatorId: spec.regulatorId }),
    createdAt: new Date().toISOString(),
  };
}

function summary({ role, regulatorId, createdAt, revokedAt }: ApiKeyDocument): Omit<ApiKeySummary, 'name'> {
  return { role, ...(regulatorId && { regulatorId }), setAt: createdAt, ...(revokedAt && { revokedAt }) };
}
