import { Webhook } from 'standardwebhooks';

export class WebhookSecretError extends Error {
  override name = 'WebhookSecretError';
}

export const WEBHOOK_USER_AGENT = 'Breachline-Notifier/1';

/**
 * Standard Webhooks headers for one attempt: `webhook-id` stays the same across retries (receivers dedupe by it),
 * `webhook-timestamp` is the attempt's, `webhook-signature` is `v1,<base64 HMAC-SHA256 of id.timestamp.body>`.
 * The secret is a Standard Webhooks secret: base64, optionally prefixed `whsec_`.
 */
export function signedWebhookHeaders(
  secret: string,
  webhookId: string,
  body: string,
  at: Date,
): Record<string, string> {
  let webhook: Webhook;
  try {
    webhook = new Webhook(secret);
  } catch {
    // The library's message could quote the secret; this one never does.
    throw new WebhookSecretError('the webhook secret is not a Standard Webhooks secret (whsec_ followed by base64)');
  }
  return {
    'content-type': 'application/json',
    'user-agent': WEBHOOK_USER_AGENT,
    'webhook-id': webhookId,
    'webhook-timestamp': String(Math.floor(at.getTime() / 1000)),
    'webhook-signature': webhook.sign(webhookId, at, body),
  };
}
