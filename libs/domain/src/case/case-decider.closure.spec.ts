import { describe, it } from '@jest/globals';
import { CaseClosed, CaseReopened, SampleVerified } from './case-events.js';
import type { CaseResolution } from './vocabulary.js';
import {
  caseId,
  valid,
  command,
  received,
  verified,
  notified,
  closed,
  confirmedBreach,
  given,
} from './case-decider.fixtures.js';

// The case decider, given/when/then: closing and reopening a case.

describe('case decider: CloseCase', () => {
  const closeAs = (resolution: CaseResolution, extra: { note?: string; duplicateOfCaseId?: string } = {}) =>
    command('CloseCase', { resolution, ...extra });
  const closedEvent = (resolution: CaseResolution, extra: { note?: string; duplicateOfCaseId?: string } = {}) =>
    CaseClosed.create({ ...valid.CloseCase, resolution, ...extra });

  it('closes a confirmed, notified breach as breach-remediated', () => {
    given([...confirmedBreach, notified()])
      .when(closeAs('breach-remediated'))
      .thenEvents([closedEvent('breach-remediated')]);
  });

  it('refuses breach-remediated without a confirmed sample', () => {
    given([received, verified('inconclusive')])
      .when(closeAs('breach-remediated'))
      .thenIllegal('remediation-requires-confirmed-sample');
  });

  it('refuses breach-remediated before any regulator was notified', () => {
    given(confirmedBreach)
      .when(closeAs('breach-remediated'))
      .thenIllegal('remediation-requires-regulator-notification');
  });

  it('closes a not-ours case as not-our-data without any notification', () => {
    given([received, verified('not-ours')])
      .when(closeAs('not-our-data', { note: 'Foreign insurer concern, not a breach' }))
      .thenEvents([closedEvent('not-our-data', { note: 'Foreign insurer concern, not a breach' })]);
  });

  it.each([[[received]], [[received, verified('inconclusive')]], [confirmedBreach]])(
    'refuses not-our-data unless the latest verdict is not-ours (given %#)',
    (events) => {
      given(events).when(closeAs('not-our-data')).thenIllegal('not-our-data-requires-not-ours-verdict');
    },
  );

  it('closes an unverified claim as false-report', () => {
    given([received, verified('inconclusive')])
      .when(closeAs('false-report'))
      .thenEvents([closedEvent('false-report')]);
  });

  it('refuses to close a confirmed breach as false-report', () => {
    given(confirmedBreach).when(closeAs('false-report')).thenIllegal('false-report-contradicts-confirmed-sample');
  });

  it('closes a duplicate, naming the original case', () => {
    given([received])
      .when(closeAs('duplicate', { duplicateOfCaseId: 'case-0' }))
      .thenEvents([closedEvent('duplicate', { duplicateOfCaseId: 'case-0' })]);
  });

  it('refuses a duplicate without the original case', () => {
    given([received]).when(closeAs('duplicate')).thenInvalid('duplicateOfCaseId', 'required-for-duplicate');
  });

  it('refuses a duplicate of itself', () => {
    given([received])
      .when(closeAs('duplicate', { duplicateOfCaseId: caseId }))
      .thenInvalid('duplicateOfCaseId', 'not-own-case');
  });

  it('refuses duplicateOfCaseId with another resolution', () => {
    given([received])
      .when(closeAs('false-report', { duplicateOfCaseId: 'case-0' }))
      .thenInvalid('duplicateOfCaseId', 'only-for-duplicate');
  });
});

describe('case decider: ReopenCase', () => {
  it('reopens a closed case', () => {
    given([received, closed()])
      .when(command('ReopenCase'))
      .thenEvents([CaseReopened.create(valid.ReopenCase)]);
  });

  it('accepts commands again once reopened', () => {
    given([received, closed(), CaseReopened.create(valid.ReopenCase)])
      .when(command('VerifySample'))
      .thenEvents([SampleVerified.create(valid.VerifySample)]);
  });

  it('keeps earlier notifications after reopening', () => {
    given([...confirmedBreach, notified(), closed('breach-remediated'), CaseReopened.create(valid.ReopenCase)])
      .when(command('NotifyRegulator', {}, 'notif-2'))
      .thenIllegal('regulator-already-notified');
  });

  it('refuses a reopening dated before the closure', () => {
    given([received, closed()])
      .when(command('ReopenCase', { reopenedAt: '2021-05-22T09:59:59Z' }))
      .thenInvalid('reopenedAt', 'not-before-closure');
  });
});
