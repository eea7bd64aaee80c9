import { Global, HttpException, HttpStatus, Injectable, Module } from '@nestjs/common';
import { READ_WAIT_MS } from '#libs/read-models';

export const READ_VERSION_HEADER = 'Breachline-Read-Version';
/** A rebuild waits this long before dropping a collection a read may have resolved. */
export const DEFAULT_MIN_VERSION_WAIT_MS = READ_WAIT_MS;
export const DEFAULT_MAX_WAITING_READS = 256;

/**
 * `?minVersion=N` was asked, but the read model had not reached N when the wait ran out (or too many requests were
 * waiting already): 409 with the version it has reached, never a silent stale read. Retry-After says when to ask again.
 */
export class ReadModelBehindException extends HttpException {
  constructor(
    readonly requiredVersion: number,
    readonly readVersion: number,
  ) {
    super(
      `The read model is at version ${readVersion}, not yet at the requested minVersion ${requiredVersion}; retry shortly`,
      HttpStatus.CONFLICT,
    );
  }
}

/**
 * Reads of one read-model document, shared: requests asking for the same document at the same time get the answer
 * of one query, and requests waiting for a version poll together. The number of waiting requests is capped, so that
 * readers cannot load the database the projector needs to catch up.
 */
@Injectable()
export class ReadYourWrites {
  private readonly inFlight = new Map<string, Promise<unknown>>();
  private waiting = 0;

  constructor(
    private readonly maxWaitMs = DEFAULT_MIN_VERSION_WAIT_MS,
    private readonly maxWaiting = DEFAULT_MAX_WAITING_READS,
  ) {}

  /** The document under `key` (e.g. collection and case), once it is at `minVersion` or later. */
  async readAtLeast<T extends { version: number }>(
    key: string,
    read: () => Promise<T | null>,
    minVersion: number | undefined,
  ): Promise<T | null> {
    const reached = (document: T | null) =>
      minVersion === undefined || (document !== null && document.version >= minVersion);
    let document = await this.shared(key, read);
    if (reached(document)) return document;
    const behind = () => new ReadModelBehindException(minVersion!, document?.version ?? 0);
    if (this.waiting >= this.maxWaiting) throw behind();
    this.waiting++;
    try {
      const deadline = Date.now() + this.maxWaitMs;
      // Backing off to 200 ms: hundreds of waiting cases polled at a fixed short interval would take the database
      // from the projector they are waiting for.
      for (let delay = 10; Date.now() < deadline; delay = Math.min(delay * 2, 200)) {
        await new Promise((resolve) => setTimeout(resolve, delay));
        document = await this.shared(key, read);
        if (reached(document)) return document;
      }
      throw behind();
    } finally {
      this.waiting--;
    }
  }

  private shared<T>(key: string, read: () => Promise<T>): Promise<T> {
    const pending = this.inFlight.get(key) as Promise<T> | undefined;
    if (pending) return pending;
    const started = read().finally(() => this.inFlight.delete(key));
    this.inFlight.set(key, started);
    return started;
  }
}

@Global()
@Module({
  providers: [{ provide: ReadYourWrites, useFactory: () => new ReadYourWrites() }],
  exports: [ReadYourWrites],
})
export class ReadYourWritesModule {}
