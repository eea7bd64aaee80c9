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

  it('takes RETENTION_AFTER_CLOSE as an ISO 8601 duration and refuses anything else by name', () => {
    expect(validateEnvironment(valid).RETENTION_AFTER_CLOSE).toBeUndefined();
    expect(validateEnvironment({ ...valid, RETENTION_AFTER_CLOSE: 'P6Y' }).RETENTION_AFTER_CLOSE).toBe('P6Y');
    expect(() => validateEnvironment({ ...valid, RETENTION_AFTER_CLOSE: '6 years' })).toThrow(
      /RETENTION_AFTER_CLOSE: must be an ISO 8601 duration/,
    );
  });
});
