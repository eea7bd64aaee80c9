import { type BeforeApplicationShutdown, Inject, Injectable, type OnApplicationBootstrap } from '@nestjs/common';
import { Kafka, type Producer } from 'kafkajs';
import { Db } from 'mongodb';
import { EventStore, type LedgerSealer } from '#libs/event-store';
import { TOPICS, toKafkaMessage, type Topics } from '#libs/messaging';
import type { Counter } from 'prom-client';
import { Environment, LOGGER, type Logger, Metrics, SlotLease, WakeUpLoop } from '#libs/platform';
import { LEDGER_SEALER } from './ledger-sealer.provider.js';

const BATCH_SIZE = 500;
export const RELAY_LEASES_COLLECTION = 'relay_leases';
/** A batch starts only while the lease is held for this long after it: a batch ends well within it. */
const BATCH_SPAN_MS = 2_000;

/** Publishes unpublished commits to Kafka in per-case order, then marks them published (at-least-once). */
@Injectable()
export class RelayService implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private producer: Producer;
  private producerConnected = false;
  private readonly lease: SlotLease;
  private readonly loop: WakeUpLoop;
  private readonly publishedEvents: Counter;

  constructor(
    @Inject(EventStore) private readonly store: EventStore,
    @Inject(Kafka) private readonly kafka: Kafka,
    @Inject(TOPICS) private readonly topics: Topics,
    @Inject(Db) db: Db,
    @Inject(Environment) environment: Environment,
    @Inject(LOGGER) private readonly logger: Logger,
    @Inject(Metrics) metrics: Metrics,
    @Inject(LEDGER_SEALER) private readonly sealer: LedgerSealer | null,
  ) {
    this.producer = this.newProducer();
    this.lease = new SlotLease(db, {
      collection: RELAY_LEASES_COLLECTION,
      name: `relay:${topics.caseEvents}`,
      slotMs: 5_000,
    });
    this.loop = new WakeUpLoop({
      pollMs: environment.RELAY_POLL_MS,
      pass: async () => {
        if (!(await this.lease.holdsFor(Date.now(), BATCH_SPAN_MS))) return environment.RELAY_POLL_MS;
        const published = await this.publishBatch();
        await this.sealer?.checkpointIfDue(Date.now());
        return published < BATCH_SIZE ? environment.RELAY_POLL_MS : 0;
      },
      onError: (error) => this.logger.warn({ err: error }, 'relay batch failed; retrying after the poll interval'),
    });
    this.publishedEvents = metrics.counter('breachline_relay_published_events_total', 'Events produced to Kafka');
    metrics.gauge('breachline_unpublished_commits', 'Commits in the outbox, not yet on Kafka', [], async (gauge) =>
      gauge.set(await store.countUnpublished()),
    );
    metrics.gauge('breachline_relay_lag_seconds', 'Age of the oldest commit not yet on Kafka', [], async (gauge) => {
      const oldest = await store.oldestUnpublishedAt();
      gauge.set(oldest ? (Date.now() - oldest.getTime()) / 1000 : 0);
    });
  }

  async onApplicationBootstrap(): Promise<void> {
    await this.connectProducer();
    this.loop.start();
  }

  /** Before the MongoDB connection closes: the lease is released so that a standby takes over at once. */
  async beforeApplicationShutdown(): Promise<void> {
    await this.loop.stop();
    await this.lease.release().catch((error: unknown) => {
      this.logger.warn({ err: error }, 'could not release the relay lease; a successor waits for it to expire');
    });
    await this.producer.disconnect();
  }

  /** Called after an append so that publishing does not wait for the next poll. */
  nudge(): void {
    this.loop.nudge();
  }

  /** Returns how many commits it published. */
  async publishBatch(): Promise<number> {
    const commits = await this.store.readUnpublished(BATCH_SIZE);
    if (commits.length === 0) return 0;
    if (!this.producerConnected) await this.connectProducer();
    try {
      await this.producer.send({
        topic: this.topics.caseEvents,
        acks: -1,
        messages: commits.flatMap((commit) => commit.events.map(toKafkaMessage)),
      });
    } catch (error) {
      await this.replaceProducer();
      throw error;
    }
    // Sealed under the relay's lease, in the order published, before the outbox forgets them: none is left out.
    await this.sealer?.seal(commits);
    await this.store.markPublished(commits);
    const events = commits.flatMap((commit) => commit.events);
    this.publishedEvents.inc(events.length);
    for (const { caseId, version, type, correlationId } of events) {
      this.logger.debug({ caseId, version, type, correlationId }, 'published');
    }
    return commits.length;
  }

  private newProducer(): Producer {
    return this.kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
  }

  private async connectProducer(): Promise<void> {
    await this.producer.connect();
    this.producerConnected = true;
  }

  /**
   * After a failed send the broker may hold part of the batch (its reply was lost), while the idempotent producer
   * rolled its sequence numbers back. The next batch, re-read from the outbox with other boundaries, would then be
   * refused with OUT_OF_ORDER_SEQUENCE_NUMBER on every retry, for good. A new producer gets a new producer id and
   * starts its sequences afresh; what was already written is produced again (at least once, consumers dedupe).
   */
  private async replaceProducer(): Promise<void> {
    const failed = this.producer;
    this.producer = this.newProducer();
    this.producerConnected = false;
    await failed.disconnect().catch(() => undefined);
  }
}
