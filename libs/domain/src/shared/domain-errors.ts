/** A command that the case's current state does not allow (HTTP 409). `rule` names the rule broken. */
export class IllegalTransitionError extends Error {
  constructor(
    readonly rule: string,
    message: string,
  ) {
    super(message);
    this.name = 'IllegalTransitionError';
  }
}

/** A command whose values break a domain rule regardless of state (HTTP 400). */
export class DomainValidationError extends Error {
  constructor(
    readonly field: string,
    readonly rule: string,
    message: string,
  ) {
    super(message);
    this.name = 'DomainValidationError';
  }
}

/** A command this actor may not give, whatever their role allows elsewhere (HTTP 403), e.g. four-eyes. */
export class ForbiddenActionError extends Error {
  constructor(
    readonly rule: string,
    message: string,
  ) {
    super(message);
    this.name = 'ForbiddenActionError';
  }
}
