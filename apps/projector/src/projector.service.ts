import { Inject, Injectable, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { type Consumer, type EachBatchPayload, Kafka, type KafkaMessage, type Producer } from 'kafkajs';
import { Db } from 'mongodb';
import { EventStore } from '#libs/event-store';
import {
  consumerGroupFor,
  DeadLetterStore,
  fromKafkaMessage,
  sendToDeadLetter,
  TOPICS,
  type Topics,
} from '#libs/messaging';
import type { Counter, Gauge } from 'prom-client';
import { Environment, ensureIndexes, isServerUnavailable, LOGGER, type Logger, Metrics } from '#libs/platform';
import {
  type ApplyOutcome,
  type CaseEventsApplier,
  type CaseStoredEvent,
  createReadModelWriter,
  READ_MODELS,
  ReadModelCatalog,
  RegulatorFeedWriter,
} from '#libs/read-models';

const APPLY_ATTEMPTS = 3;

/** Consumes case events and keeps the read models current; every write is idempotent by (caseId, version). */
@Injectable()
export class ProjectorService implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly consumer: Consumer;
  private readonly dlqProducer: Producer;
  private readonly catalog: ReadModelCatalog;
  private readonly writersByCollection = new Map<string, CaseEventsApplier>();
  /** Append-only with gapless sequences that regulators hold as cursors: never rebuilt, so not in the catalog. */
  private readonly feedWriter: RegulatorFeedWriter;
  private readonly appliedEvents: Counter<'projection' | 'outcome'>;
  private readonly lastEventAge: Gauge<'projection'>;

  constructor(
    @Inject(Kafka) kafka: Kafka,
    @Inject(TOPICS) private readonly topics: Topics,
    @Inject(Db) private readonly db: Db,
    @Inject(EventStore) private readonly store: EventStore,
    @Inject(Environment) environment: Environment,
    @Inject(LOGGER) private readonly logger: Logger,
    @Inject(Metrics) metrics: Metrics,
  ) {
    this.appliedEvents = metrics.counter('breachline_projector_events_total', 'Events by outcome per read model', [
      'projection',
      'outcome',
    ]);
    this.lastEventAge = metrics.gauge(
      'breachline_projection_lag_seconds',
      'Time from an event being recorded to its projection, for the last event applied',
      ['projection'],
    );
    const deadLetters = new DeadLetterStore(kafka, topics, db);
    metrics.gauge('breachline_dlq_size', 'Dead letters not replayed yet', [], async (gauge) =>
      gauge.set(await deadLetters.pendingCount()),
    );
    this.consumer = kafka.consumer({
      groupId: consumerGroupFor(environment.KAFKA_TOPIC_PREFIX, 'projector'),
      sessionTimeout: environment.KAFKA_SESSION_TIMEOUT_MS,
      heartbeatInterval: Math.floor(environment.KAFKA_SESSION_TIMEOUT_MS / 6),
    });
    this.dlqProducer = kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
    this.catalog = new ReadModelCatalog(db);
    this.feedWriter = new RegulatorFeedWriter(db);
  }

  async onApplicationBootstrap(): Promise<void> {
    const placements = await this.catalog.all();
    for (const model of READ_MODELS) {
      for (const collection of placements.get(model.name)?.writeTo ?? []) {
        await ensureIndexes(this.db.collection(collection), model.indexes);
      }
    }
    await this.dlqProducer.connect();
    await this.consumer.connect();
    await this.consumer.subscribe({ topic: this.topics.caseEvents, fromBeginning: true });
    await this.consumer.run({ eachBatchAutoResolve: false, eachBatch: (payload) => this.handleBatch(payload) });
  }

  async onApplicationShutdown(): Promise<void> {
    await this.consumer.disconnect();
    await this.dlqProducer.disconnect();
  }

  private async handleBatch({ batch, resolveOffset, heartbeat, isRunning, isStale }: EachBatchPayload) {
    const byCase = new Map<string, { event: CaseStoredEvent; message: KafkaMessage }[]>();
    for (const message of batch.messages) {
      try {
        const event = fromKafkaMessage(message) as CaseStoredEvent;
        byCase.set(event.caseId, [...(byCase.get(event.caseId) ?? []), { event, message }]);
      } catch (error) {
        await this.deadLetter(batch.partition, message, error as Error);
      }
    }
    for (const [caseId, items] of byCase) {
      if (!isRunning() || isStale()) return;
      // Per case, not per batch: a long batch must not keep writing a collection a rebuild has since dropped.
      await this.applyWithRetries(caseId, items, batch.partition, await this.currentWriters());
      await heartbeat();
    }
    resolveOffset(batch.lastOffset());
  }

  private async applyWithRetries(
    caseId: string,
    items: { event: CaseStoredEvent; message: KafkaMessage }[],
    partition: number,
    writers: CaseEventsApplier[],
  ): Promise<void> {
    const events = items.map((item) => item.event);
    for (let attempt = 1; attempt <= APPLY_ATTEMPTS; attempt++) {
      try {
        for (const writer of writers) this.observe(writer, await writer.applyCaseEvents(caseId, events), events);
        for (const { caseId, version, type, correlationId } of events) {
          this.logger.debug({ caseId, version, type, correlationId }, 'projected');
        }
        return;
      } catch (error) {
        this.logger.warn({ err: error, caseId, attempt }, 'projection failed');
        // kafkajs retries the batch from the last resolved offset (with backoff, then by restarting the consumer)
        // until the database is back; every write is idempotent, so re-applying the cases before this one is harmless.
        if (isServerUnavailable(error)) throw error;
        if (attempt === APPLY_ATTEMPTS) {
          for (const { message } of items) await this.deadLetter(partition, message, error as Error);
        }
      }
    }
  }

  private observe(writer: CaseEventsApplier, outcome: ApplyOutcome, events: CaseStoredEvent[]): void {
    const projection = writer.name;
    this.appliedEvents.inc({ projection, outcome: 'applied' }, outcome.applied);
    this.appliedEvents.inc({ projection, outcome: 'duplicate' }, outcome.duplicates);
    this.appliedEvents.inc({ projection, outcome: 'gap-filled' }, outcome.gapFilled);
    const last = events[events.length - 1];
    this.lastEventAge.set({ projection }, (Date.now() - Date.parse(last.recordedAt)) / 1000);
  }

  /** Every collection the catalog says to write, including a rebuild's new generation. */
  private async currentWriters(): Promise<CaseEventsApplier[]> {
    const placements = await this.catalog.all();
    const catalogued = READ_MODELS.flatMap((model) =>
      (placements.get(model.name)?.writeTo ?? []).map((collection) => {
        let writer = this.writersByCollection.get(collection);
        if (!writer) {
          writer = createReadModelWriter(model, this.db, this.store, collection);
          this.writersByCollection.set(collection, writer);
        }
        return writer;
      }),
    );
    return [...catalogued, this.feedWriter];
  }

  private async deadLetter(partition: number, message: KafkaMessage, error: Error): Promise<void> {
    this.logger.error({ err: error, partition, offset: message.offset }, 'event sent to the dead-letter topic');
    await sendToDeadLetter(this.dlqProducer, this.topics.caseEventsDlq, {
      topic: this.topics.caseEvents,
      partition,
      message,
      error,
      consumer: 'projector',
    });
  }
}
