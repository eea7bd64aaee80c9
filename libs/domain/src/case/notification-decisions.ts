import { IllegalTransitionError } from '../shared/domain-errors.js';
import type {
  NotifyDataSubjects,
  NotifyRegulator,
  RecordRegulatorAcknowledgement,
  SupplementRegulatorNotification,
} from './case-commands.js';
import {
  DataSubjectsNotified,
  RegulatorAcknowledged,
  RegulatorNotificationSupplemented,
  RegulatorNotified,
  type CaseEvent,
} from './case-events.js';
import {
  findNotification,
  optionalField,
  requireCaseTime,
  requireConfirmedSample,
  requireNotBefore,
} from './case-rules.js';
import type { OpenCaseState } from './case-state.js';

/** The notification's id is the command's own (metadata.id). */
export function notifyRegulator({ data, metadata }: NotifyRegulator, state: OpenCaseState): CaseEvent[] {
  const notificationId = metadata.id;
  const { regulatorId } = data;
  const notifiedAt = requireCaseTime('notifiedAt', data.notifiedAt, state, metadata.now);

  requireConfirmedSample(state, 'notification-requires-confirmed-sample', 'notifying a regulator');
  if (state.notifications.some((n) => n.notificationId === notificationId)) {
    throw new IllegalTransitionError('notification-id-taken', `Notification id ${notificationId} is already used`);
  }
  const earlier = state.notifications.find((n) => n.regulatorId === regulatorId);
  if (earlier) {
    throw new IllegalTransitionError(
      'regulator-already-notified',
      `Regulator ${regulatorId} was already notified (${earlier.notificationId}); send a supplement instead`,
    );
  }
  return [
    RegulatorNotified.create({
      caseId: state.caseId,
      notificationId,
      regulatorId,
      notifiedAt,
      content: { ...data.content },
    }),
  ];
}

/** Phased notification (GDPR Art. 33(4)); allowed before and after the regulator acknowledged. */
export function supplementRegulatorNotification(
  { data, metadata }: SupplementRegulatorNotification,
  state: OpenCaseState,
): CaseEvent[] {
  const supplementId = metadata.id;
  const supplementedAt = requireCaseTime('supplementedAt', data.supplementedAt, state, metadata.now);

  const notification = findNotification(state, data.notificationId);
  if (notification.supplementIds.includes(supplementId)) {
    throw new IllegalTransitionError('supplement-id-taken', `Supplement id ${supplementId} is already used`);
  }
  requireNotBefore(
    'supplementedAt',
    supplementedAt,
    notification.notifiedAt,
    'not-before-notification',
    'the notification',
  );
  return [
    RegulatorNotificationSupplemented.create({
      caseId: state.caseId,
      notificationId: notification.notificationId,
      supplementId,
      regulatorId: notification.regulatorId,
      supplementedAt,
      content: { ...data.content },
      ...optionalField('reasonForDelay', data.reasonForDelay),
    }),
  ];
}

/** Left without a time, the acknowledgement is dated when it is decided. */
export function recordRegulatorAcknowledgement(
  { data, metadata }: RecordRegulatorAcknowledgement,
  state: OpenCaseState,
): CaseEvent[] {
  const { notificationId, regulatorId } = data;
  const acknowledgedAt = requireCaseTime(
    'acknowledgedAt',
    data.acknowledgedAt ?? metadata.now.toISOString(),
    state,
    metadata.now,
  );

  const notification = findNotification(state, notificationId);
  if (notification.regulatorId !== regulatorId) {
    throw new IllegalTransitionError(
      'acknowledgement-regulator-mismatch',
      `Notification ${notificationId} was sent to ${notification.regulatorId}, not to ${regulatorId}`,
    );
  }
  if (notification.acknowledged) {
    throw new IllegalTransitionError('already-acknowledged', `Notification ${notificationId} is already acknowledged`);
  }
  requireNotBefore(
    'acknowledgedAt',
    acknowledgedAt,
    notification.notifiedAt,
    'not-before-notification',
    'the notification',
  );
  return [
    RegulatorAcknowledged.create({
      caseId: state.caseId,
      notificationId,
      regulatorId,
      acknowledgedAt,
      ...optionalField('reference', data.reference),
    }),
  ];
}

export function notifyDataSubjects({ data, metadata }: NotifyDataSubjects, state: OpenCaseState): CaseEvent[] {
  const notifiedAt = requireCaseTime('notifiedAt', data.notifiedAt, state, metadata.now);
  requireConfirmedSample(state, 'subject-notification-requires-confirmed-sample', 'notifying data subjects');
  return [
    DataSubjectsNotified.create({
      caseId: state.caseId,
      notifiedAt,
      channel: data.channel,
      subjectCount: data.subjectCount,
      messageSummary: data.messageSummary,
    }),
  ];
}
