import { describe, expect, it } from '@jest/globals';
import { validateEnvironment } from './environment.js';

const valid = { MONGO_URL: 'mongodb://127.0.0.1:27117', KAFKA_BROKERS: '127.0.0.1:19092' };

describe('validateEnvironment', () => {
  it('applies defaults to a minimal environment', () => {
    const environment = validateEnvironment(valid);
    expect(environment).toMatchObject({ MONGO_DB: 'breachline', KAFKA_PARTITIONS: 3, HOST: '127.0.0.1' });
  });

  it('converts numeric strings', () => {
    expect(validateEnvironment({ ...valid, PORT: '3100' }).PORT).toBe(3100);
  });

  it('names every bad variable and its rule', () => {
    expect(() => validateEnvironment({ MONGO_URL: 'postgres://x', KAFKA_PARTITIONS: 'many' })).toThrow(
      /MONGO_URL: must be a mongodb:\/\/.*\n.*KAFKA_BROKERS: must be host:port.*\n.*KAFKA_PARTITIONS: must be an integer/s,
    );
  });
});
