import { createServer, type Server, type Socket, connect } from 'node:net';
import type { AddressInfo } from 'node:net';

/**
 * A TCP proxy in front of the MongoDB-protocol server that can lose the reply to a write the server has applied:
 * the request is forwarded and the server's answer swallowed; then the client's connection is cut (`cut`: what a
 * server crash between commit and reply looks like) or left silent (`hold`: a reply slower than the client's
 * socketTimeoutMS). Either way the driver reports a network error with an unknown outcome.
 */
export class ReplyDroppingProxy {
  /** Requests that match and whose reply is to be dropped; each match uses one. */
  private armed = 0;
  private matcher: (message: Buffer) => boolean = () => false;
  private mode: 'cut' | 'hold' = 'cut';
  private readonly sockets = new Set<Socket>();
  dropped = 0;

  private constructor(
    private readonly server: Server,
    readonly url: string,
  ) {}

  static async start(upstreamUrl: string): Promise<ReplyDroppingProxy> {
    const upstream = new URL(upstreamUrl);
    const connections: { proxy?: ReplyDroppingProxy } = {};
    const server = createServer((client) =>
      connections.proxy!.handle(client, upstream.hostname, Number(upstream.port)),
    );
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(0, '127.0.0.1', () => resolve());
    });
    const { port } = server.address() as AddressInfo;
    connections.proxy = new ReplyDroppingProxy(server, `mongodb://127.0.0.1:${port}`);
    return connections.proxy;
  }

  /** Drops the replies to the next `count` requests for which `matches` holds. */
  arm(count: number, matches: (message: Buffer) => boolean, mode: 'cut' | 'hold' = 'cut'): void {
    this.armed = count;
    this.matcher = matches;
    this.mode = mode;
  }

  get pending(): number {
    return this.armed;
  }

  async stop(): Promise<void> {
    for (const socket of this.sockets) socket.destroy();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private handle(client: Socket, host: string, port: number): void {
    const server = connect({ host, port });
    this.sockets.add(client).add(server);
    const close = () => {
      client.destroy();
      server.destroy();
      this.sockets.delete(client);
      this.sockets.delete(server);
    };
    client.on('error', close).on('close', close);
    server.on('error', close).on('close', close);
    /** requestIDs whose reply is to be swallowed. */
    const doomed = new Set<number>();
    frames(client, (message) => {
      if (this.armed > 0 && this.matcher(message)) {
        this.armed--;
        doomed.add(message.readInt32LE(4));
      }
      server.write(message);
    });
    frames(server, (message) => {
      if (doomed.has(message.readInt32LE(8))) {
        // The server has applied the write; its answer never arrives.
        this.dropped++;
        if (this.mode === 'cut') close();
        return;
      }
      client.write(message);
    });
  }
}

/** Calls `onMessage` with each whole wire-protocol message (int32 length prefix) read from `socket`. */
function frames(socket: Socket, onMessage: (message: Buffer) => void): void {
  let buffered: Buffer = Buffer.alloc(0);
  socket.on('data', (chunk: Buffer) => {
    buffered = buffered.length === 0 ? chunk : Buffer.concat([buffered, chunk]);
    while (buffered.length >= 4) {
      const length = buffered.readInt32LE(0);
      if (buffered.length < length) break;
      onMessage(buffered.subarray(0, length));
      buffered = buffered.subarray(length);
    }
  });
}

/** An OP_MSG `insert` into `collection` whose documents contain `text` (e.g. an event type). */
export function insertInto(collection: string, text = ''): (message: Buffer) => boolean {
  const command = Buffer.concat([
    Buffer.from([0x02]),
    Buffer.from('insert\0'),
    int32(collection.length + 1),
    Buffer.from(`${collection}\0`),
  ]);
  return (message) => message.includes(command) && (text === '' || message.includes(text));
}

function int32(value: number): Buffer {
  const buffer = Buffer.alloc(4);
  buffer.writeInt32LE(value);
  return buffer;
}
