import { Global, Inject, Module, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import { Db, MongoClient } from 'mongodb';
import { Environment } from '../config/environment.js';
import { ReadinessRegistry } from '../health/readiness.registry.js';

@Global()
@Module({
  providers: [
    {
      provide: MongoClient,
      inject: [Environment],
      useFactory: async (environment: Environment) => {
        const client = new MongoClient(environment.MONGO_URL, {
          serverSelectionTimeoutMS: 5_000,
          // Not every MongoDB-protocol server has retryable writes; every write path here is idempotent instead.
          retryWrites: false,
        });
        await client.connect();
        return client;
      },
    },
    {
      provide: Db,
      inject: [MongoClient, Environment],
      useFactory: (client: MongoClient, environment: Environment) => client.db(environment.MONGO_DB),
    },
  ],
  exports: [MongoClient, Db],
})
export class MongoModule implements OnModuleInit, OnApplicationShutdown {
  constructor(
    @Inject(MongoClient) private readonly client: MongoClient,
    @Inject(Db) private readonly db: Db,
    @Inject(ReadinessRegistry) private readonly readiness: ReadinessRegistry,
  ) {}

  onModuleInit(): void {
    this.readiness.register({ name: 'mongodb', check: async () => void (await this.db.command({ ping: 1 })) });
  }

  async onApplicationShutdown(): Promise<void> {
    await this.client.close();
  }
}
