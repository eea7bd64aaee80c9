import { type DynamicModule, Global, Module } from '@nestjs/common';
import { createLogger } from './logger.js';

export const LOGGER = Symbol('LOGGER');

@Global()
@Module({})
export class LoggingModule {
  static forApp(app: string): DynamicModule {
    return {
      module: LoggingModule,
      providers: [{ provide: LOGGER, useFactory: () => createLogger(app) }],
      exports: [LOGGER],
    };
  }
}
