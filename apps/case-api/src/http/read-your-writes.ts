import { HttpException, HttpStatus } from '@nestjs/common';

export const READ_VERSION_HEADER = 'Breachline-Read-Version';
export const DEFAULT_MIN_VERSION_WAIT_MS = 2_000;

/**
 * `?minVersion=N` was asked, but the read model had not reached N when the wait ran out: 409 with the
 * version it has reached, never a silent stale read. Retry-After says when to ask again.
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

/** Polls `read` until it returns a document at `minVersion` or later, or the wait runs out. */
export async function readAtLeast<T extends { version: number }>(
  read: () => Promise<T | null>,
  minVersion: number | undefined,
  maxWaitMs = DEFAULT_MIN_VERSION_WAIT_MS,
): Promise<T | null> {
  const deadline = Date.now() + maxWaitMs;
  let delay = 10;
  for (;;) {
    const document = await read();
    if (minVersion === undefined || (document && document.version >= minVersion)) return document;
    if (Date.now() >= deadline) throw new ReadModelBehindException(minVersion, document?.version ?? 0);
    await new Promise((resolve) => setTimeout(resolve, delay));
    delay = Math.min(delay * 2, 100);
  }
}
