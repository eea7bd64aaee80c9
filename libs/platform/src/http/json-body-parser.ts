import { BadRequestException, UnsupportedMediaTypeException } from '@nestjs/common';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';

export const MAX_JSON_DEPTH = 32;
export const MAX_JSON_NODES = 10_000;
export const ONLY_JSON_MESSAGE = 'Only application/json bodies are accepted';

/**
 * JSON is the only body type (anything else is 415), and a body deeper than MAX_JSON_DEPTH or with more than
 * MAX_JSON_NODES values is refused (400) before any recursive code — hashing, class-transformer, validation —
 * can overflow the stack or spend seconds listing errors. The walk is iterative for the same reason.
 */
export function acceptOnlyBoundedJson(app: NestFastifyApplication, bodyLimit: number): void {
  const fastify = app.getHttpAdapter().getInstance();
  fastify.removeAllContentTypeParsers();
  fastify.addContentTypeParser(
    /^application\/([\w.+-]+\+)?json$/,
    { parseAs: 'string', bodyLimit },
    (_request, body, done) => {
      let value: unknown;
      try {
        value = body === '' ? undefined : JSON.parse(body as string);
      } catch {
        done(new BadRequestException('The body is not valid JSON'), undefined);
        return;
      }
      const problem = boundsProblem(value);
      done(problem ? new BadRequestException(problem) : null, value);
    },
  );
  fastify.addContentTypeParser('*', (_request, _payload, done) =>
    done(new UnsupportedMediaTypeException(ONLY_JSON_MESSAGE), undefined),
  );
}

function boundsProblem(root: unknown): string | undefined {
  const pending: { value: unknown; depth: number }[] = [{ value: root, depth: 0 }];
  let nodes = 0;
  while (pending.length > 0) {
    const { value, depth } = pending.pop() as { value: unknown; depth: number };
    if (++nodes > MAX_JSON_NODES) return `The body has more than ${MAX_JSON_NODES} values`;
    if (typeof value !== 'object' || value === null) continue;
    if (depth >= MAX_JSON_DEPTH) return `The body is nested deeper than ${MAX_JSON_DEPTH} levels`;
    for (const child of Object.values(value)) pending.push({ value: child, depth: depth + 1 });
  }
  return undefined;
}
