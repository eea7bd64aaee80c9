import {
  type BeforeApplicationShutdown,
  Inject,
  Injectable,
  type OnApplicationBootstrap,
  type OnModuleInit,
} from '@nestjs/common';
import { type Consumer, type EachBatchPayload, Kafka, type KafkaMessage, type Producer } from 'kafkajs';
import { Db } from 'mongodb';
import type { Counter } from 'prom-client';
import {
  consumerGroupFor,
  fromKafkaMessage,
  fromLedgerCheckpointMessage,
  sendToDeadLetter,
  TOPICS,
  type Topics,
} from '#libs/messaging';
import { PersonalDataCodec } from '#libs/privacy';
import {
  Environment,
  isServerUnavailable,
  LOGGER,
  type Logger,
  Metrics,
  ReadinessRegistry,
  SecretBox,
  SlotLease,
} from '#libs/platform';
import { type CaseStoredEvent } from '#libs/read-models';
import { RegulatorRegistry, WebhookDeliveriesRepository } from '#libs/regulators';
import { DeliveryScheduler, isWebhookEventType } from './delivery-scheduler.js';
import { DeliveryStore } from './delivery-store.js';
import { DeliveryWorker } from './delivery-worker.js';
import { NotifierConfig } from './notifier-config.js';

export const NOTIFIER_LEASES_COLLECTION = 'notifier_leases';

/**
 * Kafka → signed regulator webhooks. The consumer only records what is to be delivered (an insert per event, then
 * its offset moves on); the worker delivers, retries and gives up on its own schedule, so a slow or dead endpoint
 * never holds up the partition.
 */
