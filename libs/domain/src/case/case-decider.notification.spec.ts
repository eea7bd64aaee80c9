import { describe, it } from '@jest/globals';
import { DataSubjectsNotified, RegulatorAcknowledged, RegulatorNotificationSupplemented } from './case-events.js';
import {
  valid,
  command,
  received,
  verified,
  notified,
  acknowledged,
  confirmedBreach,
  given,
} from './case-decider.fixtures.js';

// The case decider, given/when/then: notifying regulators and data subjects.

describe('case decider: NotifyRegulator', () => {
  it('notifies a regulator once a sample is confirmed', () => {
    given(confirmedBreach).when(command('NotifyRegulator')).thenEvents([notified()]);
  });

  it('notifies a second, different regulator', () => {
    given([...confirmedBreach, notified()])
      .when(command('NotifyRegulator', { regulatorId: 'pdpc' }, 'notif-2'))
      .thenEvents([notified('notif-2', 'pdpc')]);
  });

  it.each([[[received]], [[received, verified('inconclusive')]], [[received, verified('not-ours')]]])(
    'refuses without a confirmed latest sample (given %#)',
    (events) => {
      given(events).when(command('NotifyRegulator')).thenIllegal('notification-requires-confirmed-sample');
    },
  );

  it('refuses to notify the same regulator twice (supplements are for follow-ups)', () => {
    given([...confirmedBreach, notified()])
      .when(command('NotifyRegulator', {}, 'notif-2'))
      .thenIllegal('regulator-already-notified');
  });

  it('refuses a notification id already used', () => {
    given([...confirmedBreach, notified()])
      .when(command('NotifyRegulator', { regulatorId: 'pdpc' }))
      .thenIllegal('notification-id-taken');
  });
});

describe('case decider: SupplementRegulatorNotification', () => {
  it('supplements a notification, naming its regulator', () => {
    given([...confirmedBreach, notified()])
      .when(command('SupplementRegulatorNotification', { reasonForDelay: 'Scope known only after tracing' }))
      .thenEvents([
        RegulatorNotificationSupplemented.create({
          ...valid.SupplementRegulatorNotification,
          supplementId: 'supp-1',
          regulatorId: 'komdigi',
          reasonForDelay: 'Scope known only after tracing',
        }),
      ]);
  });

  it('supplements an acknowledged notification too', () => {
    given([...confirmedBreach, notified(), acknowledged])
      .when(command('SupplementRegulatorNotification'))
      .thenEvents([
        RegulatorNotificationSupplemented.create({
          ...valid.SupplementRegulatorNotification,
          supplementId: 'supp-1',
          regulatorId: 'komdigi',
        }),
      ]);
  });

  it('refuses an unknown notification', () => {
    given(confirmedBreach).when(command('SupplementRegulatorNotification')).thenIllegal('unknown-notification');
  });

  it('refuses a supplement id already used', () => {
    const earlier = RegulatorNotificationSupplemented.create({
      ...valid.SupplementRegulatorNotification,
      supplementId: 'supp-1',
      regulatorId: 'komdigi',
    });
    given([...confirmedBreach, notified(), earlier])
      .when(command('SupplementRegulatorNotification'))
      .thenIllegal('supplement-id-taken');
  });

  it('refuses a supplement dated before the notification', () => {
    given([...confirmedBreach, notified()])
      .when(command('SupplementRegulatorNotification', { supplementedAt: '2021-05-20T13:59:59Z' }))
      .thenInvalid('supplementedAt', 'not-before-notification');
  });
});

describe('case decider: RecordRegulatorAcknowledgement', () => {
  it('records the acknowledgement, with the regulator reference', () => {
    given([...confirmedBreach, notified()])
      .when(command('RecordRegulatorAcknowledgement', { reference: 'KOMDIGI-2021-0042' }))
      .thenEvents([
        RegulatorAcknowledged.create({ ...valid.RecordRegulatorAcknowledgement, reference: 'KOMDIGI-2021-0042' }),
      ]);
  });

  it('refuses an unknown notification', () => {
    given(confirmedBreach).when(command('RecordRegulatorAcknowledgement')).thenIllegal('unknown-notification');
  });

  it('refuses an acknowledgement by another regulator than the one notified', () => {
    given([...confirmedBreach, notified()])
      .when(command('RecordRegulatorAcknowledgement', { regulatorId: 'pdpc' }))
      .thenIllegal('acknowledgement-regulator-mismatch');
  });

  it('refuses a second acknowledgement', () => {
    given([...confirmedBreach, notified(), acknowledged])
      .when(command('RecordRegulatorAcknowledgement'))
      .thenIllegal('already-acknowledged');
  });

  it('refuses an acknowledgement dated before the notification', () => {
    given([...confirmedBreach, notified()])
      .when(command('RecordRegulatorAcknowledgement', { acknowledgedAt: '2021-05-20T13:00:00Z' }))
      .thenInvalid('acknowledgedAt', 'not-before-notification');
  });
});

describe('case decider: NotifyDataSubjects', () => {
  it('records that data subjects were notified', () => {
    given(confirmedBreach)
      .when(command('NotifyDataSubjects'))
      .thenEvents([DataSubjectsNotified.create(valid.NotifyDataSubjects)]);
  });

  it('refuses without a confirmed latest sample', () => {
    given([received, verified('inconclusive')])
      .when(command('NotifyDataSubjects'))
      .thenIllegal('subject-notification-requires-confirmed-sample');
  });
});
