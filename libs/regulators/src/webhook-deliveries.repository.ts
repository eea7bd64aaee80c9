import type { Collection, Db, Filter } from 'mongodb';

// The webhook delivery log: written by apps/notifier (one writer per delivery), read by admins.
// This file imports nothing but the mongodb driver so that any app can read the log.

export const WEBHOOK_DELIVERIES_COLLECTION = 'webhook_deliveries';
/** The notifier's small due-queue: one entry per delivery still to attempt, deleted when the delivery ends. */
export const WEBHOOK_QUEUE_COLLECTION = 'webhook_queue';

export const WEBHOOK_DELIVERY_STATES = ['pending', 'delivered', 'failed', 'endpoint-gone'] as const;
export type WebhookDeliveryState = (typeof WEBHOOK_DELIVERY_STATES)[number];

export type WebhookDeliveryEventType = 'RegulatorNotified' | 'RegulatorNotificationSupplemented' | 'LedgerCheckpoint';

export interface WebhookDeliveryAttempt {
  /** 1-based; keeps counting across a re-armed delivery (a dead letter replayed). */
  attempt: number;
  /** When the attempt started (ISO 8601). */
  at: string;
  durationMs: number;
  /** The HTTP status the endpoint answered, when it answered. */
  status?: number;
  /** Why the attempt did not deliver: network error, timeout, refused address, … (never a secret). */
  error?: string;
}

/** The Kafka message the delivery came from, kept so that a given-up delivery is dead-lettered as it arrived. */
export interface WebhookDeliverySource {
  topic: string;
  partition: number;
  offset: string;
  key: string | null;
  value: string;
  headers: Record<string, string>;
}

export interface WebhookDeliveryDocument {
  /**
   * The `webhook-id` header, by which receivers dedupe: the case event's id, or for a ledger checkpoint its
   * CloudEvent id and the regulator's (one checkpoint goes to several regulators).
   */
  _id: string;
  regulatorId: string;
  /** Absent for a ledger checkpoint, which belongs to no case. */
  caseId?: string;
  caseVersion?: number;
  type: WebhookDeliveryEventType;
  /** The CloudEvent JSON exactly as sent, built once so that every retry signs identical bytes. */
  body: string;
  state: WebhookDeliveryState;
  attempts: WebhookDeliveryAttempt[];
  createdAt: string;
  updatedAt: string;
  nextAttemptAt?: string;
  deliveredAt?: string;
  /** When the delivery ended as failed or endpoint-gone. */
  endedAt?: string;
  lastError?: string;
  /** The case event's Kafka message; absent for a ledger checkpoint, which is never dead-lettered (see the worker). */
  source?: WebhookDeliverySource;
}

export interface WebhookQueueEntry {
  /** = the delivery's `_id`. */
  _id: string;
  regulatorId: string;
  nextAttemptAt: string;
  /** Attempts made since the delivery was (re-)armed. */
  attempt: number;
}

/** What admins see of a delivery: its state and attempt log; `body` only when one delivery is asked for. */
export type WebhookDeliveryView = Omit<WebhookDeliveryDocument, '_id' | 'body' | 'source'> & {
  webhookId: string;
  body?: string;
};

const SUMMARY_PROJECTION = { body: 0, source: 0 } as const;

/**
 * Admins' view of the webhook delivery log.
 *
 * `listForRegulator` filters on `regulatorId`, which not every supported server answers from an index (it may scan the
 * log): fine for an admin page, not for a hot path. `get` is an `_id` lookup.
 */
export class WebhookDeliveriesRepository {
  private readonly deliveries: Collection<WebhookDeliveryDocument>;

  constructor(db: Db) {
    this.deliveries = db.collection<WebhookDeliveryDocument>(WEBHOOK_DELIVERIES_COLLECTION);
  }

  /** For `listForRegulator` and the notifier's rewrite of an erased case's bodies; one createIndex call per index. */
  async ensureIndexes(): Promise<void> {
    await this.deliveries.createIndex({ regulatorId: 1, createdAt: -1 }, { name: 'regulator_created' });
    await this.deliveries.createIndex({ caseId: 1 }, { name: 'case' });
  }

  /** Newest first. */
  async listForRegulator(
    regulatorId: string,
    { limit = 50, state }: { limit?: number; state?: WebhookDeliveryState } = {},
  ): Promise<WebhookDeliveryView[]> {
    const filter: Filter<WebhookDeliveryDocument> = { regulatorId, ...(state && { state }) };
    const documents = await this.deliveries
      .find(filter, { projection: SUMMARY_PROJECTION })
      .sort({ createdAt: -1, _id: 1 })
      .limit(Math.max(1, Math.min(limit, 500)))
      .toArray();
    return documents.map((document) => toView(document, false));
  }

  /** One delivery with the exact body sent, or null. */
  async get(webhookId: string): Promise<WebhookDeliveryView | null> {
    const document = await this.deliveries.findOne({ _id: webhookId }, { projection: { source: 0 } });
    return document ? toView(document, true) : null;
  }
}

function toView(document: Partial<WebhookDeliveryDocument> & { _id: string }, withBody: boolean): WebhookDeliveryView {
  const { _id, body, source: _source, ...rest } = document;
  return {
    webhookId: _id,
    ...(rest as Omit<WebhookDeliveryDocument, '_id' | 'body' | 'source'>),
    ...(withBody && body !== undefined && { body }),
  };
}