@Injectable()
export class NotifierService implements OnModuleInit, OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly consumer: Consumer;
  /** Its own group: checkpoints are not case events, and their offsets move independently. */
  private readonly checkpointConsumer: Consumer;
  private readonly producer: Producer;
  private readonly scheduler: DeliveryScheduler;
  private readonly worker: DeliveryWorker;
  private consumerCrashed?: string;
  private readonly scheduledDeliveries: Counter<'regulator'>;

  constructor(
    @Inject(Kafka) kafka: Kafka,
    @Inject(TOPICS) private readonly topics: Topics,
    @Inject(Db) private readonly db: Db,
    @Inject(Environment) environment: Environment,
    @Inject(PersonalDataCodec) private readonly codec: PersonalDataCodec,
    @Inject(NotifierConfig) config: NotifierConfig,
    @Inject(ReadinessRegistry) private readonly readiness: ReadinessRegistry,
    @Inject(LOGGER) private readonly logger: Logger,
    @Inject(Metrics) metrics: Metrics,
  ) {
    this.consumer = kafka.consumer({
      groupId: consumerGroupFor(environment.KAFKA_TOPIC_PREFIX, 'notifier'),
      sessionTimeout: environment.KAFKA_SESSION_TIMEOUT_MS,
      heartbeatInterval: Math.floor(environment.KAFKA_SESSION_TIMEOUT_MS / 6),
    });
    this.checkpointConsumer = kafka.consumer({
      groupId: consumerGroupFor(environment.KAFKA_TOPIC_PREFIX, 'notifier-witnesses'),
      sessionTimeout: environment.KAFKA_SESSION_TIMEOUT_MS,
      heartbeatInterval: Math.floor(environment.KAFKA_SESSION_TIMEOUT_MS / 6),
    });
    this.producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
    if (!environment.BREACHLINE_SECRETS_KEY) {
      logger.warn('BREACHLINE_SECRETS_KEY is not set: webhook secrets cannot be opened, so nothing can be delivered');
    }
    const registry = new RegulatorRegistry(db, new SecretBox(environment.BREACHLINE_SECRETS_KEY));
    const store = new DeliveryStore(db);
    this.scheduler = new DeliveryScheduler(store, registry);
    // Labels carry regulator ids only: no personal data, no URLs, no secrets.
    const attempts = metrics.counter('breachline_webhook_attempts_total', 'Webhook attempts by result', [
      'regulator',
      'result',
    ]);
    const durations = metrics.histogram(
      'breachline_webhook_attempt_duration_seconds',
      'Webhook attempt duration, DNS to answer',
      ['regulator'],
      [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
    );
    this.scheduledDeliveries = metrics.counter(
      'breachline_webhook_deliveries_scheduled_total',
      'Webhook deliveries scheduled (or re-armed by a replayed dead letter)',
      ['regulator'],
    );
    metrics.gauge('breachline_webhook_queue_size', 'Webhook deliveries still under way', [], async (gauge) =>
      gauge.set(await store.queue.countDocuments()),
    );
    this.worker = new DeliveryWorker(
      {
        timeoutMs: config.NOTIFIER_TIMEOUT_MS,
        backoff: { baseMs: config.NOTIFIER_BACKOFF_BASE_MS, capMs: config.NOTIFIER_BACKOFF_CAP_MS },
        maxAttempts: config.NOTIFIER_MAX_ATTEMPTS,
        pollMs: config.NOTIFIER_POLL_MS,
        concurrency: config.NOTIFIER_CONCURRENCY,
        allowPrivate: environment.WEBHOOK_ALLOW_PRIVATE_ADDRESSES === 'true',
      },
      {
        store,
        registry,
        lease: new SlotLease(db, {
          collection: NOTIFIER_LEASES_COLLECTION,
          name: `notifier:${topics.caseEvents}`,
          slotMs: 2 * DeliveryWorker.leaseSpanMs(config.NOTIFIER_TIMEOUT_MS),
        }),
        deadLetter: (message, source, error) => this.deadLetter(source.topic, source.partition, message, error),
        logger,
        observe: ({ regulatorId, result, durationMs }) => {
          attempts.inc({ regulator: regulatorId, result });
          durations.observe({ regulator: regulatorId }, durationMs / 1000);
        },
      },
    );
    if (environment.WEBHOOK_ALLOW_PRIVATE_ADDRESSES === 'true') {
      logger.warn('WEBHOOK_ALLOW_PRIVATE_ADDRESSES=true: webhooks may reach loopback and private addresses');
    }
  }

  onModuleInit(): void {
    this.readiness.register({
      name: 'notifier',
      check: async () => {
        if (this.consumerCrashed) throw new Error(`consumer stopped: ${this.consumerCrashed}`);
        if (!this.worker.isRunning) throw new Error('delivery worker is not running');
      },
    });
  }

  async onApplicationBootstrap(): Promise<void> {
    await new WebhookDeliveriesRepository(this.db).ensureIndexes();
    await this.producer.connect();
    this.consumer.on(this.consumer.events.CRASH, ({ payload }) => {
      if (!payload.restart) this.consumerCrashed = payload.error.message;
    });
    await this.consumer.connect();
    await this.consumer.subscribe({ topic: this.topics.caseEvents, fromBeginning: true });
    await this.consumer.run({ eachBatchAutoResolve: false, eachBatch: (payload) => this.handleBatch(payload) });
    this.checkpointConsumer.on(this.checkpointConsumer.events.CRASH, ({ payload }) => {
      if (!payload.restart) this.consumerCrashed = `ledger checkpoints: ${payload.error.message}`;
    });
    await this.checkpointConsumer.connect();
    await this.checkpointConsumer.subscribe({ topic: this.topics.ledgerCheckpoints, fromBeginning: true });
    await this.checkpointConsumer.run({ eachMessage: ({ message }) => this.handleCheckpoint(message) });
    this.worker.start();
  }

  /** Before the Kafka and MongoDB connections close: stop consuming, let the attempts in flight finish. */
  async beforeApplicationShutdown(): Promise<void> {
    const started = Date.now();
    await this.consumer.disconnect();
    await this.checkpointConsumer.disconnect();
    await this.worker.stop();
    await this.producer.disconnect();
    this.logger.info({ ms: Date.now() - started }, 'notifier stopped: consumer closed, attempts in flight finished');
  }

  private async handleBatch({ batch, resolveOffset, heartbeat, isRunning, isStale }: EachBatchPayload): Promise<void> {
    let scheduled = 0;
    for (const message of batch.messages) {
      if (!isRunning() || isStale()) break;
      let event: CaseStoredEvent | undefined;
      try {
        const published = fromKafkaMessage(message) as CaseStoredEvent;
        // Only addressed events are opened: the regulator receives the notification as it was written.
        event = isWebhookEventType(published.type)
          ? ((await this.codec.decode([published]))[0] as CaseStoredEvent)
          : published;
      } catch (error) {
        // The key store unreachable: kafkajs retries the batch from the last resolved offset.
        if (isServerUnavailable(error)) throw error;
        // Dead-letter only what this consumer would have delivered; the projector dead-letters the rest.
        const type = message.headers?.ce_type?.toString().replace(/^breachline\.case\./, '') ?? '';
        if (isWebhookEventType(type)) await this.deadLetter(batch.topic, batch.partition, message, error as Error);
        else this.logger.warn({ err: error, offset: message.offset }, 'undecodable case event skipped');
      }
      if (event?.type === 'PersonalDataErased') {
        // The case's key is gone: its delivery records keep no body that could still be read in clear.
        this.codec.forgetKey(event.caseId);
        const rerendered = await this.scheduler.rerenderCase(
          event.caseId,
          async (stored) => (await this.codec.decode([stored]))[0] as CaseStoredEvent,
        );
        this.logger.info(
          { caseId: event.caseId, deliveries: rerendered },
          'webhook bodies of an erased case rewritten',
        );
      } else if (event) {
        // A database failure throws: kafkajs retries the batch from the last resolved offset.
        const outcome = await this.scheduler.schedule(event, {
          topic: batch.topic,
          partition: batch.partition,
          message,
        });
        if (outcome === 'scheduled' || outcome === 're-armed') {
          scheduled++;
          this.scheduledDeliveries.inc({ regulator: (event.payload as { regulatorId: string }).regulatorId });
          this.logger.info(
            { webhookId: event.eventId, caseId: event.caseId, type: event.type, outcome },
            'webhook scheduled',
          );
        }
      }
      resolveOffset(message.offset);
      await heartbeat();
    }
    if (scheduled > 0) this.worker.nudge();
  }

  private async handleCheckpoint(message: KafkaMessage): Promise<void> {
    let announcement;
    try {
      announcement = fromLedgerCheckpointMessage(message);
    } catch (error) {
      // Only the relay writes this topic; an unreadable message cannot become readable by retrying.
      this.logger.error({ err: error, offset: message.offset }, 'skipped an unreadable ledger checkpoint');
      return;
    }
    // A database failure throws: the offset is not committed and the message comes again (idempotent).
    const outcomes = await this.scheduler.scheduleCheckpoint(announcement);
    const armed = outcomes.filter(({ outcome }) => outcome === 'scheduled' || outcome === 're-armed');
    for (const { regulatorId, outcome } of armed) {
      this.scheduledDeliveries.inc({ regulator: regulatorId });
      this.logger.info(
        { regulatorId, treeSize: announcement.checkpoint.treeSize, outcome },
        'ledger checkpoint webhook scheduled',
      );
    }
    if (armed.length > 0) this.worker.nudge();
  }

  private async deadLetter(topic: string, partition: number, message: KafkaMessage, error: Error): Promise<void> {
    this.logger.error({ err: error, partition, offset: message.offset }, 'sent to the dead-letter topic');
    await sendToDeadLetter(this.producer, this.topics.caseEventsDlq, {
      topic,
      partition,
      message,
      error,
      consumer: 'notifier',
    });
  }
}
