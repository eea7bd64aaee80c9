import { createHash } from 'node:crypto';
import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import { UnauthorizedException } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import type { Actor } from '#libs/domain';
import { FieldValidationException } from './problem-details.filter.js';

export interface RequestContext {
  actor: Actor;
  correlationId: string;
  requestId: string;
  expectedVersion?: number;
  idempotencyKey?: string;
  requestHash: string;
}

const SAFE_TOKEN = /^[A-Za-z0-9._:-]{1,128}$/;

/** The authenticated actor plus correlation, If-Match and Idempotency-Key of a command request. */
export const CommandRequest = createParamDecorator((_: unknown, context: ExecutionContext): RequestContext => {
  const request = context.switchToHttp().getRequest<FastifyRequest & { actor?: Actor }>();
  if (!request.actor) throw new UnauthorizedException();
  const header = (name: string) => {
    const value = request.headers[name];
    return Array.isArray(value) ? value[0] : value;
  };
  const ifMatch = header('if-match');
  const idempotencyKey = header('idempotency-key');
  const errors = [];
  if (idempotencyKey !== undefined && !SAFE_TOKEN.test(idempotencyKey)) {
    errors.push({ field: 'Idempotency-Key', rule: 'token', message: 'must be 1-128 of A-Z a-z 0-9 . _ : -' });
  }
  const version = ifMatch === undefined ? undefined : /^(?:W\/)?"?(\d{1,9})"?$/.exec(ifMatch.trim())?.[1];
  if (ifMatch !== undefined && version === undefined) {
    errors.push({ field: 'If-Match', rule: 'etag', message: 'must be a version ETag such as "3"' });
  }
  if (errors.length > 0) throw new FieldValidationException(errors);
  return {
    actor: request.actor,
    correlationId: request.correlationId,
    requestId: String(request.id),
    ...(version !== undefined && { expectedVersion: Number(version) }),
    ...(idempotencyKey !== undefined && { idempotencyKey }),
    requestHash: createHash('sha256')
      .update(`${request.method} ${request.url}\n${JSON.stringify(request.body ?? null)}`)
      .digest('hex'),
  };
});
