import { readFile } from 'node:fs/promises';
import { Global, Inject, Module, type OnModuleInit } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { Db } from 'mongodb';
import { Environment } from '../config/environment.js';
import { LOGGER } from '../logging/logging.module.js';
import type { Logger } from '../logging/logger.js';
import { FailedAuthThrottleGuard, failedAuthThrottleProviders } from './failed-auth-throttle.js';
import { ApiKeyRepository, type KeysFileOutcome, type NewApiKey } from './api-key.repository.js';

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

  /**
   * BREACHLINE_API_KEYS_FILE says which keys exist: each entry's key is stored (hashed) under its name, replacing a
   * different one stored there before. Logged with name and role, never the key.
   */
  async onModuleInit(): Promise<void> {
    const file = this.environment.BREACHLINE_API_KEYS_FILE;
    if (!file) return;
    const entries = await readKeysFile(file);
    for (const { key, ...spec } of entries) {
      let applied: KeysFileOutcome;
      try {
        applied = await this.keys.setFromKeysFile(spec, key);
      } catch (error) {
        throw new Error(`BREACHLINE_API_KEYS_FILE entry "${spec.name}": ${(error as Error).message}`);
      }
      const who = { name: spec.name, role: spec.role, ...(spec.regulatorId && { regulatorId: spec.regulatorId }) };
      if (applied.outcome === 'added') this.logger.info(who, 'API key added from the keys file');
      if (applied.outcome === 'replaced') {
        this.logger.info(
          { ...who, previousRole: applied.previous.role, previousSetAt: applied.previous.setAt },
          'API key replaced from the keys file: the previous key no longer works',
        );
      }
    }
  }
}

async function readKeysFile(file: string): Promise<(NewApiKey & { key: string })[]> {
  try {
    const entries: unknown = JSON.parse(await readFile(file, 'utf8'));
    if (!Array.isArray(entries)) throw new Error('must be a JSON array of { key, role, name, regulatorId? }');
    return entries as (NewApiKey & { key: string })[];
  } catch (error) {
    throw new Error(`BREACHLINE_API_KEYS_FILE ${file}: ${(error as Error).message}`);
  }
}
