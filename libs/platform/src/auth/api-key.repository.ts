import { createHash, randomBytes } from 'node:crypto';
import type { Collection, Db } from 'mongodb';
import type { Actor, Role } from '#libs/domain';

export const API_KEYS_COLLECTION = 'api_keys';
export const ROLES: readonly Role[] = ['investigator', 'pr', 'regulator', 'admin'];

interface ApiKeyDocument {
  /** SHA-256 of the key: keys are 256-bit random, so a fast hash is enough and the key itself is never kept. */
  _id: string;
  name: string;
  role: Role;
  regulatorId?: string;
  createdAt: string;
  revokedAt?: string;
}

export interface ApiKeySummary {
  name: string;
  role: Role;
  regulatorId?: string;
  createdAt: string;
  revokedAt?: string;
}

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

  /** Stores the hash of a given key (bootstrap file) or of a new random one; returns the key once. */
  async create(spec: NewApiKey, key = generateApiKey()): Promise<string> {
    if (!ROLES.includes(spec.role)) throw new ApiKeyError(`role must be one of ${ROLES.join(', ')}`);
    if ((spec.role === 'regulator') !== Boolean(spec.regulatorId)) {
      throw new ApiKeyError('regulatorId is required for the regulator role and only for it');
    }
    if (key.length < 24) throw new ApiKeyError('a key must have at least 24 characters');
    await this.keys.insertOne({
      _id: hashApiKey(key),
      name: spec.name,
      role: spec.role,
      ...(spec.regulatorId && { regulatorId: spec.regulatorId }),
      createdAt: new Date().toISOString(),
    });
    return key;
  }

  async findActor(presentedKey: string): Promise<Actor | null> {
    const found = await this.keys.findOne({ _id: hashApiKey(presentedKey) });
    if (!found || found.revokedAt) return null;
    return { name: found.name, role: found.role, ...(found.regulatorId && { regulatorId: found.regulatorId }) };
  }

  async list(): Promise<ApiKeySummary[]> {
    const docs = await this.keys
      .find({}, { projection: { _id: 0 } })
      .sort({ name: 1 })
      .toArray();
    return docs as ApiKeySummary[];
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
