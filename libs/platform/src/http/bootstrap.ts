import { randomUUID } from 'node:crypto';
import type { Type } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { Environment, InvalidEnvironmentError } from '../config/environment.js';
import { createLogger, type Logger, PinoNestLogger } from '../logging/logger.js';
import { acceptOnlyBoundedJson } from './json-body-parser.js';

export const MAX_BODY_BYTES = 1_048_576;

export interface BootstrapOptions {
  name: string;
  defaultPort: number;
}

/** Starts one app: Fastify, JSON logs, validated configuration, graceful shutdown on SIGTERM/SIGINT. */
export async function bootstrapHttpApp(
  rootModule: Type<unknown>,
  { name, defaultPort }: BootstrapOptions,
  configure: (app: NestFastifyApplication) => void = () => {},
): Promise<NestFastifyApplication> {
  const logger = createLogger(name);
  try {
    const app = await NestFactory.create<NestFastifyApplication>(
      rootModule,
      new FastifyAdapter({ bodyLimit: MAX_BODY_BYTES }),
      { logger: new PinoNestLogger(logger), abortOnError: false, bodyParser: false },
    );
    app.enableShutdownHooks([], { useProcessExit: true });
    correlateRequests(app, logger);
    acceptOnlyBoundedJson(app, MAX_BODY_BYTES);
    configure(app);
    const environment = app.get(Environment);
    await app.listen(environment.PORT ?? defaultPort, environment.HOST);
    logger.info({ url: await app.getUrl() }, `${name} listening`);
    return app;
  } catch (error) {
    if (error instanceof InvalidEnvironmentError) {
      process.stderr.write(`${name}: ${error.message}\n`);
    } else {
      logger.fatal({ err: error }, `${name} failed to start`);
    }
    process.exit(1);
  }
}

const CORRELATION_ID = /^[A-Za-z0-9._:-]{1,128}$/;
const QUIET_PATHS = /^\/(health|metrics)/;

declare module 'fastify' {
  interface FastifyRequest {
    correlationId: string;
  }
}

/**
 * Every request gets a correlation id (the caller's X-Correlation-Id when well-formed), echoed in the
 * response and logged with the outcome; commands carry it into their events and Kafka headers.
 */
function correlateRequests(app: NestFastifyApplication, logger: Logger): void {
  const fastify = app.getHttpAdapter().getInstance();
  fastify.decorateRequest('correlationId', '');
  fastify.addHook('onRequest', async (request, reply) => {
    const given = request.headers['x-correlation-id'];
    request.correlationId = typeof given === 'string' && CORRELATION_ID.test(given) ? given : randomUUID();
    reply.header('X-Correlation-Id', request.correlationId);
  });
  fastify.addHook('onResponse', async (request, reply) => {
    const path = request.url.split('?')[0];
    const entry = {
      correlationId: request.correlationId,
      method: request.method,
      path,
      status: reply.statusCode,
      durationMs: Math.round(reply.elapsedTime * 10) / 10,
    };
    if (QUIET_PATHS.test(path)) logger.debug(entry, 'request');
    else logger.info(entry, 'request');
  });
}
