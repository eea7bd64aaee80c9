// The local Kafka is formatted once per fresh `.local` (every CI run): an id the storage tool cannot parse
// fails the whole run, one time in 64 when the id started with '-'.
import { describe, expect, it } from '@jest/globals';

describe('local Kafka storage format', () => {
  it('generates cluster ids the storage tool accepts: 22 base64url characters, never a leading dash', async () => {
    const { kafkaClusterId } = await import('#infra');
    const ids = Array.from({ length: 2000 }, () => kafkaClusterId());

    for (const id of ids) expect(id).toMatch(/^[A-Za-z0-9_][A-Za-z0-9_-]{21}$/);
    expect(new Set(ids).size).toBe(ids.length);
  });
});
