import { describe, expect, it } from '@jest/globals';
import type { ClockFacts } from './clock-facts.js';
import { computeDeadlines, countOverdue, type DeadlineStatus } from './deadline-engine.js';
import { DEFAULT_REGULATORS } from './default-regulators.js';
import type { Jurisdiction } from '../case/vocabulary.js';

// Given case facts, when the clocks are computed at `now`, then each regulator's dueAt and state.
// Every rule of DOMAIN.md's "Legal clocks" table, to the hour.

const reportReceivedAt = '2021-05-20T06:00:00Z';
/** A Friday. */
const confirmedAt = '2021-05-21T10:00:00Z';

const facts = (jurisdictions: Jurisdiction[], more: Partial<ClockFacts> = {}): ClockFacts => ({
  reportReceivedAt,
  jurisdictions,
  notifications: [],
  ...more,
});
const confirmed = (jurisdictions: Jurisdiction[], more: Partial<ClockFacts> = {}) =>
  facts(jurisdictions, { firstConfirmedSampleAt: confirmedAt, ...more });
const notified = (regulatorId: string, notifiedAt: string, notificationId = `n-${regulatorId}`) => ({
  notificationId,
  regulatorId,
  notifiedAt,
});

const clocks = (caseFacts: ClockFacts, now: string) => computeDeadlines(caseFacts, DEFAULT_REGULATORS, new Date(now));
const clock = (caseFacts: ClockFacts, regulatorId: string, now: string): DeadlineStatus => {
  const found = clocks(caseFacts, now).find((c) => c.regulatorId === regulatorId);
  if (!found) throw new Error(`no clock for ${regulatorId}`);
  return found;
};

describe('Indonesia — UU PDP 27/2022 Art. 46: 3 × 24 h from awareness', () => {
  const given = (more: Partial<ClockFacts> = {}) => confirmed(['ID'], more);

  it('given a confirmed sample at 2021-05-21T10:00Z, then the clock is due 2021-05-24T10:00Z', () => {
    expect(clock(given(), 'id-pdp', '2021-05-22T10:00:00Z')).toEqual({
      regulatorId: 'id-pdp',
      regulatorName: 'PDP agency (Komdigi until it operates)',
      state: 'pending',
      clockStartedAt: '2021-05-21T10:00:00.000Z',
      dueAt: '2021-05-24T10:00:00.000Z',
      hoursRemaining: 48,
    });
  });

  it('given the agency was notified at 09:00 on the due day, then the clock is met', () => {
    const status = clock(
      given({ notifications: [notified('id-pdp', '2021-05-24T09:00:00Z')] }),
      'id-pdp',
      '2021-06-01T00:00:00Z',
    );
    expect(status).toMatchObject({
      state: 'met',
      notifiedAt: '2021-05-24T09:00:00Z',
      notificationId: 'n-id-pdp',
    });
    expect(status.hoursRemaining).toBeUndefined();
  });

  it('given the agency was notified exactly at dueAt, then the clock is met', () => {
    const status = clock(
      given({ notifications: [notified('id-pdp', '2021-05-24T10:00:00Z')] }),
      'id-pdp',
      '2021-06-01T00:00:00Z',
    );
    expect(status.state).toBe('met');
  });

  it('given the agency was notified at 11:00 on the due day, then the clock is met late', () => {
    const status = clock(
      given({ notifications: [notified('id-pdp', '2021-05-24T11:00:00Z')] }),
      'id-pdp',
      '2021-06-01T00:00:00Z',
    );
    expect(status).toMatchObject({
      state: 'met-late',
      dueAt: '2021-05-24T10:00:00.000Z',
    });
  });

  it('given no notification, when now is dueAt, then the clock is still pending with 0 hours left', () => {
    expect(clock(given(), 'id-pdp', '2021-05-24T10:00:00Z')).toMatchObject({
      state: 'pending',
      hoursRemaining: 0,
    });
  });

  it('given no notification, when now is 2021-05-24T10:01Z, then the clock is overdue', () => {
    expect(clock(given(), 'id-pdp', '2021-05-24T10:01:00Z')).toMatchObject({
      state: 'overdue',
      hoursRemaining: 0,
    });
    expect(clock(given(), 'id-pdp', '2021-05-24T13:00:00Z')).toMatchObject({
      state: 'overdue',
      hoursRemaining: -3,
    });
  });

  it('given only the report and no confirmed sample, then the clock has not started and has no dueAt', () => {
    expect(clock(facts(['ID']), 'id-pdp', '2021-06-01T00:00:00Z')).toEqual({
      regulatorId: 'id-pdp',
      regulatorName: 'PDP agency (Komdigi until it operates)',
      state: 'not-started',
    });
  });

  it('given two notifications to the agency, then the earliest decides', () => {
    const notifications = [
      notified('id-pdp', '2021-05-25T00:00:00Z', 'late'),
      notified('id-pdp', '2021-05-22T00:00:00Z', 'early'),
    ];
    expect(clock(given({ notifications }), 'id-pdp', '2021-06-01T00:00:00Z')).toMatchObject({
      state: 'met',
      notificationId: 'early',
    });
  });

  it('given the sample was confirmed at a +07:00 local time, then dueAt is 72 h later in UTC', () => {
    const status = clock(
      given({ firstConfirmedSampleAt: '2021-05-21T17:00:00+07:00' }),
      'id-pdp',
      '2021-05-21T10:00:00Z',
    );
    expect(status).toMatchObject({
      clockStartedAt: '2021-05-21T10:00:00.000Z',
      dueAt: '2021-05-24T10:00:00.000Z',
    });
  });
});

