import { describe, expect, it } from '@jest/globals';
import { readFileSync } from 'node:fs';
import { canonicalJson } from './canonical-json.js';
import { commitHash, genesisHash } from './commit-chain.js';

const vectors = JSON.parse(readFileSync(new URL('./testdata/jcs-vectors.json', import.meta.url), 'utf8')) as {
  cases: { name: string; input: string; output: string }[];
};

describe('canonical JSON (RFC 8785)', () => {
  it.each(vectors.cases)('matches the RFC test vector $name', (vector) => {
    expect(canonicalJson(JSON.parse(vector.input))).toBe(vector.output.replace(/\n$/, ''));
  });

  it('gives the same text whatever the key order', () => {
    expect(canonicalJson({ b: 1, a: { d: [1, 2], c: 'x' } })).toBe(canonicalJson({ a: { c: 'x', d: [1, 2] }, b: 1 }));
  });

  it('refuses a value with no JSON form', () => {
    expect(() => canonicalJson(undefined)).toThrow(TypeError);
  });
});

describe('commit hash', () => {
  const content = {
    commitId: 'c-1',
    streamId: 'case-1',
    fromVersion: 1,
    toVersion: 1,
    recordedAt: '2026-01-01T00:00:00.000Z',
    events: [{ version: 1, payload: { title: 'x' } }],
  };

  it('covers the previous hash and every hashed field, and nothing else', () => {
    const hash = commitHash(genesisHash('case-1'), content);
    expect(hash).toMatch(/^[0-9a-f]{64}$/);
    expect(commitHash(genesisHash('case-2'), content)).not.toBe(hash);
    expect(
      commitHash(genesisHash('case-1'), { ...content, events: [{ version: 1, payload: { title: 'y' } }] }),
    ).not.toBe(hash);
    expect(commitHash(genesisHash('case-1'), { ...content, idempotencyKey: 'k' } as typeof content)).toBe(hash);
  });

  it('derives a different genesis per case', () => {
    expect(genesisHash('case-1')).not.toBe(genesisHash('case-2'));
  });
});
