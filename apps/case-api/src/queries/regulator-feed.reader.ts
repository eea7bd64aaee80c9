import { Inject, Injectable, NotFoundException } from '@nestjs/common';
import { Db, type Collection } from 'mongodb';
import { EventStore } from '#libs/event-store';
import {
  type CaseStoredEvent,
  feedItemId,
  type NotificationAddress,
  REGULATOR_FEED_COLLECTION,
  REGULATOR_FEED_DONE_COLLECTION,
  type RegulatorFeedItem,
} from '#libs/read-models';
import { toRegulatorCloudEvent } from '#libs/regulators';
import { ReadYourWrites } from '../http/read-your-writes.js';

/** A regulator's own feed, read by `_id` only: the regulator id from the API key is part of every key. */
@Injectable()
export class RegulatorFeedReader {
  private readonly items: Collection<RegulatorFeedItem>;
  private readonly addresses: Collection<NotificationAddress>;
  private readonly done: Collection<{ _id: string }>;

  constructor(
    @Inject(Db) db: Db,
    @Inject(EventStore) private readonly store: EventStore,
    @Inject(ReadYourWrites) private readonly reads: ReadYourWrites,
  ) {
    this.items = db.collection<RegulatorFeedItem>(REGULATOR_FEED_COLLECTION);
    this.addresses = db.collection<NotificationAddress>('regulator_notification_addresses');
    this.done = db.collection<{ _id: string }>(REGULATOR_FEED_DONE_COLLECTION);
  }

  /** Items after `afterSeq`, oldest first: a run of `_id` lookups that stops at the first number not yet taken. */
  async itemsAfter(regulatorId: string, afterSeq: number, limit: number): Promise<RegulatorFeedItem[]> {
    const found = await Promise.all(
      Array.from({ length: limit }, (_, i) => this.items.findOne({ _id: feedItemId(regulatorId, afterSeq + 1 + i) })),
    );
    const end = found.indexOf(null);
    return (end === -1 ? found : found.slice(0, end)) as RegulatorFeedItem[];
  }

  /**
   * Returns once the feed holds every event of the case up to `minVersion` that is addressed to this regulator (the
   * 2 s wait and 409 of every read); 404 when none of the case's events up to there is addressed to it, which is also
   * what an unknown case gets, so a regulator learns nothing of cases it was not notified of.
   */
  async waitForCase(regulatorId: string, caseId: string, minVersion: number): Promise<void> {
    await this.reads.readAtLeast(
      `${REGULATOR_FEED_COLLECTION}:${regulatorId}:${caseId}:${minVersion}`,
      () => this.caseReached(regulatorId, caseId, minVersion),
      minVersion,
    );
  }

  /** The case of a notification, only if it was addressed to this regulator. */
  async caseOfNotification(regulatorId: string, notificationId: string): Promise<string | null> {
    const address = await this.addresses.findOne({ _id: notificationId });
    return address?.regulatorId === regulatorId ? address.caseId : null;
  }

  /**
   * How far the feed has caught up with the case, up to `upTo`: the event store says which of the case's events are
   * addressed to this regulator, and the writer's done marks (`_id` lookups) which of those are in the feed. The
   * version reached is the one before the first that is not, or the case's last version up to `upTo`.
   */
  private async caseReached(regulatorId: string, caseId: string, upTo: number): Promise<{ version: number }> {
    const events = (await this.store.readStream(caseId, { toVersion: upTo })) as CaseStoredEvent[];
    const addressed = events.filter((event) => toRegulatorCloudEvent(event)?.regulatorId === regulatorId);
    if (addressed.length === 0) throw new NotFoundException(`No notification of case ${caseId} is addressed to you`);
    const written = await Promise.all(addressed.map((event) => this.done.findOne({ _id: event.eventId })));
    const firstMissing = written.indexOf(null);
    return { version: firstMissing === -1 ? events[events.length - 1].version : addressed[firstMissing].version - 1 };
  }
}
