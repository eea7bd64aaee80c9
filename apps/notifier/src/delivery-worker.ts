import { performance } from 'node:perf_hooks';
import type { KafkaMessage } from 'kafkajs';
import { MongoError } from 'mongodb';
import { type Logger, type SlotLease, WakeUpLoop } from '#libs/platform';
import type { RegulatorRegistry } from '#libs/regulators';
import { AddressNotAllowedError, type LookupAll, WebhookUrlError } from './address-guard.js';
import { backoffDelay, type BackoffPolicy } from './backoff.js';
import type { DeliveryStore, WebhookDeliveryDocument, WebhookQueueEntry } from './delivery-store.js';
import { signedWebhookHeaders, WebhookSecretError } from './webhook-signing.js';
import { describeSendError, postWebhook } from './webhook-sender.js';

export interface DeliveryWorkerOptions {
  timeoutMs: number;
  backoff: BackoffPolicy;
  maxAttempts: number;
  pollMs: number;
  concurrency: number;
  allowPrivate: boolean;
}

export interface DeliveryWorkerDependencies {
  store: DeliveryStore;
  registry: RegulatorRegistry;
  /** Slots of at least `2 × DeliveryWorker.leaseSpanMs(timeoutMs)`. */
  lease: SlotLease;
  /** Sends a dead letter for a delivery that ended without being delivered. */
  deadLetter: (message: KafkaMessage, source: { topic: string; partition: number }, error: Error) => Promise<void>;
  logger: Logger;
  now?: () => Date;
  random?: () => number;
  lookup?: LookupAll;
  post?: typeof postWebhook;
  /** Told how each attempt ended (for metrics). */
  observe?: (attempt: AttemptObservation) => void;
}

export interface AttemptObservation {
  regulatorId: string;
  result: 'delivered' | 'retry' | 'gave-up' | 'refused' | 'endpoint-gone';
  durationMs: number;
}

/** How one attempt ended. */
type Outcome =
  | { kind: 'delivered'; status: number }
  | { kind: 'retry'; status?: number; error: string }
  /** Not retried: refused address, bad URL or secret, no webhook any more. */
  | { kind: 'refused'; error: string }
  /** HTTP 410, or the endpoint was disabled by an earlier 410. */
  | { kind: 'gone'; status?: number; error: string };

export class WebhookDeliveryError extends Error {
  constructor(
    override readonly name: 'WebhookDeliveryFailed' | 'WebhookEndpointGone',
    message: string,
  ) {
    super(message);
  }
}

/**
 * The delivery half: scans the small due-queue, attempts what is due (one attempt at a time per regulator, a few at
 * once overall), records every attempt in the delivery log, and reschedules with capped exponential backoff until the
 * endpoint answers 2xx, answers 410, or the attempts run out (then: state failed and a dead letter).
 */
export class DeliveryWorker {
  private readonly loop: WakeUpLoop;
  private readonly inFlight = new Map<string, { regulatorId: string; done: Promise<void> }>();
  /** Entries whose last attempt could not be recorded (database trouble): not before this time. */
  private readonly coolingDown = new Map<string, number>();
  private readonly now: () => Date;
  private readonly random: () => number;
  private readonly post: typeof postWebhook;

  constructor(
    private readonly options: DeliveryWorkerOptions,
    private readonly deps: DeliveryWorkerDependencies,
  ) {
    this.now = deps.now ?? (() => new Date());
    this.random = deps.random ?? Math.random;
    this.post = deps.post ?? postWebhook;
    const span = DeliveryWorker.leaseSpanMs(options.timeoutMs);
    this.loop = new WakeUpLoop({
      pollMs: options.pollMs,
      pass: async () => {
        const hasRoom = this.inFlight.size < this.options.concurrency;
        if (hasRoom && (await this.deps.lease.holdsFor(this.now().getTime(), span))) return this.dispatchDue();
        return this.options.pollMs;
      },
      onError: (error) =>
        this.deps.logger.warn({ err: error }, 'webhook queue scan failed; retrying after the poll interval'),
    });
  }

  /** How long the lease must still be held when an attempt starts: the attempt plus its bookkeeping. */
  static leaseSpanMs(timeoutMs: number): number {
    return timeoutMs + 5_000;
  }

  get isRunning(): boolean {
    return this.loop.isRunning;
  }

  start(): void {
    this.loop.start();
  }

