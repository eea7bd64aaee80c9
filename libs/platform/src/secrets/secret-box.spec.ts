import { randomBytes } from 'node:crypto';
import { describe, expect, it } from '@jest/globals';
import { SecretBox, SecretBoxError } from './secret-box.js';

const key = randomBytes(32).toString('base64');

describe('SecretBox', () => {
  it('opens what it sealed, and the sealed form does not contain the secret', () => {
    const box = new SecretBox(key);
    const sealed = box.seal('whsec_abc123');
    expect(JSON.stringify(sealed)).not.toContain('whsec_abc123');
    expect(box.open(sealed)).toBe('whsec_abc123');
  });

  it('refuses to open with another key (authenticated encryption)', () => {
    const sealed = new SecretBox(key).seal('s');
    expect(() => new SecretBox(randomBytes(32).toString('base64')).open(sealed)).toThrow();
  });

  it('names the missing or malformed configuration', () => {
    expect(() => new SecretBox(undefined).seal('s')).toThrow(SecretBoxError);
    expect(() => new SecretBox('c2hvcnQ=')).toThrow('BREACHLINE_SECRETS_KEY must be 32 bytes');
  });
});
