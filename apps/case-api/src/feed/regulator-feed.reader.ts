import { Inject, Injectable } from '@nestjs/common';
import { Db, type Collection } from 'mongodb';
import {
  feedItemId,
  type NotificationAddress,
  REGULATOR_FEED_COLLECTION,
  type RegulatorFeedItem,
} from '#libs/read-models';

/** A regulator's own feed, read by `_id` only: the regulator id from the API key is part of every key. */
@Injectable()
export class RegulatorFeedReader {
  private readonly items: Collection<RegulatorFeedItem>;
  private readonly addresses: Collection<NotificationAddress>;

  constructor(@Inject(Db) db: Db) {
    this.items = db.collection<RegulatorFeedItem>(REGULATOR_FEED_COLLECTION);
    this.addresses = db.collection<NotificationAddress>('regulator_notification_addresses');
  }

  /** Items after `afterSeq`, oldest first: a run of `_id` lookups that stops at the first number not yet taken. */
  async itemsAfter(regulatorId: string, afterSeq: number, limit: number): Promise<RegulatorFeedItem[]> {
    const found = await Promise.all(
      Array.from({ length: limit }, (_, i) => this.items.findOne({ _id: feedItemId(regulatorId, afterSeq + 1 + i) })),
    );
    const end = found.indexOf(null);
    return (end === -1 ? found : found.slice(0, end)) as RegulatorFeedItem[];
  }

  /** The case of a notification, only if it was addressed to this regulator. */
  async caseOfNotification(regulatorId: string, notificationId: string): Promise<string | null> {
    const address = await this.addresses.findOne({ _id: notificationId });
    return address?.regulatorId === regulatorId ? address.caseId : null;
  }
}
