import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Webhook } from 'standardwebhooks';

export interface ReceivedWebhook {
  webhookId: string;
  timestamp: string;
  body: string;
  payload: unknown;
  receivedAt: number;
}

/**
 * `up`: verifies, dedupes and answers 204. `down`: the port is closed (connection refused).
 * A number: every request is answered with that status (after it is counted, before it is verified).
 */
export type ReceiverMode = 'up' | 'down' | number;

/**
 * A regulator's webhook endpoint as a real HTTP server on 127.0.0.1: it verifies each request's Standard Webhooks
 * signature with the standardwebhooks library, keeps the first delivery of each `webhook-id` (a repeat is answered
 * 200 and counted as a duplicate) and counts every raw request.
 */
export class WebhookReceiver {
  readonly secret = `whsec_${randomBytes(32).toString('base64')}`;
  /** Every request that reached the server, in order. */
  readonly requests: { webhookId?: string; receivedAt: number }[] = [];
  /** The first delivery of each webhook-id. */
  readonly deliveries = new Map<string, ReceivedWebhook>();
  duplicates = 0;
  invalidSignatures = 0;
  private server?: Server;
  private mode: ReceiverMode = 'down';

  private constructor(private port: number) {}

  static async start(mode: ReceiverMode = 'up'): Promise<WebhookReceiver> {
    const receiver = new WebhookReceiver(0);
    await receiver.listen();
    await receiver.setMode(mode);
    return receiver;
  }

  get url(): string {
    return `http://127.0.0.1:${this.port}/breachline/webhook`;
  }

  get rawRequests(): number {
    return this.requests.length;
  }

  get uniqueDeliveries(): number {
    return this.deliveries.size;
  }

  /** Switches mode; `down` closes the port (and open connections), leaving `down` opens it again on the same port. */
  async setMode(mode: ReceiverMode): Promise<void> {
    if (mode === 'down' && this.server) await this.close();
    if (mode !== 'down' && !this.server) await this.listen();
    this.mode = mode;
  }

  async stop(): Promise<void> {
    await this.close();
  }

  private async listen(): Promise<void> {
    const server = createServer((request, response) => void this.handle(request, response));
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(this.port, '127.0.0.1', () => resolve());
    });
    this.port = (server.address() as AddressInfo).port;
    this.server = server;
  }

  private async close(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    if (!server) return;
    await new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    });
  }

  private async handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of request) chunks.push(chunk as Buffer);
    const body = Buffer.concat(chunks).toString('utf8');
    const header = (name: string) => {
      const value = request.headers[name];
      return Array.isArray(value) ? value[0] : value;
    };
    const webhookId = header('webhook-id');
    this.requests.push({ ...(webhookId && { webhookId }), receivedAt: Date.now() });
    if (typeof this.mode === 'number') {
      response.writeHead(this.mode).end();
      return;
    }
    let payload: unknown;
    try {
      payload = new Webhook(this.secret).verify(body, {
        'webhook-id': webhookId ?? '',
        'webhook-timestamp': header('webhook-timestamp') ?? '',
        'webhook-signature': header('webhook-signature') ?? '',
      });
    } catch {
      this.invalidSignatures++;
      response.writeHead(401).end();
      return;
    }
    if (header('content-type') !== 'application/json') {
      response.writeHead(415).end();
      return;
    }
    if (this.deliveries.has(webhookId!)) {
      this.duplicates++;
      response.writeHead(200).end();
      return;
    }
    this.deliveries.set(webhookId!, {
      webhookId: webhookId!,
      timestamp: header('webhook-timestamp')!,
      body,
      payload,
      receivedAt: Date.now(),
    });
    response.writeHead(204).end();
  }
}
