import { request as httpRequest, type IncomingMessage, type RequestOptions } from 'node:http';
import { request as httpsRequest } from 'node:https';
import type { LookupFunction } from 'node:net';
import { checkWebhookTarget, type LookupAll } from './address-guard.js';

/** How much of an endpoint's answer is read (and dropped) before the connection is closed. */
const MAX_RESPONSE_BYTES = 64 * 1024;

export interface WebhookPost {
  url: string;
  headers: Record<string, string>;
  body: string;
  timeoutMs: number;
  allowPrivate: boolean;
  lookup?: LookupAll;
}

export class WebhookTimeoutError extends Error {
  override name = 'WebhookTimeoutError';
}

/**
 * POSTs one webhook: resolves and checks the host (address-guard), then connects to exactly the address that was
 * checked — the request's `lookup` answers with it, so a second DNS answer (rebinding) cannot redirect the request.
 * TLS still verifies the certificate against the URL's host name. Redirects are not followed. The whole exchange,
 * DNS included, is bounded by `timeoutMs`. Resolves with the HTTP status; rejects on refusal, network error or timeout.
 */
export async function postWebhook({
  url,
  headers,
  body,
  timeoutMs,
  allowPrivate,
  lookup,
}: WebhookPost): Promise<number> {
  const controller = new AbortController();
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      const error = new WebhookTimeoutError(`no answer within ${timeoutMs} ms`);
      controller.abort(error);
      reject(error);
    }, timeoutMs);
  });
  try {
    return await Promise.race([exchange(), timeout]);
  } finally {
    clearTimeout(timer);
  }

  async function exchange(): Promise<number> {
    const target = await checkWebhookTarget(url, { allowPrivate, ...(lookup && { lookup }) });
    if (controller.signal.aborted) throw controller.signal.reason;
    const pinned: LookupFunction = (_hostname, options, callback) => {
      if (options.all) callback(null, [{ address: target.address, family: target.family }]);
      else callback(null, target.address, target.family);
    };
    const { url: parsed } = target;
    const options: RequestOptions = {
      method: 'POST',
      protocol: parsed.protocol,
      hostname: parsed.hostname.replace(/^\[(.*)\]$/, '$1'),
      port: parsed.port || undefined,
      path: `${parsed.pathname}${parsed.search}`,
      headers: { ...headers, 'content-length': String(Buffer.byteLength(body)) },
      ...(parsed.username && {
        auth: `${decodeURIComponent(parsed.username)}:${decodeURIComponent(parsed.password)}`,
      }),
      lookup: pinned,
      // A fresh connection per attempt: a pooled socket could outlive the address check.
      agent: false,
      signal: controller.signal,
    };
    const send = parsed.protocol === 'https:' ? httpsRequest : httpRequest;
    return new Promise<number>((resolve, reject) => {
      const request = send(options, (response: IncomingMessage) => {
        const status = response.statusCode ?? 0;
        let received = 0;
        response.on('data', (chunk: Buffer) => {
          received += chunk.length;
          if (received > MAX_RESPONSE_BYTES) {
            response.destroy();
            resolve(status);
          }
        });
        response.on('end', () => resolve(status));
        response.on('error', () => resolve(status));
        response.on('close', () => resolve(status));
      });
      request.on('error', (error) => reject(controller.signal.aborted ? controller.signal.reason : error));
      request.end(body);
    });
  }
}

/** A network error's code and message, never a header or the body. */
export function describeSendError(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const code = (error as { code?: unknown }).code;
  const text = typeof code === 'string' && !error.message.includes(code) ? `${code}: ${error.message}` : error.message;
  return text.slice(0, 500);
}
