import type { Type } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { Environment, InvalidEnvironmentError } from '../config/environment.js';
import { createLogger, PinoNestLogger } from '../logging/logger.js';

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
      { logger: new PinoNestLogger(logger) },
    );
    app.enableShutdownHooks();
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
