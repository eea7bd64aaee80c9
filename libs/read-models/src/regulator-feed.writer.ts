import type { Collection, Db } from 'mongodb';
import { isDuplicateKeyError } from '#libs/event-store';
import { highestPresent } from './highest-present.js';
import type { CaseStoredEvent } from './projection.js';
import { type ApplyOutcome, CaseBatchWriter, type CaseEventBatch, noOutcome } from './projection-writer.js';
import type { LedgerCheckpointMessage } from '#libs/messaging';
import { type RegulatorCloudEvent, toCheckpointCloudEvent, toRegulatorCloudEvent } from '#libs/regulators';

export const REGULATOR_FEED_COLLECTION = 'regulator_feed';
/** One `{ _id: eventId }` per regulator-addressed event whose feed item has been written. */
export const REGULATOR_FEED_DONE_COLLECTION = 'regulator_feed_done';

export interface RegulatorFeedItem {
  /** feedItemId(regulatorId, seq) */
  _id: string;
  regulatorId: string;
  /** Gapless per regulator, from 1: the feed cursor and the SSE event id. */
  seq: number;
  /** The case event's id, or the checkpoint CloudEvent's id for a ledger checkpoint. */
  eventId: string;
  /** Absent on ledger checkpoints, which belong to no one case. */
  caseId?: string;
  notificationId?: string;
  cloudEvent: RegulatorCloudEvent;
}

/** Which regulator and case a notification belongs to, found by `_id` when a regulator acknowledges it. */
export interface NotificationAddress {
  _id: string;
  regulatorId: string;
  caseId: string;
}

interface EventMark {
  _id: string;
}

export const feedItemId = (regulatorId: string, seq: number): string =>
  `${regulatorId}:${String(seq).padStart(12, '0')}`;

/**
 * Appends regulator-addressed events to each regulator's feed under a gapless sequence, with inserts
 * only: a sequence number is taken by inserting it (a duplicate means someone else has it, try the
 * next), so number n exists before anyone can take n+1. Each event is claimed before and marked done
 * after its item is written, so a redelivered event is skipped and a crash in between is repaired.
 *
 * Unlike the read models, it writes event by event: few events are addressed to a regulator (a batch usually has
 * none, and then costs no round trip), and a sequence number may only be taken once every lower one is.
 */
export class RegulatorFeedWriter extends CaseBatchWriter {
  readonly name = REGULATOR_FEED_COLLECTION;
  readonly items: Collection<RegulatorFeedItem>;
  private readonly addresses: Collection<NotificationAddress>;
  private readonly claimed: Collection<EventMark>;
  private readonly done: Collection<EventMark>;
  private readonly nextSeq = new Map<string, number>();

  constructor(db: Db) {
    super();
    this.items = db.collection<RegulatorFeedItem>(REGULATOR_FEED_COLLECTION);
    this.addresses = db.collection<NotificationAddress>('regulator_notification_addresses');
    this.claimed = db.collection<EventMark>('regulator_feed_claimed');
    this.done = db.collection<EventMark>(REGULATOR_FEED_DONE_COLLECTION);
  }

  async applyBatch(batch: CaseEventBatch): Promise<ApplyOutcome> {
    const outcome = noOutcome();
    for (const event of [...batch.values()].flat()) {
      const addressed = toRegulatorCloudEvent(event);
      if (!addressed) continue;
      const { regulatorId, cloudEvent } = addressed;
      const notificationId = cloudEvent.subject;
      if (event.type === 'RegulatorNotified') {
        await insertIfNew(this.addresses, { _id: notificationId, regulatorId, caseId: event.caseId });
      }
      const item = { regulatorId, eventId: event.eventId, caseId: event.caseId, notificationId, cloudEvent };
      if (await this.appendOnce(event.eventId, regulatorId, item)) outcome.applied++;
      else outcome.duplicates++;
    }
    return outcome;
  }

  /** A ledger checkpoint for each witness, once per (regulator, tree size) however often it is delivered. */
  async applyCheckpoint({ checkpoint, regulatorIds }: LedgerCheckpointMessage): Promise<ApplyOutcome> {
    const outcome = noOutcome();
    const cloudEvent = toCheckpointCloudEvent(checkpoint);
    for (const regulatorId of regulatorIds) {
      const markId = `${regulatorId}:${cloudEvent.id}`;
      if (await this.appendOnce(markId, regulatorId, { regulatorId, eventId: cloudEvent.id, cloudEvent })) {
        outcome.applied++;
      } else outcome.duplicates++;
    }
    return outcome;
  }

  /** Feed items keep their sequence numbers; only their content is written again from the stream. */
  async reproject(caseId: string, stream: readonly CaseStoredEvent[]): Promise<void> {
    const byEventId = new Map(stream.map((event) => [event.eventId, event]));
    // Rare (an erasure), so a scan by case is fine.
    for (const item of await this.items.find({ caseId }).toArray()) {
      const event = byEventId.get(item.eventId);
      const addressed = event && toRegulatorCloudEvent(event);
      if (addressed) await this.items.updateOne({ _id: item._id }, { $set: { cloudEvent: addressed.cloudEvent } });
    }
  }

  /** The highest sequence number in a regulator's feed (0 when empty), by `_id` probes only. */
  lastSeq(regulatorId: string): Promise<number> {
    return highestPresent(async (seq) => (await this.items.findOne({ _id: feedItemId(regulatorId, seq) })) !== null);
  }

  /** `markId` names the item once: the case event's id, or regulator and checkpoint for a ledger checkpoint. */
  private async appendOnce(markId: string, regulatorId: string, item: Omit<RegulatorFeedItem, '_id' | 'seq'>) {
    if (!(await insertIfNew(this.claimed, { _id: markId }))) {
      if (await this.done.findOne({ _id: markId })) return false;
      // Claimed by a writer that stopped before marking it done: was its item written? (rare, so a scan is fine)
      if (await this.items.findOne({ regulatorId, eventId: item.eventId })) {
        await insertIfNew(this.done, { _id: markId });
        return false;
      }
    }
    let seq = this.nextSeq.get(regulatorId) ?? (await this.lastSeq(regulatorId)) + 1;
    while (!(await insertIfNew(this.items, { _id: feedItemId(regulatorId, seq), seq, ...item }))) seq++;
    this.nextSeq.set(regulatorId, seq + 1);
    await insertIfNew(this.done, { _id: markId });
    return true;
  }
}

async function insertIfNew<T extends { _id: string }>(collection: Collection<T>, document: T): Promise<boolean> {
  try {
    await collection.insertOne(document as never);
    return true;
  } catch (error) {
    if (isDuplicateKeyError(error)) return false;
    throw error;
  }
}