  /** Stops picking up work, waits for the attempts in flight (each bounded by the timeout), releases the lease. */
  async stop(): Promise<void> {
    await this.loop.stop();
    await Promise.allSettled([...this.inFlight.values()].map((flight) => flight.done));
    await this.deps.lease.release().catch((error: unknown) => {
      this.deps.logger.warn({ err: error }, 'could not release the delivery lease; a successor waits for it to expire');
    });
  }

  /** New work was queued: look at the queue now rather than at the next poll. */
  nudge(): void {
    this.loop.nudge();
  }

  /** Starts what is due; returns how long to wait before the next entry falls due (at most the poll interval). */
  private async dispatchDue(): Promise<number> {
    const entries = await this.deps.store.queued();
    const now = this.now().getTime();
    const busy = new Set([...this.inFlight.values()].map((flight) => flight.regulatorId));
    let waitMs = this.options.pollMs;
    entries.sort((a, b) => a.nextAttemptAt.localeCompare(b.nextAttemptAt));
    for (const entry of entries) {
      if (this.inFlight.has(entry._id)) continue;
      const dueInMs = Math.max(Date.parse(entry.nextAttemptAt) || 0, this.coolingDown.get(entry._id) ?? 0) - now;
      if (dueInMs > 0) {
        waitMs = Math.min(waitMs, dueInMs);
        continue;
      }
      // A regulator's next due delivery waits for its current one; finishing one wakes the loop.
      if (busy.has(entry.regulatorId) || this.inFlight.size >= this.options.concurrency) continue;
      busy.add(entry.regulatorId);
      const done = this.attempt(entry)
        .then(
          () => void this.coolingDown.delete(entry._id),
          (error: unknown) => {
            this.coolingDown.set(entry._id, this.now().getTime() + this.options.pollMs);
            this.deps.logger.error(
              { err: error, webhookId: entry._id },
              'webhook attempt could not be recorded; will retry',
            );
          },
        )
        .finally(() => {
          this.inFlight.delete(entry._id);
          this.nudge();
        });
      this.inFlight.set(entry._id, { regulatorId: entry.regulatorId, done });
    }
    return Math.max(waitMs, 5);
  }

  private async attempt(entry: WebhookQueueEntry): Promise<void> {
    const { store, logger } = this.deps;
    const delivery = await store.find(entry._id);
    if (!delivery) {
      await store.dequeue(entry._id);
      return;
    }
    if (delivery.state !== 'pending') {
      // It ended before its queue entry was removed: the dead letter may not have gone out yet.
      if (delivery.state !== 'delivered') await this.deadLetter(delivery);
      await store.dequeue(entry._id);
      return;
    }

    const startedAt = this.now();
    const started = performance.now();
    const outcome = await this.send(delivery, startedAt);
    const finishedAt = this.now().toISOString();
    const log = {
      attempt: delivery.attempts.length + 1,
      at: startedAt.toISOString(),
      durationMs: Math.round(performance.now() - started),
      ...(outcome.kind !== 'refused' && outcome.status !== undefined && { status: outcome.status }),
      ...(outcome.kind !== 'delivered' && { error: outcome.error }),
    };
    const context = { webhookId: delivery._id, regulatorId: delivery.regulatorId, caseId: delivery.caseId, ...log };

    switch (outcome.kind) {
      case 'delivered': {
        await store.recordAttempt(delivery, log, { state: 'delivered', at: finishedAt });
        await store.dequeue(entry._id);
        this.observe(delivery, 'delivered', log.durationMs);
        logger.info(context, 'webhook delivered');
        return;
      }
      case 'gone': {
        if (outcome.status === 410) {
          await this.deps.registry.disableWebhook(delivery.regulatorId, `HTTP 410 Gone at ${finishedAt}`);
          logger.warn({ regulatorId: delivery.regulatorId }, 'webhook endpoint answered 410 Gone: disabled');
        }
        const ended = await store.recordAttempt(delivery, log, {
          state: 'endpoint-gone',
          at: finishedAt,
          lastError: outcome.error,
        });
        await this.deadLetter(ended);
        await store.dequeue(entry._id);
        this.observe(delivery, 'endpoint-gone', log.durationMs);
        logger.error(context, 'webhook not delivered: endpoint gone');
        return;
      }
      case 'refused': {
        const ended = await store.recordAttempt(delivery, log, {
          state: 'failed',
          at: finishedAt,
          lastError: outcome.error,
        });
        await this.deadLetter(ended);
        await store.dequeue(entry._id);
        this.observe(delivery, 'refused', log.durationMs);
        logger.error(context, 'webhook refused; not retried');
        return;
      }
      case 'retry': {
        const attempt = entry.attempt + 1;
        if (attempt >= this.options.maxAttempts) {
          const ended = await store.recordAttempt(delivery, log, {
            state: 'failed',
            at: finishedAt,
            lastError: `gave up after ${attempt} attempts; last: ${outcome.error}`,
          });
          await this.deadLetter(ended);
          await store.dequeue(entry._id);
          this.observe(delivery, 'gave-up', log.durationMs);
          logger.error(context, 'webhook delivery given up');
          return;
        }
        const delayMs = backoffDelay(attempt, this.options.backoff, this.random);
        const nextAttemptAt = new Date(this.now().getTime() + delayMs).toISOString();
        await store.recordAttempt(delivery, log, {
          state: 'pending',
          at: finishedAt,
          nextAttemptAt,
          lastError: outcome.error,
        });
        await store.reschedule({ ...entry, attempt, nextAttemptAt });
        this.observe(delivery, 'retry', log.durationMs);
        logger.warn({ ...context, delayMs }, 'webhook attempt failed; retrying');
        return;
      }
    }
  }

