import { describe, expect, it } from '@jest/globals';
import { InvalidEnvironmentError } from '../config/environment.js';
import { failedAuthThrottleOptions } from './failed-auth-throttle.js';

describe('failed-authentication throttle configuration', () => {
  it('defaults to 20 failures per minute', () => {
    expect(failedAuthThrottleOptions({})).toEqual({ limit: 20, windowMs: 60_000 });
  });

  it('reads AUTH_FAILURE_LIMIT (0 turns the throttle off) and AUTH_FAILURE_WINDOW_MS', () => {
    expect(failedAuthThrottleOptions({ AUTH_FAILURE_LIMIT: '0', AUTH_FAILURE_WINDOW_MS: '1000' })).toEqual({
      limit: 0,
      windowMs: 1_000,
    });
    expect(failedAuthThrottleOptions({ AUTH_FAILURE_LIMIT: '100000' }).limit).toBe(100_000);
  });

  it.each([
    ['AUTH_FAILURE_LIMIT', 'twenty'],
    ['AUTH_FAILURE_LIMIT', '-1'],
    ['AUTH_FAILURE_LIMIT', '1.5'],
    ['AUTH_FAILURE_LIMIT', '2000000'],
    ['AUTH_FAILURE_WINDOW_MS', '999'],
    ['AUTH_FAILURE_WINDOW_MS', '1e5'],
  ])('refuses %s=%s naming the variable', (name, value) => {
    expect(() => failedAuthThrottleOptions({ [name]: value })).toThrow(InvalidEnvironmentError);
    expect(() => failedAuthThrottleOptions({ [name]: value })).toThrow(name);
  });
});
