import { readFile } from 'node:fs/promises';
import { Global, Inject, Module, type OnModuleInit } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { Db } from 'mongodb';
import { Environment } from '../config/environment.js';
import { isDuplicateKeyError } from '../mongo/duplicate-key.js';
import { LOGGER } from '../logging/logging.module.js';
import type { Logger } from '../logging/logger.js';
import { FailedAuthThrottleGuard, failedAuthThrottleProviders } from './failed-auth-throttle.js';
import { ApiKeyRepository, type NewApiKey } from './api-key.repository.js';

@Global()
@Module({
  providers: [
    {
      provide: ApiKeyRepository,
      inject: [Db],
      useFactory: async (db: Db) => {
        const repository = new ApiKeyRepository(db);
        await repository.ensureIndexes();
        return repository;
      },
    },
    ...failedAuthThrottleProviders,
    { provide: APP_GUARD, useClass: FailedAuthThrottleGuard }, // ApiKeyGuard behind a limit on failed authentications
  ],
  exports: [ApiKeyRepository],
})
export class AuthModule implements OnModuleInit {
  constructor(
    @Inject(ApiKeyRepository) private readonly keys: ApiKeyRepository,
    @Inject(Environment) private readonly environment: Environment,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  /** Keys named in BREACHLINE_API_KEYS_FILE are added once (by name); the file's keys are stored hashed. */
  async onModuleInit(): Promise<void> {
    const file = this.environment.BREACHLINE_API_KEYS_FILE;
    if (!file) return;
    const entries = await readBootstrapFile(file);
    for (const { key, ...spec } of entries) {
      if (await this.keys.existsByName(spec.name)) continue;
      try {
        await this.keys.create(spec, key);
      } catch (error) {
        if (isDuplicateKeyError(error)) continue;
        throw new Error(`BREACHLINE_API_KEYS_FILE entry "${spec.name}": ${(error as Error).message}`);
      }
      this.logger.info({ name: spec.name, role: spec.role }, 'API key added from the bootstrap file');
    }
  }
}

async function readBootstrapFile(file: string): Promise<(NewApiKey & { key: string })[]> {
  try {
    const entries: unknown = JSON.parse(await readFile(file, 'utf8'));
    if (!Array.isArray(entries)) throw new Error('must be a JSON array of { key, role, name, regulatorId? }');
    return entries as (NewApiKey & { key: string })[];
  } catch (error) {
    throw new Error(`BREACHLINE_API_KEYS_FILE ${file}: ${(error as Error).message}`);
  }
}