  private observe(delivery: WebhookDeliveryDocument, result: AttemptObservation['result'], durationMs: number): void {
    try {
      this.deps.observe?.({ regulatorId: delivery.regulatorId, result, durationMs });
    } catch {
      // metrics never break a delivery
    }
  }

  private async send(delivery: WebhookDeliveryDocument, at: Date): Promise<Outcome> {
    let target;
    try {
      target = await this.deps.registry.webhookTarget(delivery.regulatorId);
    } catch (error) {
      if (error instanceof MongoError) throw error;
      // A missing or wrong BREACHLINE_SECRETS_KEY: an operator can fix it, so keep retrying.
      return { kind: 'retry', error: `the webhook secret cannot be opened (${(error as Error).message})` };
    }
    if (!target) return { kind: 'refused', error: 'the regulator has no webhook any more' };
    if (target.disabledAt) return { kind: 'gone', error: `the endpoint was disabled at ${target.disabledAt}` };
    let headers: Record<string, string>;
    try {
      headers = signedWebhookHeaders(target.secret, delivery._id, delivery.body, at);
    } catch (error) {
      if (error instanceof WebhookSecretError) return { kind: 'refused', error: error.message };
      throw error;
    }
    try {
      const status = await this.post({
        url: target.url,
        headers,
        body: delivery.body,
        timeoutMs: this.options.timeoutMs,
        allowPrivate: this.options.allowPrivate,
        ...(this.deps.lookup && { lookup: this.deps.lookup }),
      });
      if (status >= 200 && status < 300) return { kind: 'delivered', status };
      if (status === 410) return { kind: 'gone', status, error: 'HTTP 410 Gone: the endpoint was disabled' };
      return { kind: 'retry', status, error: `HTTP ${status}` };
    } catch (error) {
      if (error instanceof AddressNotAllowedError || error instanceof WebhookUrlError) {
        return { kind: 'refused', error: error.message };
      }
      return { kind: 'retry', error: describeSendError(error) };
    }
  }

  /** The original case event, as it arrived, on the dead-letter topic, with what became of the delivery. */
  private async deadLetter(delivery: WebhookDeliveryDocument): Promise<void> {
    const { source } = delivery;
    // A ledger checkpoint has no case event to replay, and the case-events dead-letter topic holds only case events:
    // it stays in the delivery log as failed / endpoint-gone, and the same checkpoint consumed again re-arms it.
    if (!source) return;
    const gone = delivery.state === 'endpoint-gone';
    const error = new WebhookDeliveryError(
      gone ? 'WebhookEndpointGone' : 'WebhookDeliveryFailed',
      `webhook ${delivery._id} to regulator ${delivery.regulatorId} ${gone ? 'not delivered' : 'failed'}: ` +
        (delivery.lastError ?? delivery.state),
    );
    const message = {
      key: source.key === null ? null : Buffer.from(source.key),
      value: Buffer.from(source.value),
      headers: {
        ...source.headers,
        // dlq_* headers are dropped when a dead letter is replayed.
        dlq_webhook_id: delivery._id,
        dlq_webhook_regulator: delivery.regulatorId,
        dlq_webhook_state: delivery.state,
        dlq_webhook_attempts: String(delivery.attempts.length),
      },
      offset: source.offset,
      timestamp: String(Date.parse(delivery.createdAt)),
      attributes: 0,
      size: 0,
    } as unknown as KafkaMessage;
    await this.deps.deadLetter(message, { topic: source.topic, partition: source.partition }, error);
  }
}
