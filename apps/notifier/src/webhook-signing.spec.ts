import { randomBytes } from 'node:crypto';
import { describe, expect, it } from '@jest/globals';
import { Webhook, WebhookVerificationError } from 'standardwebhooks';
import { signedWebhookHeaders, WebhookSecretError } from './webhook-signing.js';

const secret = `whsec_${randomBytes(32).toString('base64')}`;
const body = JSON.stringify({ specversion: '1.0', id: 'e-1', type: 'breachline.regulator.notification.created' });

describe('Standard Webhooks signing', () => {
  it('signs so that the reference library verifies the exact body, id and timestamp', () => {
    const at = new Date();
    const headers = signedWebhookHeaders(secret, 'e-1', body, at);
    expect(headers).toMatchObject({
      'content-type': 'application/json',
      'webhook-id': 'e-1',
      'webhook-timestamp': String(Math.floor(at.getTime() / 1000)),
      'webhook-signature': expect.stringMatching(/^v1,[A-Za-z0-9+/]{43}=$/),
    });
    expect(new Webhook(secret).verify(body, headers)).toEqual(JSON.parse(body));
  });

  it('accepts a bare base64 secret too, as the library does', () => {
    const bare = secret.slice('whsec_'.length);
    const headers = signedWebhookHeaders(bare, 'e-2', body, new Date());
    expect(() => new Webhook(secret).verify(body, headers)).not.toThrow();
  });

  it('fails verification for another body, id, secret or a stale timestamp', () => {
    const headers = signedWebhookHeaders(secret, 'e-1', body, new Date());
    const verify =
      (payload: string, h: Record<string, string>, key = secret) =>
      () =>
        new Webhook(key).verify(payload, h);
    expect(verify(`${body} `, headers)).toThrow(WebhookVerificationError);
    expect(verify(body, { ...headers, 'webhook-id': 'e-9' })).toThrow(WebhookVerificationError);
    expect(verify(body, headers, `whsec_${randomBytes(32).toString('base64')}`)).toThrow(WebhookVerificationError);
    const stale = signedWebhookHeaders(secret, 'e-1', body, new Date(Date.now() - 10 * 60_000));
    expect(verify(body, stale)).toThrow('Message timestamp too old');
  });

  it('signs the same bytes the same way: a retry differs only by its timestamp', () => {
    const at = new Date('2026-01-01T00:00:00Z');
    expect(signedWebhookHeaders(secret, 'e-1', body, at)).toEqual(signedWebhookHeaders(secret, 'e-1', body, at));
  });

  it('refuses a secret that is not base64 without quoting it', () => {
    const bad = 'not a *secret* at all!';
    expect(() => signedWebhookHeaders(bad, 'e-1', body, new Date())).toThrow(WebhookSecretError);
    try {
      signedWebhookHeaders(bad, 'e-1', body, new Date());
    } catch (error) {
      expect((error as Error).message).not.toContain(bad);
    }
  });
});