describe('Indonesia — PM 20/2016: 14 days from knowledge of the failure', () => {
  it('given a confirmed sample at 2021-05-21T10:00Z, then the data owners are due 2021-06-04T10:00Z', () => {
    expect(clock(confirmed(['ID']), 'id-kominfo-pm20', '2021-05-21T10:00:00Z')).toMatchObject({
      state: 'pending',
      clockStartedAt: '2021-05-21T10:00:00.000Z',
      dueAt: '2021-06-04T10:00:00.000Z',
      hoursRemaining: 336,
    });
  });

  it('given no notification, when now is 2021-06-04T11:00Z, then it is overdue; notified at 10:00 it is met', () => {
    expect(clock(confirmed(['ID']), 'id-kominfo-pm20', '2021-06-04T11:00:00Z').state).toBe('overdue');
    const onTime = confirmed(['ID'], {
      notifications: [notified('id-kominfo-pm20', '2021-06-04T10:00:00Z')],
    });
    expect(clock(onTime, 'id-kominfo-pm20', '2021-06-04T11:00:00Z').state).toBe('met');
  });
});

describe('EU — GDPR Art. 33: 72 h from awareness', () => {
  it('given a confirmed sample at 2021-05-21T10:00Z, then the lead authority is due 2021-05-24T10:00Z', () => {
    expect(clock(confirmed(['EU']), 'eu-lead-sa', '2021-05-21T10:00:00Z')).toMatchObject({
      state: 'pending',
      dueAt: '2021-05-24T10:00:00.000Z',
      hoursRemaining: 72,
    });
  });

  it('given notification one hour late, then met-late; given none at 2021-05-24T11:00Z, then overdue', () => {
    const late = confirmed(['EU'], {
      notifications: [notified('eu-lead-sa', '2021-05-24T11:00:00Z')],
    });
    expect(clock(late, 'eu-lead-sa', '2021-05-30T00:00:00Z').state).toBe('met-late');
    expect(clock(confirmed(['EU']), 'eu-lead-sa', '2021-05-24T11:00:00Z').state).toBe('overdue');
  });
});

describe('Singapore — PDPA s.26D: 3 calendar days from assessed notifiable', () => {
  it('given a confirmed sample on Friday 10:00Z, then the PDPC is due Monday 10:00Z: weekends count', () => {
    expect(clock(confirmed(['SG']), 'sg-pdpc', '2021-05-21T10:00:00Z')).toMatchObject({
      clockStartedAt: '2021-05-21T10:00:00.000Z',
      dueAt: '2021-05-24T10:00:00.000Z',
    });
  });

  it('given notified at 2021-05-24T09:59Z then met; none by 10:01Z then overdue', () => {
    const onTime = confirmed(['SG'], {
      notifications: [notified('sg-pdpc', '2021-05-24T09:59:00Z')],
    });
    expect(clock(onTime, 'sg-pdpc', '2021-05-25T00:00:00Z').state).toBe('met');
    expect(clock(confirmed(['SG']), 'sg-pdpc', '2021-05-24T10:01:00Z').state).toBe('overdue');
  });
});

