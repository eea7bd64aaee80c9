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
import { PersonalDataCodec } from '#libs/privacy';
import { Environment, ensureIndexes, isServerUnavailable, LOGGER, type Logger, Metrics } from '#libs/platform';
import {
  applyIsolatingFailures,
  type ApplyOutcome,
  type CaseEventsApplier,
  type CaseStoredEvent,
  createReadModelWriter,
  READ_MODELS,
  type ReadModel,
  ReadModelCatalog,
  RegulatorFeedWriter,
} from '#libs/read-models';

const APPLY_ATTEMPTS = 3;

interface Delivery {
  event: CaseStoredEvent;
  message: KafkaMessage;
}

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
    @Inject(PersonalDataCodec) private readonly codec: PersonalDataCodec,
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

  /**
   * Applies the batch to each read model in memory and writes what it changed in one round trip per read model,
   * the read models in a fixed order (case_status first: the timeline query counts on it), with a heartbeat after
   * each write. The collections to write are looked up right before each write, so a write never goes to a
   * collection a rebuild has since dropped.
   */
  private async handleBatch({ batch, resolveOffset, heartbeat, isRunning, isStale }: EachBatchPayload) {
    const byCase = new Map<string, Delivery[]>();
    for (const message of batch.messages) {
      try {
        const [event] = (await this.codec.decode([fromKafkaMessage(message)])) as CaseStoredEvent[];
        byCase.set(event.caseId, [...(byCase.get(event.caseId) ?? []), { event, message }]);
      } catch (error) {
        // The key store unreachable is not the event's fault: the batch is retried from the last resolved offset.
        if (isServerUnavailable(error)) throw error;
        await this.deadLetter(batch.partition, message, error as Error);
      }
    }
    // A case dead-lettered by one read model is dead-lettered once, and not applied to the later ones.
    const deadLettered = new Set<string>();
    for (const model of [...READ_MODELS, undefined]) {
      for (const writer of model ? await this.writersOf(model) : [this.feedWriter]) {
        if (!isRunning() || isStale()) return;
        const cases = new Map([...byCase].filter(([caseId]) => !deadLettered.has(caseId)));
        for (const caseId of await this.apply(writer, cases, batch.partition)) deadLettered.add(caseId);
        await heartbeat();
      }
    }
    for (const [caseId, items] of byCase) {
      if (!deadLettered.has(caseId) && items.some(({ event }) => event.type === 'PersonalDataErased')) {
        await this.reproject(caseId);
      }
    }
    for (const [caseId, items] of byCase) {
      if (deadLettered.has(caseId)) continue;
      for (const { event } of items) {
        const { version, type, correlationId } = event;
        this.logger.debug({ caseId, version, type, correlationId }, 'projected');
      }
    }
    resolveOffset(batch.lastOffset());
  }

  /**
   * After an erasure every read model of the case is written again from its stream, which now reads with placeholders,
   * so that no personal value projected before the erasure is left (a rebuild computes the same documents).
   */
  private async reproject(caseId: string): Promise<void> {
    this.codec.forgetKey(caseId);
    const stream = (await this.store.readStream(caseId)) as CaseStoredEvent[];
    for (const model of READ_MODELS) {
      for (const writer of await this.writersOf(model)) await writer.reproject(caseId, stream);
    }
    await this.feedWriter.reproject(caseId, stream);
    this.logger.info({ caseId, events: stream.length }, 'read models of an erased case written again');
  }

  /** Applies the batch with one writer; dead-letters the cases it cannot apply and returns them. */
  private async apply(writer: CaseEventsApplier, cases: Map<string, Delivery[]>, partition: number) {
    if (cases.size === 0) return [];
    const batch = new Map([...cases].map(([caseId, items]) => [caseId, items.map((item) => item.event)]));
    const { outcome, failed } = await applyIsolatingFailures(writer, batch, APPLY_ATTEMPTS, (error, caseId) =>
      this.logger.warn({ err: error, caseId, projection: writer.name }, 'projection failed'),
    );
    this.observe(writer, outcome, [...batch.values()].flat());
    for (const [caseId, error] of failed) {
      for (const { message } of cases.get(caseId) ?? []) await this.deadLetter(partition, message, error);
    }
    return [...failed.keys()];
  }

  private observe(writer: CaseEventsApplier, outcome: ApplyOutcome, events: CaseStoredEvent[]): void {
    const projection = writer.name;
    this.appliedEvents.inc({ projection, outcome: 'applied' }, outcome.applied);
    this.appliedEvents.inc({ projection, outcome: 'duplicate' }, outcome.duplicates);
    this.appliedEvents.inc({ projection, outcome: 'gap-filled' }, outcome.gapFilled);
    const newest = Math.max(...events.map((event) => Date.parse(event.recordedAt)));
    this.lastEventAge.set({ projection }, (Date.now() - newest) / 1000);
  }

  /** Every collection the catalog says to write for a read model, including a rebuild's new generation. */
  private async writersOf(model: ReadModel): Promise<CaseEventsApplier[]> {
    const placements = await this.catalog.all();
    return (placements.get(model.name)?.writeTo ?? []).map((collection) => {
      let writer = this.writersByCollection.get(collection);
      if (!writer) {
        writer = createReadModelWriter(model, this.db, this.store, collection);
        this.writersByCollection.set(collection, writer);
      }
      return writer;
    });
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
