import {
  type ArgumentsHost,
  type ExecutionContext,
  PayloadTooLargeException,
  UnsupportedMediaTypeException,
} from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { ResponseObject, SchemaObject } from '@nestjs/swagger';
import { IdempotencyKeyReusedError, WrongExpectedVersionError } from '#libs/event-store';
import { ApiKeyGuard, type ApiKeyRepository, type Logger, ONLY_JSON_MESSAGE } from '#libs/platform';
import { ReceiveReportDto } from '../cases/dto/receive-report.dto.js';
import { CaseCommandsController } from '../cases/case-commands.controller.js';
import { CaseIdPipe } from '../http/case-id.pipe.js';
import { ProblemDetailsFilter, type ProblemDetails } from '../http/problem-details.filter.js';
import { READ_VERSION_HEADER, ReadModelBehindException } from '../http/read-your-writes.js';
import { createValidationPipe } from '../http/validation.pipe.js';
import { requests, seedCase } from './seed-case.examples.js';

export const PROBLEM_MEDIA_TYPE = 'application/problem+json';

/** http/problem-details.filter.ts's ProblemDetails and FieldError, as JSON Schema. */
export const problemSchemas: Record<string, SchemaObject> = {
  FieldError: {
    type: 'object',
    required: ['field', 'rule', 'message'],
    properties: {
      field: { type: 'string', description: 'Full path of the field (`report.channel`) or the header (`If-Match`).' },
      rule: { type: 'string', description: 'The rule it broke: a class-validator constraint or a domain rule.' },
      message: { type: 'string' },
    },
  },
  ProblemDetails: {
    type: 'object',
    description: 'RFC 9457 problem details: every error of the API has this body.',
    required: ['type', 'title', 'status', 'detail'],
    properties: {
      type: { type: 'string', format: 'uri', description: 'Identifies the kind of problem.' },
      title: { type: 'string' },
      status: { type: 'integer', minimum: 400, maximum: 599 },
      detail: { type: 'string' },
      rule: {
        type: 'string',
        description: 'The domain rule that refused the request, e.g. `case-closed`, `four-eyes`.',
      },
      errors: { type: 'array', items: { $ref: '#/components/schemas/FieldError' } },
    },
  },
};

/** Renders an exception exactly as the API does: through the ProblemDetailsFilter. */
function rendered(exception: unknown): ProblemDetails {
  let body: ProblemDetails | undefined;
  const reply = {
    header: () => reply,
    status: () => reply,
    send: (sent: ProblemDetails) => void (body = sent),
  };
  const host = { switchToHttp: () => ({ getResponse: () => reply }) } as unknown as ArgumentsHost;
  new ProblemDetailsFilter({ error: () => undefined } as unknown as Logger).catch(exception, host);
  return body!;
}

function thrownBy(action: () => unknown): unknown {
  try {
    action();
  } catch (error) {
    return error;
  }
  throw new Error('expected the action to throw');
}

async function rejectedBy(action: () => Promise<unknown>): Promise<unknown> {
  return action().then(
    () => {
      throw new Error('expected the action to fail');
    },
    (error: unknown) => error,
  );
}

/** The API-key guard on `POST /v1/cases`, with the key given (as that of a PR officer) or not. */
function guardRefusal(withKey: boolean): Promise<unknown> {
  const keys = { findActor: async () => ({ name: 'citra', role: 'pr' }) } as unknown as ApiKeyRepository;
  const context = {
    getHandler: () => CaseCommandsController.prototype.receiveReport,
    getClass: () => CaseCommandsController,
    switchToHttp: () => ({
      getRequest: () => ({ headers: withKey ? { authorization: 'Bearer a-pr-officers-key' } : {} }),
    }),
  } as unknown as ExecutionContext;
  return rejectedBy(() => new ApiKeyGuard(new Reflector(), keys).canActivate(context));
}

const header = (description: string, schema: SchemaObject = { type: 'string' }) => ({ description, schema });

/**
 * One reusable response per error status, each with an example produced by the real code path: the
 * validation pipe, the API-key guard, the case-id pipe, the decider, the event store's errors.
 */
export async function problemResponses(): Promise<Record<string, ResponseObject>> {
  const invalidReport = {
    ...requests.receiveReport,
    report: { ...requests.receiveReport.report, channel: 'fax' },
    urgent: true,
  };
  const badRequest = await rejectedBy(async () =>
    createValidationPipe().transform(invalidReport, { type: 'body', metatype: ReceiveReportDto }),
  );
  const problem = (description: string, exception: unknown, headers?: ResponseObject['headers']): ResponseObject => ({
    description,
    ...(headers && { headers }),
    content: {
      [PROBLEM_MEDIA_TYPE]: { schema: { $ref: '#/components/schemas/ProblemDetails' }, example: rendered(exception) },
    },
  });
  return {
    BadRequest: problem(
      'Invalid input: every field (or header) and the rule it broke is named in `errors`.',
      badRequest,
    ),
    Unauthorized: problem('No API key, or an unknown or revoked one.', await guardRefusal(false)),
    Forbidden: problem(
      'The key’s role may not call this route, or a domain rule forbids it (`rule`).',
      await guardRefusal(true),
    ),
    NotFound: problem(
      'Unknown case (or other resource named in the path).',
      thrownBy(() => new CaseIdPipe().transform('BL-2021-05')),
    ),
    Conflict: problem(
      'Illegal transition for the case as it stands (`rule` names it), a concurrent modification to retry, or a missing prerequisite.',
      seedCase().closedCaseRefusal,
    ),
    ReadModelBehind: problem(
      '`minVersion` was not reached within 2 s: retry after `Retry-After`; never a stale read.',
      new ReadModelBehindException(9, 8),
      {
        'Retry-After': header('Seconds to wait before asking again.', { type: 'integer' }),
        [READ_VERSION_HEADER]: header('The version the read model has reached.', { type: 'integer' }),
      },
    ),
    PreconditionFailed: problem(
      '`If-Match` names another version than the case’s current one.',
      new WrongExpectedVersionError(seedCase().caseId, 3, 9),
    ),
    PayloadTooLarge: problem('The body is over 1 MB.', new PayloadTooLargeException('Request body is too large')),
    UnsupportedMediaType: problem(
      'The body is not `application/json`.',
      new UnsupportedMediaTypeException(ONLY_JSON_MESSAGE),
    ),
    UnprocessableContent: problem(
      'The `Idempotency-Key` was already used with another request (or a holding statement broke a guardrail).',
      new IdempotencyKeyReusedError(),
    ),
  };
}