describe('Australia — NDB s.26WH: assess within 30 days of reasonable grounds to suspect', () => {
  it('given a report received 2021-05-20T06:00Z and no confirmed sample yet, then the OAIC clock runs to 2021-06-19T06:00Z', () => {
    expect(clock(facts(['AU']), 'au-oaic', '2021-05-20T06:00:00Z')).toMatchObject({
      state: 'pending',
      clockStartedAt: '2021-05-20T06:00:00.000Z',
      dueAt: '2021-06-19T06:00:00.000Z',
      hoursRemaining: 720,
    });
  });

  it('given no notification, when now is 2021-06-19T07:00Z, then overdue', () => {
    expect(clock(facts(['AU']), 'au-oaic', '2021-06-19T07:00:00Z').state).toBe('overdue');
  });

  it('given the case closed as a false report without a confirmed sample, then no clock runs', () => {
    const closed = facts(['AU'], {
      closedAt: '2021-05-25T00:00:00Z',
      resolution: 'false-report',
    });
    expect(clock(closed, 'au-oaic', '2021-07-01T00:00:00Z')).toEqual({
      regulatorId: 'au-oaic',
      regulatorName: 'Office of the Australian Information Commissioner (OAIC)',
      state: 'not-started',
    });
  });

  it.each(['not-our-data', 'duplicate'] as const)(
    'given the case closed as %s without a confirmed sample, then no clock runs',
    (resolution) => {
      const closed = facts(['AU', 'ID'], {
        closedAt: '2021-05-25T00:00:00Z',
        resolution,
      });
      expect(clocks(closed, '2021-07-01T00:00:00Z').map((c) => c.state)).toEqual([
        'not-started',
        'not-started',
        'not-started',
      ]);
    },
  );
});

describe('United States — HIPAA: HHS within 60 days of discovery, 500+ subjects', () => {
  it('given a confirmed sample at 2021-05-21T10:00Z and 500 subjects, then HHS is due 2021-07-20T10:00Z', () => {
    expect(
      clock(confirmed(['US'], { estimatedAffectedSubjects: 500 }), 'us-hhs', '2021-05-21T10:00:00Z'),
    ).toMatchObject({
      state: 'pending',
      dueAt: '2021-07-20T10:00:00.000Z',
      hoursRemaining: 1440,
    });
  });

  it('given a regulator that applies only from 500 subjects and 499 affected, then it has no clock for the case', () => {
    const hhs = DEFAULT_REGULATORS.find((r) => r.id === 'us-hhs')!;
    const fromFiveHundred = { ...hhs, appliesWhen: { minAffectedSubjects: 500 } };
    const facts499 = confirmed(['US'], { estimatedAffectedSubjects: 499 });
    expect(computeDeadlines(facts499, [fromFiveHundred], new Date('2021-05-21T10:00:00Z'))).toEqual([]);
  });

  it('given no risk assessment yet, then the HHS clock is shown: a clock that may run is not hidden', () => {
    expect(clock(confirmed(['US']), 'us-hhs', '2021-05-21T10:00:00Z').dueAt).toBe('2021-07-20T10:00:00.000Z');
  });

  it('given no notification, when now is 2021-07-20T11:00Z, then overdue', () => {
    expect(
      clock(confirmed(['US'], { estimatedAffectedSubjects: 10_000 }), 'us-hhs', '2021-07-20T11:00:00Z').state,
    ).toBe('overdue');
  });
});

