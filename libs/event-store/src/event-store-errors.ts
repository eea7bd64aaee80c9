export class WrongExpectedVersionError extends Error {
  constructor(
    readonly streamId: string,
    readonly expectedVersion: number,
    readonly actualVersion: number,
  ) {
    super(`Stream ${streamId} is at version ${actualVersion}, not ${expectedVersion}`);
    this.name = 'WrongExpectedVersionError';
  }
}

/** Another writer appended at the same version first. */
export class ConcurrentAppendError extends Error {
  constructor(
    readonly streamId: string,
    readonly expectedVersion: number,
  ) {
    super(`Stream ${streamId} was appended to concurrently after version ${expectedVersion}`);
    this.name = 'ConcurrentAppendError';
  }
}

export class IdempotencyKeyReusedError extends Error {
  constructor() {
    super('This Idempotency-Key was already used with a different request');
    this.name = 'IdempotencyKeyReusedError';
  }
}

export { isDuplicateKeyError } from '#libs/platform';
