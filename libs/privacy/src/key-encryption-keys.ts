import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';

/** A data key as stored: wrapped (AES-256-GCM) by the key-encryption key named by `kekId`. */
export interface WrappedKey {
  kekId: string;
  iv: string;
  tag: string;
  wrapped: string;
}

export class KeyEncryptionKeyError extends Error {}

const decodeKey = (base64: string, name: string): Buffer => {
  const key = Buffer.from(base64, 'base64');
  if (key.length !== 32) throw new KeyEncryptionKeyError(`${name} must be 32 bytes, base64-encoded`);
  return key;
};

/** A key's id: a fingerprint that names it without revealing it. */
const kekIdOf = (key: Buffer) => createHash('sha256').update('breachline-kek').update(key).digest('hex').slice(0, 16);

/**
 * The key-encryption keys: the current one (BREACHLINE_SECRETS_KEY) wraps every new data key; earlier ones
 * (BREACHLINE_SECRETS_KEY_PREVIOUS, during a rotation) only unwrap, until `keys rewrap` has moved every data key over.
 * The wrapped data key is bound to its case id, so a wrapped key copied to another case does not unwrap.
 */
export class KeyEncryptionKeys {
  readonly currentId: string;
  private readonly keys = new Map<string, Buffer>();

  constructor(current: string | undefined, previous: readonly string[] = []) {
    if (!current) {
      throw new KeyEncryptionKeyError('BREACHLINE_SECRETS_KEY is not set: personal data cannot be encrypted');
    }
    const key = decodeKey(current, 'BREACHLINE_SECRETS_KEY');
    this.currentId = kekIdOf(key);
    this.keys.set(this.currentId, key);
    for (const old of previous) {
      const oldKey = decodeKey(old, 'BREACHLINE_SECRETS_KEY_PREVIOUS');
      this.keys.set(kekIdOf(oldKey), oldKey);
    }
  }

  static fromEnvironment(env: { BREACHLINE_SECRETS_KEY?: string; BREACHLINE_SECRETS_KEY_PREVIOUS?: string }) {
    const previous = (env.BREACHLINE_SECRETS_KEY_PREVIOUS ?? '').split(',').filter((key) => key !== '');
    return new KeyEncryptionKeys(env.BREACHLINE_SECRETS_KEY, previous);
  }

  wrap(dataKey: Buffer, keyId: string): WrappedKey {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.keys.get(this.currentId)!, iv);
    cipher.setAAD(Buffer.from(keyId, 'utf8'));
    const wrapped = Buffer.concat([cipher.update(dataKey), cipher.final()]);
    return {
      kekId: this.currentId,
      iv: iv.toString('base64'),
      tag: cipher.getAuthTag().toString('base64'),
      wrapped: wrapped.toString('base64'),
    };
  }

  unwrap(stored: WrappedKey, keyId: string): Buffer {
    const kek = this.keys.get(stored.kekId);
    if (!kek) {
      throw new KeyEncryptionKeyError(
        `data key ${keyId} is wrapped by key-encryption key ${stored.kekId}, which is not configured`,
      );
    }
    const decipher = createDecipheriv('aes-256-gcm', kek, Buffer.from(stored.iv, 'base64'));
    decipher.setAAD(Buffer.from(keyId, 'utf8'));
    decipher.setAuthTag(Buffer.from(stored.tag, 'base64'));
    return Buffer.concat([decipher.update(Buffer.from(stored.wrapped, 'base64')), decipher.final()]);
  }
}
