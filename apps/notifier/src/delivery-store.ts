import type { Collection, Db } from 'mongodb';
import { isDuplicateKeyError } from '#libs/event-store';
import {
  WEBHOOK_DELIVERIES_COLLECTION,
  WEBHOOK_QUEUE_COLLECTION,
  type WebhookDeliveryAttempt,
  type WebhookDeliveryDocument,
  type WebhookDeliveryState,
  type WebhookQueueEntry,
} from '#libs/regulators';

export type { WebhookDeliveryDocument, WebhookQueueEntry } from '#libs/regulators';

/**
 * The notifier's writes. An `_id` lookup is the one query every supported server answers from an index, so: deliveries are inserted (a duplicate key
 * means "already scheduled") and then read and updated by `_id`; the only scan is of the due-queue, which holds
 * nothing but deliveries still under way.
 */
export class DeliveryStore {
  readonly deliveries: Collection<WebhookDeliveryDocument>;
  readonly queue: Collection<WebhookQueueEntry>;

  constructor(db: Db) {
    this.deliveries = db.collection<WebhookDeliveryDocument>(WEBHOOK_DELIVERIES_COLLECTION);
    this.queue = db.collection<WebhookQueueEntry>(WEBHOOK_QUEUE_COLLECTION);
  }

  /** False when a delivery for this event exists already. */
  async insertDelivery(delivery: WebhookDeliveryDocument): Promise<boolean> {
    return insertUnlessDuplicate(this.deliveries, delivery);
  }

  /** False when the entry exists already. */
  async enqueue(entry: WebhookQueueEntry): Promise<boolean> {
    return insertUnlessDuplicate(this.queue, entry);
  }

  find(id: string): Promise<WebhookDeliveryDocument | null> {
    return this.deliveries.findOne({ _id: id });
  }

  /** A case's deliveries (after its erasure; rare, so a query on caseId is fine). */
  ofCase(caseId: string): Promise<WebhookDeliveryDocument[]> {
    return this.deliveries.find({ caseId }).toArray();
  }

  async replaceBody(id: string, body: string, at: string): Promise<void> {
    await this.deliveries.updateOne({ _id: id }, { $set: { body, updatedAt: at } });
  }

  /** The whole due-queue (small by construction). */
  queued(): Promise<WebhookQueueEntry[]> {
    return this.queue.find().toArray();
  }

  /** Records an attempt and the state it leaves the delivery in; one writer per delivery, so a plain $set is safe. */
  async recordAttempt(
    delivery: WebhookDeliveryDocument,
    attempt: WebhookDeliveryAttempt,
    next: { state: WebhookDeliveryState; at: string; nextAttemptAt?: string; lastError?: string },
  ): Promise<WebhookDeliveryDocument> {
    const updated: WebhookDeliveryDocument = {
      ...delivery,
      attempts: [...delivery.attempts, attempt],
      state: next.state,
      updatedAt: next.at,
    };
    delete updated.nextAttemptAt;
    delete updated.lastError;
    if (next.nextAttemptAt) updated.nextAttemptAt = next.nextAttemptAt;
    if (next.lastError) updated.lastError = next.lastError;
    if (next.state === 'delivered') updated.deliveredAt = next.at;
    if (next.state === 'failed' || next.state === 'endpoint-gone') updated.endedAt = next.at;
    const set: Partial<WebhookDeliveryDocument> = {
      attempts: updated.attempts,
      state: updated.state,
      updatedAt: updated.updatedAt,
      ...(updated.nextAttemptAt && { nextAttemptAt: updated.nextAttemptAt }),
      ...(updated.lastError && { lastError: updated.lastError }),
      ...(updated.deliveredAt && { deliveredAt: updated.deliveredAt }),
      ...(updated.endedAt && { endedAt: updated.endedAt }),
    };
    const unset = Object.fromEntries(
      (['nextAttemptAt', 'lastError'] as const)
        .filter((name) => updated[name] === undefined)
        .map((name) => [name, '' as const]),
    );
    await this.deliveries.updateOne(
      { _id: updated._id },
      { $set: set, ...(Object.keys(unset).length > 0 && { $unset: unset }) },
    );
    return updated;
  }

  /** A dead letter replayed: the delivery starts over (its attempt log goes on). */
  async rearm(id: string, at: string): Promise<void> {
    await this.deliveries.updateOne(
      { _id: id },
      { $set: { state: 'pending', updatedAt: at, nextAttemptAt: at }, $unset: { endedAt: '' } },
    );
  }

  async reschedule(entry: WebhookQueueEntry): Promise<void> {
    const { _id, ...fields } = entry;
    await this.queue.updateOne({ _id }, { $set: fields });
  }

  async dequeue(id: string): Promise<void> {
    await this.queue.deleteOne({ _id: id });
  }
}

async function insertUnlessDuplicate<T extends { _id: string }>(
  collection: Collection<T>,
  document: T,
): Promise<boolean> {
  try {
    await collection.insertOne(document as Parameters<Collection<T>['insertOne']>[0]);
    return true;
  } catch (error) {
    if (isDuplicateKeyError(error)) return false;
    throw error;
  }
}
