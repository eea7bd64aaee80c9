import { describe, expect, it } from '@jest/globals';
import { MongoBulkWriteError, MongoNetworkError, MongoServerError, MongoServerSelectionError } from 'mongodb';
import { isServerUnavailable } from './server-unavailable.js';

const unreachable = () => new MongoServerSelectionError('connect ECONNREFUSED 127.0.0.1:28117', {} as never);
const bulkResult = {} as never;

describe('isServerUnavailable', () => {
  it('is true for a bulk write whose driver error says no server can be reached', () => {
    expect(isServerUnavailable(new MongoBulkWriteError(unreachable() as never, bulkResult))).toBe(true);
    expect(isServerUnavailable(new MongoBulkWriteError(new MongoNetworkError('reset') as never, bulkResult))).toBe(
      true,
    );
  });

  it('is false for a bulk write refused by the server, e.g. a duplicate key', () => {
    const refused = new MongoBulkWriteError({ message: 'E11000', code: 11000, writeErrors: [] } as never, bulkResult);
    expect(isServerUnavailable(refused)).toBe(false);
    expect(isServerUnavailable(new MongoServerError({ message: 'bad', code: 2 }))).toBe(false);
  });

  it('is true for the unwrapped network errors and false for anything else', () => {
    expect(isServerUnavailable(unreachable())).toBe(true);
    expect(isServerUnavailable(Object.assign(new Error('write EPIPE'), { code: 'EPIPE' }))).toBe(true);
    expect(isServerUnavailable(new TypeError('not a server'))).toBe(false);
    expect(isServerUnavailable(undefined)).toBe(false);
  });
});
