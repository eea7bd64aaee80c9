import type { CaseEvent } from '#libs/domain';
import type { StoredEventOf } from '#libs/event-store';
import type { SignedCheckpoint } from '#libs/ledger';

/** CloudEvents 1.0, structured JSON: what a regulator receives through the feed, the stream and webhooks. */
export interface RegulatorCloudEvent {
  specversion: '1.0';
  id: string;
  source: string;
  type: RegulatorCloudEventType | typeof LEDGER_CHECKPOINT_CLOUD_EVENT_TYPE;
  subject: string;
  time: string;
  datacontenttype: 'application/json';
  /** The case version this item comes from (extension attribute); absent on ledger checkpoints. */
  caseversion?: number;
  data: Record<string, unknown>;
}

export const REGULATOR_CLOUD_EVENT_TYPES = {
  RegulatorNotified: 'breachline.regulator.notification.created',
  RegulatorNotificationSupplemented: 'breachline.regulator.notification.supplemented',
  RegulatorAcknowledged: 'breachline.regulator.notification.acknowledged',
} as const;
export type RegulatorCloudEventType = (typeof REGULATOR_CLOUD_EVENT_TYPES)[keyof typeof REGULATOR_CLOUD_EVENT_TYPES];

/** A signed ledger checkpoint, sent to each regulator whose notification it is the first to cover. */
export const LEDGER_CHECKPOINT_CLOUD_EVENT_TYPE = 'breachline.ledger.checkpoint.signed';

/**
 * The checkpoint as a regulator's witness copy: verify `data.signature` with the ledger's public key over the
 * checkpoint note; a later evidence bundle's tree must be consistent with it. The id is the same for every witness.
 */
export function toCheckpointCloudEvent(checkpoint: SignedCheckpoint): RegulatorCloudEvent {
  const { origin, treeSize, rootHash, time, signature } = checkpoint;
  return {
    specversion: '1.0',
    id: `ledger-checkpoint:${origin}:${treeSize}`,
    source: `/breachline/ledger/${origin}`,
    type: LEDGER_CHECKPOINT_CLOUD_EVENT_TYPE,
    subject: String(treeSize),
    time,
    datacontenttype: 'application/json',
    data: { origin, treeSize, rootHash, time, signature },
  };
}

/**
 * The regulator-addressed view of a case event, or null for events no regulator receives.
 * Only the notification itself crosses over: no actor names, no other case facts.
 */
export function toRegulatorCloudEvent(
  event: StoredEventOf<CaseEvent>,
): { regulatorId: string; cloudEvent: RegulatorCloudEvent } | null {
  if (
    event.type !== 'RegulatorNotified' &&
    event.type !== 'RegulatorNotificationSupplemented' &&
    event.type !== 'RegulatorAcknowledged'
  ) {
    return null;
  }
  const { regulatorId, notificationId } = event.payload;
  return {
    regulatorId,
    cloudEvent: {
      specversion: '1.0',
      id: event.eventId,
      source: `/breachline/cases/${event.caseId}`,
      type: REGULATOR_CLOUD_EVENT_TYPES[event.type],
      subject: notificationId,
      time: event.occurredAt,
      datacontenttype: 'application/json',
      caseversion: event.version,
      data: { ...event.payload },
    },
  };
}
