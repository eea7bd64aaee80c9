import { type ArgumentsHost, Catch, type ExceptionFilter, HttpException, HttpStatus, Inject } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import {
  DomainValidationError,
  ForbiddenActionError,
  HoldingStatementGuardrailError,
  IllegalTransitionError,
} from '#libs/domain';
import { OrganisationProfileMissingError } from '../holding-statements/statement-settings.js';
import { ConcurrentAppendError, IdempotencyKeyReusedError, WrongExpectedVersionError } from '#libs/event-store';
import { isServerUnavailable, LOGGER, type Logger, SecretBoxError } from '#libs/platform';
import { READ_VERSION_HEADER, ReadModelBehindException } from './read-your-writes.js';

export interface FieldError {
  field: string;
  rule: string;
  message: string;
}

export interface ProblemDetails {
  type: string;
  title: string;
  status: number;
  detail: string;
  rule?: string;
  errors?: FieldError[];
}

/** Raised by the validation pipe and by checks in controllers: 400 naming every field and rule. */
export class FieldValidationException extends HttpException {
  constructor(readonly errors: FieldError[]) {
    super(errors.map((e) => `${e.field}: ${e.message}`).join('; '), HttpStatus.BAD_REQUEST);
  }
}

const problem = (status: number, title: string, detail: string, extra: Partial<ProblemDetails> = {}) => ({
  type: `https://breachline.dev/problems/${title.toLowerCase().replace(/[^a-z]+/g, '-')}`,
  title,
  status,
  detail,
  ...extra,
});

/** Every error leaves as RFC 9457 problem details; a 5xx is logged as a bug, except a server being down. */
@Catch()
export class ProblemDetailsFilter implements ExceptionFilter {
  constructor(@Inject(LOGGER) private readonly logger: Logger) {}

  catch(exception: unknown, host: ArgumentsHost): void {
    const reply = host.switchToHttp().getResponse<FastifyReply>();
    const body = this.toProblem(exception);
    if (body.status === HttpStatus.SERVICE_UNAVAILABLE) reply.header('Retry-After', '5');
    if (exception instanceof ReadModelBehindException) {
      reply.header('Retry-After', '1').header(READ_VERSION_HEADER, String(exception.readVersion));
    }
    if (body.status >= 500 && body.status !== HttpStatus.SERVICE_UNAVAILABLE) {
      this.logger.error({ err: exception }, 'unhandled error');
    }
    reply.status(body.status).header('Content-Type', 'application/problem+json').send(body);
  }

  private toProblem(exception: unknown): ProblemDetails {
    if (exception instanceof FieldValidationException) {
      return problem(400, 'Invalid request', exception.message, { errors: exception.errors });
    }
    if (exception instanceof DomainValidationError) {
      return problem(400, 'Invalid request', `${exception.field}: ${exception.message}`, {
        errors: [{ field: exception.field, rule: exception.rule, message: exception.message }],
      });
    }
    if (exception instanceof IllegalTransitionError) {
      if (exception.rule === 'case-not-found')
        return problem(404, 'Case not found', exception.message, { rule: exception.rule });
      if (exception.rule === 'unknown-statement')
        return problem(404, 'Not found', exception.message, { rule: exception.rule });
      return problem(409, 'Illegal transition', exception.message, { rule: exception.rule });
    }
    if (exception instanceof ForbiddenActionError) {
      return problem(403, 'Forbidden', exception.message, { rule: exception.rule });
    }
    if (exception instanceof SecretBoxError) {
      return problem(409, 'Secrets key missing', exception.message);
    }
    if (exception instanceof OrganisationProfileMissingError) {
      return problem(409, 'Organisation profile missing', exception.message);
    }
    if (exception instanceof HoldingStatementGuardrailError) {
      return problem(422, 'Statement guardrail', exception.message, {
        errors: exception.violations.map((v) => ({ field: 'statement', rule: v.rule, message: v.message })),
      });
    }
    if (exception instanceof WrongExpectedVersionError) {
      return problem(412, 'Version mismatch', exception.message);
    }
    if (exception instanceof ConcurrentAppendError) {
      return problem(409, 'Concurrent modification', `${exception.message}; retry the command`);
    }
    if (exception instanceof IdempotencyKeyReusedError) {
      return problem(422, 'Idempotency key reused', exception.message);
    }
    if (exception instanceof ReadModelBehindException) {
      return problem(409, 'Read model behind', exception.message);
    }
    if (exception instanceof HttpException) {
      const response = exception.getResponse();
      const detail =
        typeof response === 'object' && response !== null && 'message' in response
          ? [response.message].flat().join('; ')
          : exception.message;
      return problem(exception.getStatus(), titleFor(exception.getStatus()), detail);
    }
    if (isServerUnavailable(exception)) {
      return problem(503, 'Service unavailable', 'A backing server is unavailable; retry shortly');
    }
    return problem(500, 'Internal error', 'An unexpected error occurred');
  }
}

function titleFor(status: number): string {
  const titles: Record<number, string> = {
    400: 'Invalid request',
    401: 'Unauthorized',
    403: 'Forbidden',
    404: 'Not found',
    405: 'Method not allowed',
    406: 'Not acceptable',
    409: 'Conflict',
    412: 'Version mismatch',
    413: 'Payload too large',
    415: 'Unsupported media type',
    422: 'Unprocessable content',
    429: 'Too many requests',
  };
  return titles[status] ?? 'Error';
}
