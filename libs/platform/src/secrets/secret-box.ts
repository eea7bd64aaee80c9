import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

export interface SealedSecret {
  iv: string;
  tag: string;
  ciphertext: string;
}

export class SecretBoxError extends Error {}

/**
 * Webhook signing secrets must be usable (to sign), so they cannot be hashed like API keys: they are
 * sealed with AES-256-GCM under BREACHLINE_SECRETS_KEY and only opened in the process that signs.
 */
export class SecretBox {
  private readonly key?: Buffer;

  constructor(base64Key: string | undefined) {
    if (base64Key === undefined) return;
    const key = Buffer.from(base64Key, 'base64');
    if (key.length !== 32) throw new SecretBoxError('BREACHLINE_SECRETS_KEY must be 32 bytes, base64-encoded');
    this.key = key;
  }

  seal(secret: string): SealedSecret {
    const key = this.requireKey();
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', key, iv);
    const ciphertext = Buffer.concat([cipher.update(secret, 'utf8'), cipher.final()]);
    return {
      iv: iv.toString('base64'),
      tag: cipher.getAuthTag().toString('base64'),
      ciphertext: ciphertext.toString('base64'),
    };
  }

  open(sealed: SealedSecret): string {
    const decipher = createDecipheriv('aes-256-gcm', this.requireKey(), Buffer.from(sealed.iv, 'base64'));
    decipher.setAuthTag(Buffer.from(sealed.tag, 'base64'));
    return Buffer.concat([decipher.update(Buffer.from(sealed.ciphertext, 'base64')), decipher.final()]).toString(
      'utf8',
    );
  }

  private requireKey(): Buffer {
    if (!this.key)
      throw new SecretBoxError('BREACHLINE_SECRETS_KEY is not configured: webhook secrets cannot be stored or used');
    return this.key;
  }
}
