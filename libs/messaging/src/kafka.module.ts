import { Global, Inject, Module, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import { type Admin, Kafka, logLevel } from 'kafkajs';
import { Environment, ReadinessRegistry } from '#libs/platform';
import { topicsFor, type Topics } from './topics.js';

export const TOPICS = Symbol('TOPICS');

/** Topics are kept forever: the case-event log is the source for replays and rebuilds. */
const FOREVER = [{ name: 'retention.ms', value: '-1' }];

export async function ensureTopics(admin: Admin, topics: Topics, partitions: number, replicationFactor: number) {
  const existing = new Set(await admin.listTopics());
  const missing = [topics.caseEvents, topics.caseEventsDlq, topics.ledgerCheckpoints].filter(
    (topic) => !existing.has(topic),
  );
  if (missing.length === 0) return;
  await admin.createTopics({
    waitForLeaders: true,
    topics: missing.map((topic) => ({
      topic,
      numPartitions: topic === topics.caseEvents ? partitions : 1,
      replicationFactor,
      configEntries: FOREVER,
    })),
  });
}

@Global()
@Module({
  providers: [
    {
      provide: Kafka,
      inject: [Environment],
      useFactory: (environment: Environment) =>
        new Kafka({
          clientId: 'breachline',
          brokers: environment.KAFKA_BROKERS.split(','),
          logLevel: logLevel.WARN,
          retry: { retries: 8, initialRetryTime: 200, maxRetryTime: 5_000 },
        }),
    },
    {
      provide: TOPICS,
      inject: [Environment],
      useFactory: (environment: Environment) => topicsFor(environment.KAFKA_TOPIC_PREFIX),
    },
  ],
  exports: [Kafka, TOPICS],
})
export class KafkaModule implements OnModuleInit, OnApplicationShutdown {
  private readonly admin: Admin;

  constructor(
    @Inject(Kafka) kafka: Kafka,
    @Inject(TOPICS) private readonly topics: Topics,
    @Inject(Environment) private readonly environment: Environment,
    @Inject(ReadinessRegistry) private readonly readiness: ReadinessRegistry,
  ) {
    this.admin = kafka.admin();
  }

  async onModuleInit(): Promise<void> {
    await this.admin.connect();
    await ensureTopics(
      this.admin,
      this.topics,
      this.environment.KAFKA_PARTITIONS,
      this.environment.KAFKA_REPLICATION_FACTOR,
    );
    this.readiness.register({ name: 'kafka', check: async () => void (await this.admin.describeCluster()) });
  }

  async onApplicationShutdown(): Promise<void> {
    await this.admin.disconnect();
  }
}
