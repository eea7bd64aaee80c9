import type { CaseEvent } from '#libs/domain';
import type { StoredEventOf } from '#libs/event-store';

/** CloudEvents 1.0, structured JSON: what a regulator receives through the feed, the stream and webhooks. */
export interface RegulatorCloudEvent {
  specversion: '1.0';
  id: string;
  source: string;
  type: RegulatorCloudEventType;
  subject: string;
  time: string;
  datacontenttype: 'application/json';
  /** The case version this item comes from (extension attribute). */
  caseversion: number;
  data: Record<string, unknown>;
}

export const REGULATOR_CLOUD_EVENT_TYPES = {
  RegulatorNotified: 'breachline.regulator.notification.created',
  RegulatorNotificationSupplemented: 'breachline.regulator.notification.supplemented',
  RegulatorAcknowledged: 'breachline.regulator.notification.acknowledged',
} as const;
export type RegulatorCloudEventType = (typeof REGULATOR_CLOUD_EVENT_TYPES)[keyof typeof REGULATOR_CLOUD_EVENT_TYPES];

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
