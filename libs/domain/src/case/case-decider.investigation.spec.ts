import { describe, expect, it } from '@jest/globals';
import { decide, evolveAll } from './case-decider.js';
import { InvestigatorAssigned, RiskAssessed, SampleVerified, SourceTraced } from './case-events.js';
import type { SourceVector } from './vocabulary.js';
import {
  metadata,
  valid,
  command,
  received,
  verified,
  confirmedBreach,
  given,
  notified,
} from './case-decider.fixtures.js';

// The case decider, given/when/then: the investigation: investigator, risk, sample, source.

describe('case decider: AssignInvestigator', () => {
  it('assigns an investigator, with an optional note', () => {
    given([received])
      .when(command('AssignInvestigator', { note: 'Lead for the BPJS claim' }))
      .thenEvents([InvestigatorAssigned.create({ ...valid.AssignInvestigator, note: 'Lead for the BPJS claim' })]);
  });

  it('omits an absent note rather than storing undefined', () => {
    const [event] = decide(command('AssignInvestigator', { note: undefined }), evolveAll([received]));
    expect(Object.keys(event!.payload)).not.toContain('note');
  });
});

describe('case decider: AssessRisk', () => {
  it('records the risk assessment', () => {
    given([received])
      .when(command('AssessRisk'))
      .thenEvents([RiskAssessed.create(valid.AssessRisk)]);
  });
});

describe('case decider: VerifySample', () => {
  it('records the outcome of a sample check', () => {
    given([received])
      .when(command('VerifySample'))
      .thenEvents([SampleVerified.create(valid.VerifySample)]);
  });

  it('never stores leaked records, even when a command carries them', () => {
    const leaky = command('VerifySample', { leakedRecords: [{ nik: '3171234567890001' }] } as never);
    const [event] = decide(leaky, evolveAll([received]));
    expect(event).toStrictEqual(SampleVerified.create(valid.VerifySample));
  });

  it('refuses more matched records than the sample holds', () => {
    given([received])
      .when(command('VerifySample', { sampleSize: 10, matchedRecords: 11 }))
      .thenInvalid('matchedRecords', 'matched-within-sample');
  });

  it('refuses a confirmed verdict that names no data category', () => {
    given([received])
      .when(command('VerifySample', { confirmedDataCategories: [] }))
      .thenInvalid('confirmedDataCategories', 'required-when-confirmed');
  });

  it('accepts a not-ours verdict without categories', () => {
    const notOurs = { verdict: 'not-ours' as const, matchedRecords: 0, confirmedDataCategories: [] };
    given([received])
      .when(command('VerifySample', notOurs))
      .thenEvents([SampleVerified.create({ ...valid.VerifySample, ...notOurs })]);
  });

  it('may be repeated: a later verdict overrides the earlier one', () => {
    given([...confirmedBreach, verified('inconclusive')])
      .when(command('NotifyRegulator'))
      .thenIllegal('notification-requires-confirmed-sample');
    given([received, verified('not-ours'), verified('confirmed')])
      .when(command('NotifyRegulator'))
      .thenEvents([notified()]);
  });
});

describe('case decider: TraceSource', () => {
  it('records the traced source', () => {
    given([received])
      .when(command('TraceSource', { containment: 'Vendor credential revoked' }))
      .thenEvents([SourceTraced.create({ ...valid.TraceSource, containment: 'Vendor credential revoked' })]);
  });

  it('may be repeated as the trace is refined', () => {
    const refined = { vector: 'hacking:use-of-stolen-credentials', viaPartner: true, confidence: 'high' } as const;
    given([received, SourceTraced.create(valid.TraceSource)])
      .when(command('TraceSource', refined))
      .thenEvents([SourceTraced.create({ ...valid.TraceSource, ...refined })]);
  });

  it.each(['error:misdelivery', 'social:phishing', 'malware:ransomware', 'physical:theft', 'misuse:privilege-abuse'])(
    'records the VERIS vector %s',
    (vector) => {
      given([received])
        .when(command('TraceSource', { vector }))
        .thenEvents([SourceTraced.create({ ...valid.TraceSource, vector: vector as SourceVector })]);
    },
  );

  it('given viaPartner left out, then no partner is recorded as involved', () => {
    const { viaPartner: _, ...withoutPartner } = valid.TraceSource;
    given([received])
      .when({ type: 'TraceSource', data: withoutPartner, metadata })
      .thenEvents([SourceTraced.create({ ...valid.TraceSource, viaPartner: false })]);
  });
});
