import { describe, expect, it } from '@jest/globals';
import { InvalidEnvironmentError } from '#libs/platform';
import { validateNotifierConfig } from './notifier-config.js';

describe('notifier configuration', () => {
  it('has bounded defaults', () => {
    expect({ ...validateNotifierConfig({}) }).toEqual({
      NOTIFIER_TIMEOUT_MS: 5_000,
      NOTIFIER_BACKOFF_BASE_MS: 1_000,
      NOTIFIER_BACKOFF_CAP_MS: 300_000,
      NOTIFIER_MAX_ATTEMPTS: 12,
      NOTIFIER_POLL_MS: 1_000,
      NOTIFIER_CONCURRENCY: 8,
    });
  });

  it('reads numbers from the environment and ignores other variables', () => {
    const config = validateNotifierConfig({ NOTIFIER_MAX_ATTEMPTS: '3', NOTIFIER_BACKOFF_BASE_MS: '200', OTHER: 'x' });
    expect(config).toMatchObject({ NOTIFIER_MAX_ATTEMPTS: 3, NOTIFIER_BACKOFF_BASE_MS: 200 });
    expect(config).not.toHaveProperty('OTHER');
  });

  it('names each bad setting', () => {
    expect(() => validateNotifierConfig({ NOTIFIER_TIMEOUT_MS: 'soon', NOTIFIER_MAX_ATTEMPTS: '0' })).toThrow(
      /NOTIFIER_TIMEOUT_MS[\s\S]*NOTIFIER_MAX_ATTEMPTS|NOTIFIER_MAX_ATTEMPTS[\s\S]*NOTIFIER_TIMEOUT_MS/,
    );
    expect(() => validateNotifierConfig({ NOTIFIER_BACKOFF_BASE_MS: '5000', NOTIFIER_BACKOFF_CAP_MS: '1000' })).toThrow(
      InvalidEnvironmentError,
    );
  });
});
