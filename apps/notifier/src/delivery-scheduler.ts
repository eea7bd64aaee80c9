import type { IHeaders, KafkaMessage } from 'kafkajs';
import { fromKafkaMessage } from '#libs/messaging';
import { type CaseStoredEvent } from '#libs/read-models';
import type { LedgerCheckpointMessage } from '#libs/messaging';
import { type RegulatorRegistry, toCheckpointCloudEvent, toRegulatorCloudEvent } from '#libs/regulators';
import type { DeliveryStore, WebhookDeliveryDocument } from './delivery-store.js';

/** Pushed to regulators' webhooks. Acknowledgements come *from* the regulator, so they are not sent back. */
export const WEBHOOK_EVENT_TYPES = ['RegulatorNotified', 'RegulatorNotificationSupplemented'] as const;
type WebhookEventType = (typeof WEBHOOK_EVENT_TYPES)[number];

export const isWebhookEventType = (type: string): type is WebhookEventType =>
  (WEBHOOK_EVENT_TYPES as readonly string[]).includes(type);

export type ScheduleOutcome = 'not-for-webhook' | 'scheduled' | 'already-scheduled' | 're-armed';

export interface KafkaSource {
  topic: string;
  partition: number;
  message: KafkaMessage;
}

/**
 * The consumer's half: turns a case event addressed to a regulator with a webhook into a delivery record and a
 * due-queue entry. Idempotent by event id (= webhook-id): the record's insert is the check. An event that arrives
 * again after its delivery gave up (a dead letter replayed) re-arms the delivery.
 */
export class DeliveryScheduler {
  constructor(
    private readonly store: DeliveryStore,
    private readonly registry: RegulatorRegistry,
    private readonly now: () => Date = () => new Date(),
  ) {}

  async schedule(event: CaseStoredEvent, source: KafkaSource): Promise<ScheduleOutcome> {
    if (!isWebhookEventType(event.type)) return 'not-for-webhook';
    const addressed = toRegulatorCloudEvent(event);
    if (!addressed) return 'not-for-webhook';
    const regulator = await this.registry.get(addressed.regulatorId);
    if (!regulator?.webhook) return 'not-for-webhook';

    const at = this.now().toISOString();
    const delivery: WebhookDeliveryDocument = {
      _id: event.eventId,
      regulatorId: addressed.regulatorId,
      caseId: event.caseId,
      caseVersion: event.version,
      type: event.type,
      body: JSON.stringify(addressed.cloudEvent),
      state: 'pending',
      attempts: [],
      createdAt: at,
      updatedAt: at,
      nextAttemptAt: at,
      source: {
        topic: source.topic,
        partition: source.partition,
        offset: source.message.offset,
        key: source.message.key?.toString() ?? null,
        value: source.message.value?.toString() ?? '',
        headers: headerText(source.message.headers),
      },
    };
    return this.arm(delivery);
  }

  /**
   * A signed ledger checkpoint, to each of its witnessing regulators that has a webhook. One delivery per regulator,
   * idempotent by CloudEvent id + regulator id, so the same announcement consumed again schedules nothing new.
   */
  async scheduleCheckpoint({
    checkpoint,
    regulatorIds,
  }: LedgerCheckpointMessage): Promise<{ regulatorId: string; outcome: ScheduleOutcome }[]> {
    const cloudEvent = toCheckpointCloudEvent(checkpoint);
    const body = JSON.stringify(cloudEvent);
    const outcomes: { regulatorId: string; outcome: ScheduleOutcome }[] = [];
    for (const regulatorId of new Set(regulatorIds)) {
      const regulator = await this.registry.get(regulatorId);
      if (!regulator?.webhook) {
        outcomes.push({ regulatorId, outcome: 'not-for-webhook' });
        continue;
      }
      const at = this.now().toISOString();
      const outcome = await this.arm({
        _id: `${cloudEvent.id}:${regulatorId}`,
        regulatorId,
        type: 'LedgerCheckpoint',
        body,
        state: 'pending',
        attempts: [],
        createdAt: at,
        updatedAt: at,
        nextAttemptAt: at,
      });
      outcomes.push({ regulatorId, outcome });
    }
    return outcomes;
  }

  private async arm(delivery: WebhookDeliveryDocument): Promise<ScheduleOutcome> {
    const at = delivery.createdAt;
    const entry = { _id: delivery._id, regulatorId: delivery.regulatorId, nextAttemptAt: at, attempt: 0 };
    if (await this.store.insertDelivery(delivery)) {
      await this.store.enqueue(entry);
      return 'scheduled';
    }
    const existing = await this.store.find(delivery._id);
    if (existing?.state === 'failed' || existing?.state === 'endpoint-gone') {
      await this.store.rearm(delivery._id, at);
      await this.store.enqueue(entry);
      return 're-armed';
    }
    // Pending: make sure it is queued (a crash may have come between the two inserts); delivered: nothing to do.
    if (existing?.state === 'pending') await this.store.enqueue(entry);
    return 'already-scheduled';
  }

  /**
   * After the case's erasure: every delivery of the case gets its body rendered again from the event it came from,
   * which now reads with placeholders; a delivery still pending sends that body. Returns how many were rewritten.
   */
  async rerenderCase(caseId: string, decode: (event: CaseStoredEvent) => Promise<CaseStoredEvent>): Promise<number> {
    let rewritten = 0;
    for (const delivery of await this.store.ofCase(caseId)) {
      // Every delivery with a case came from a case event; only ledger checkpoints (no case) have no source.
      if (!delivery.source) continue;
      const { value, headers } = delivery.source;
      const event = await decode(fromKafkaMessage({ value: Buffer.from(value), headers }) as CaseStoredEvent);
      const addressed = toRegulatorCloudEvent(event);
      if (!addressed) continue;
      await this.store.replaceBody(delivery._id, JSON.stringify(addressed.cloudEvent), this.now().toISOString());
      rewritten++;
    }
    return rewritten;
  }
}

function headerText(headers: IHeaders | undefined): Record<string, string> {
  const text: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers ?? {})) {
    const first = Array.isArray(value) ? value[0] : value;
    if (first !== undefined && !name.includes('.') && !name.startsWith('$')) text[name] = first.toString();
  }
  return text;
}
