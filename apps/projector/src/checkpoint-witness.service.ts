import { Inject, Injectable, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { type Consumer, Kafka } from 'kafkajs';
import { Db } from 'mongodb';
import { consumerGroupFor, fromLedgerCheckpointMessage, TOPICS, type Topics } from '#libs/messaging';
import { Environment, LOGGER, type Logger } from '#libs/platform';
import { RegulatorFeedWriter } from '#libs/read-models';

/**
 * Puts each signed ledger checkpoint into the feed of every regulator whose notification it newly covers, so that
 * regulators hold copies of the tree heads (witnesses): the log cannot later be rewritten without their copies
 * disagreeing. Its own consumer group: checkpoints are not case events and have no (caseId, version).
 */
@Injectable()
export class CheckpointWitnessService implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly consumer: Consumer;
  private readonly feedWriter: RegulatorFeedWriter;

  constructor(
    @Inject(Kafka) kafka: Kafka,
    @Inject(TOPICS) private readonly topics: Topics,
    @Inject(Db) db: Db,
    @Inject(Environment) environment: Environment,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {
    this.consumer = kafka.consumer({
      groupId: consumerGroupFor(environment.KAFKA_TOPIC_PREFIX, 'projector-witnesses'),
      sessionTimeout: environment.KAFKA_SESSION_TIMEOUT_MS,
      heartbeatInterval: Math.floor(environment.KAFKA_SESSION_TIMEOUT_MS / 6),
    });
    this.feedWriter = new RegulatorFeedWriter(db);
  }

  async onApplicationBootstrap(): Promise<void> {
    await this.consumer.connect();
    await this.consumer.subscribe({ topic: this.topics.ledgerCheckpoints, fromBeginning: true });
    await this.consumer.run({
      eachMessage: async ({ message }) => {
        let announcement;
        try {
          announcement = fromLedgerCheckpointMessage(message);
        } catch (error) {
          // Only the relay writes this topic; an unreadable message cannot become readable by retrying.
          this.logger.error({ err: error, offset: message.offset }, 'skipped an unreadable ledger checkpoint');
          return;
        }
        // A write that fails throws: the offset is not committed and the message comes again (idempotent).
        const outcome = await this.feedWriter.applyCheckpoint(announcement);
        const { treeSize } = announcement.checkpoint;
        this.logger.debug({ treeSize, ...outcome }, 'ledger checkpoint witnessed');
      },
    });
  }

  async onApplicationShutdown(): Promise<void> {
    await this.consumer.disconnect();
  }
}
