import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from '@jest/globals';
import { AddressNotAllowedError } from './address-guard.js';
import { postWebhook, WebhookTimeoutError } from './webhook-sender.js';

// In-process loopback servers only: no DNS beyond the stubbed lookups, nothing leaves the machine.

let server: Server | undefined;
afterEach(async () => {
  server?.closeAllConnections();
  await new Promise((resolve) => (server ? server.close(resolve) : resolve(undefined)));
  server = undefined;
});

async function listen(handler: Parameters<typeof createServer>[1]): Promise<number> {
  server = createServer(handler);
  await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
  return (server.address() as AddressInfo).port;
}

describe('webhook POST', () => {
  it('connects to the checked address while keeping the URL host in the Host header', async () => {
    let seen: { headers: IncomingHttpHeaders; body: string; url?: string } | undefined;
    const port = await listen((request, response) => {
      let body = '';
      request.on('data', (chunk) => (body += chunk));
      request.on('end', () => {
        seen = { headers: request.headers, body, url: request.url };
        response.writeHead(204).end();
      });
    });
    const lookups: string[] = [];
    const status = await postWebhook({
      url: `http://hooks.regulator.example:${port}/in?x=1`,
      headers: { 'content-type': 'application/json', 'webhook-id': 'e-1' },
      body: '{"a":1}',
      timeoutMs: 2_000,
      allowPrivate: true,
      lookup: async (host) => {
        lookups.push(host);
        return [{ address: '127.0.0.1', family: 4 }];
      },
    });
    expect(status).toBe(204);
    expect(lookups).toEqual(['hooks.regulator.example']); // resolved once, by the guard; the socket used that answer
    expect(seen).toMatchObject({
      url: '/in?x=1',
      body: '{"a":1}',
      headers: { host: `hooks.regulator.example:${port}`, 'webhook-id': 'e-1', 'content-length': '7' },
    });
  });

  it('refuses before connecting when the name resolves to a private address', async () => {
    let requests = 0;
    const port = await listen((_request, response) => {
      requests++;
      response.end();
    });
    await expect(
      postWebhook({
        url: `http://rebind.example:${port}/`,
        headers: {},
        body: '{}',
        timeoutMs: 2_000,
        allowPrivate: false,
        lookup: async () => [{ address: '127.0.0.1', family: 4 }],
      }),
    ).rejects.toThrow(AddressNotAllowedError);
    expect(requests).toBe(0);
  });

  it('gives up on an endpoint that does not answer within the timeout', async () => {
    const port = await listen(() => {
      // never answers
    });
    const started = Date.now();
    await expect(
      postWebhook({ url: `http://127.0.0.1:${port}/`, headers: {}, body: '{}', timeoutMs: 300, allowPrivate: true }),
    ).rejects.toThrow(WebhookTimeoutError);
    expect(Date.now() - started).toBeLessThan(2_000);
  });

  it('bounds a slow DNS answer by the same timeout', async () => {
    await expect(
      postWebhook({
        url: 'http://slow-dns.example/',
        headers: {},
        body: '{}',
        timeoutMs: 200,
        allowPrivate: true,
        lookup: () => new Promise((resolve) => setTimeout(() => resolve([{ address: '127.0.0.1', family: 4 }]), 1_000)),
      }),
    ).rejects.toThrow(WebhookTimeoutError);
  });

  it('reports a redirect as its status instead of following it', async () => {
    const port = await listen((_request, response) => {
      response.writeHead(307, { location: 'http://169.254.169.254/latest/meta-data/' }).end();
    });
    await expect(
      postWebhook({ url: `http://127.0.0.1:${port}/`, headers: {}, body: '{}', timeoutMs: 2_000, allowPrivate: true }),
    ).resolves.toBe(307);
  });
});