describe('United States — SEC 8-K Item 1.05: 4 business days from the materiality determination', () => {
  const determined = (at: string, more: Partial<ClockFacts> = {}) =>
    confirmed(['US'], {
      firstCriticalRiskAssessedAt: at,
      estimatedAffectedSubjects: 1,
      ...more,
    });
  const secDue = (at: string) => clock(determined(at), 'us-sec', at).dueAt;

  it('given a determination on Friday 2021-05-21T10:00Z, then the SEC is due Thursday 2021-05-27T10:00Z, across the weekend', () => {
    expect(clock(determined('2021-05-21T10:00:00Z'), 'us-sec', '2021-05-21T10:00:00Z')).toMatchObject({
      state: 'pending',
      clockStartedAt: '2021-05-21T10:00:00.000Z',
      dueAt: '2021-05-27T10:00:00.000Z',
      hoursRemaining: 144,
    });
  });

  it('given a Friday determination, when now is Thursday 11:00Z with no filing, then overdue; filed Thursday 09:00Z then met', () => {
    expect(clock(determined('2021-05-21T10:00:00Z'), 'us-sec', '2021-05-27T11:00:00Z').state).toBe('overdue');
    const filed = determined('2021-05-21T10:00:00Z', {
      notifications: [notified('us-sec', '2021-05-27T09:00:00Z')],
    });
    expect(clock(filed, 'us-sec', '2021-05-27T11:00:00Z').state).toBe('met');
  });

  it('given a determination on Monday 10:00Z, then due Friday 10:00Z the same week', () => {
    expect(secDue('2021-05-24T10:00:00Z')).toBe('2021-05-28T10:00:00.000Z');
  });

  it('given a determination on Wednesday 10:00Z, then due the next Tuesday 10:00Z', () => {
    expect(secDue('2021-05-26T10:00:00Z')).toBe('2021-06-01T10:00:00.000Z');
  });

  it('given a determination late on Friday 23:30Z, then due Thursday 23:30Z', () => {
    expect(secDue('2021-05-21T23:30:00Z')).toBe('2021-05-27T23:30:00.000Z');
  });

  it.each(['2021-05-22T15:00:00Z', '2021-05-23T23:59:00Z'])(
    'given a weekend determination at %s, then counting starts Monday 00:00Z: due Friday 00:00Z (end of Thursday)',
    (at) => {
      expect(secDue(at)).toBe('2021-05-28T00:00:00.000Z');
    },
  );

  it('given only a high (not critical) risk assessment, then the SEC clock has not started', () => {
    expect(clock(confirmed(['US']), 'us-sec', '2021-06-01T00:00:00Z').state).toBe('not-started');
  });

  it('given the SEC was notified before any materiality determination, then the clock is met', () => {
    const early = confirmed(['US'], {
      notifications: [notified('us-sec', '2021-05-22T00:00:00Z')],
    });
    expect(clock(early, 'us-sec', '2021-06-01T00:00:00Z')).toMatchObject({
      state: 'met',
      notifiedAt: '2021-05-22T00:00:00Z',
    });
    expect(clock(early, 'us-sec', '2021-06-01T00:00:00Z').dueAt).toBeUndefined();
  });
});

describe('which regulators a case gets', () => {
  it('given an Indonesian case, then only the two Indonesian clocks, in registry order', () => {
    expect(clocks(confirmed(['ID']), confirmedAt).map((c) => c.regulatorId)).toEqual(['id-pdp', 'id-kominfo-pm20']);
  });

  it('given a case in every jurisdiction with 500 subjects, then all seven clocks', () => {
    const all = confirmed(['ID', 'EU', 'SG', 'AU', 'US'], {
      estimatedAffectedSubjects: 500,
    });
    expect(clocks(all, confirmedAt)).toHaveLength(7);
  });

  it('given a notification to a regulator outside the case jurisdictions, then it adds no clock', () => {
    const caseFacts = confirmed(['EU'], {
      notifications: [notified('sg-pdpc', confirmedAt)],
    });
    expect(clocks(caseFacts, confirmedAt).map((c) => c.regulatorId)).toEqual(['eu-lead-sa']);
  });

  it('given a breach closed as remediated without notifying, then the clock is still overdue', () => {
    const closed = confirmed(['ID'], {
      closedAt: '2021-05-22T00:00:00Z',
      resolution: 'breach-remediated',
    });
    expect(clock(closed, 'id-pdp', '2021-05-25T00:00:00Z').state).toBe('overdue');
  });

  it('given a case closed as not-our-data after a confirmed sample, then the clocks still run', () => {
    const closed = confirmed(['ID'], {
      closedAt: '2021-05-22T00:00:00Z',
      resolution: 'not-our-data',
    });
    expect(clock(closed, 'id-pdp', '2021-05-25T00:00:00Z').state).toBe('overdue');
  });

  it('counts overdue clocks for metrics', () => {
    const caseFacts = confirmed(['ID', 'EU'], {
      notifications: [notified('eu-lead-sa', '2021-05-22T00:00:00Z')],
    });
    expect(countOverdue(clocks(caseFacts, '2021-05-24T11:00:00Z'))).toBe(1);
    expect(countOverdue(clocks(caseFacts, '2021-05-24T10:00:00Z'))).toBe(0);
  });
});
