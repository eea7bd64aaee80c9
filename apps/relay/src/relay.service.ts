import { Inject, Injectable, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { Kafka, type Producer } from 'kafkajs';
import { Db } from 'mongodb';
import { EventStore, type LedgerSealer } from '#libs/event-store';
import { TOPICS, toKafkaMessage, type Topics } from '#libs/messaging';
import type { Counter } from 'prom-client';
import { Environment, LOGGER, type Logger, Metrics } from '#libs/platform';
import { LEDGER_SEALER } from './ledger-sealer.provider.js';
import { SlotLease } from './slot-lease.js';

const BATCH_SIZE = 500;

/** Publishes unpublished commits to Kafka in per-case order, then marks them published (at-least-once). */
@Injectable()
export class RelayService implements OnApplicationBootstrap, OnApplicationShutdown {
  private producer: Producer;
  private producerConnected = false;
  private readonly lease: SlotLease;
  private running = false;
  private loop?: Promise<void>;
  private wake?: () => void;
  private pendingNudge = false;
  private readonly publishedEvents: Counter;

  constructor(
    @Inject(EventStore) private readonly store: EventStore,
    @Inject(Kafka) private readonly kafka: Kafka,
    @Inject(TOPICS) private readonly topics: Topics,
    @Inject(Db) db: Db,
    @Inject(Environment) private readonly environment: Environment,
    @Inject(LOGGER) private readonly logger: Logger,
    @Inject(Metrics) metrics: Metrics,
    @Inject(LEDGER_SEALER) private readonly sealer: LedgerSealer | null,
  ) {
    this.producer = this.newProducer();
    this.lease = new SlotLease(db, `relay:${topics.caseEvents}`);
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
    this.running = true;
    this.loop = this.run();
  }

  async onApplicationShutdown(): Promise<void> {
    this.running = false;
    this.nudge();
    await this.loop;
    await this.producer.disconnect();
  }

  /** Called after an append so that publishing does not wait for the next poll. */
  nudge(): void {
    this.pendingNudge = true;
    this.wake?.();
  }

  private async run(): Promise<void> {
    while (this.running) {
      let published = 0;
      try {
        if (await this.lease.holds(Date.now())) {
          published = await this.publishBatch();
          await this.sealer?.checkpointIfDue(Date.now());
        }
      } catch (error) {
        this.logger.warn({ err: error }, 'relay batch failed; retrying after the poll interval');
      }
      if (published < BATCH_SIZE) await this.idle();
    }
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
    if (this.environment.FAULT_INJECTION === 'relay-after-produce') process.kill(process.pid, 'SIGKILL');
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

  private idle(): Promise<void> {
    if (this.pendingNudge || !this.running) {
      this.pendingNudge = false;
      return Promise.resolve();
    }
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.wake = undefined;
        this.pendingNudge = false;
        resolve();
      };
      const timer = setTimeout(done, this.environment.RELAY_POLL_MS);
      this.wake = done;
    });
  }
}
