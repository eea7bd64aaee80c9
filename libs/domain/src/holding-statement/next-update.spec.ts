import { describe, expect, it } from '@jest/globals';
import { DomainValidationError, IllegalTransitionError } from '../shared/domain-errors.js';
import { composeHoldingStatement } from './compose.js';
import { BPJS_KESEHATAN, SEED_CLAIM, SEED_CLOSED } from './holding-statement.fixtures.js';
import type { OrganisationProfile, WorkingHours } from './holding-statement-types.js';
import { nextUpdateDue, roundIntoWorkingHours } from './next-update.js';

// Given the time a statement is drafted and the organisation's profile, when the next update is promised, then it
// falls on a full hour of the organisation's working day, in its own time zone: tested to the hour.

const OFFICE: WorkingHours = { start: '09:00', end: '18:00' };
const profile = (more: Partial<OrganisationProfile> = {}): OrganisationProfile => ({
  name: 'Contoh',
  nextUpdateWithinHours: 24,
  ...more,
});
const promised = (now: string, more: Partial<OrganisationProfile>) =>
  nextUpdateDue(profile(more), new Date(now), false)?.toISOString();

describe('the promised next update, rounded into working hours', () => {
  it('given a draft at 04:59 WIB, when 24 h later is before the working day, then the update is promised for 09:00 WIB', () => {
    // The demo's statement: composed 2 December 2026, 04:59 WIB.
    expect(promised('2026-12-01T21:59:00Z', { timeZone: 'Asia/Jakarta' })).toBe('2026-12-03T02:00:00.000Z');
  });

  it('given a draft at 15:00 WIB on the hour, then the update is promised for exactly 24 h later', () => {
    expect(promised('2021-05-20T08:00:00Z', { timeZone: 'Asia/Jakarta' })).toBe('2021-05-21T08:00:00.000Z');
  });

  it('given a draft at 15:20 WIB, then the update is promised for the next full hour, 16:00 WIB', () => {
    expect(promised('2021-05-20T08:20:00Z', { timeZone: 'Asia/Jakarta' })).toBe('2021-05-21T09:00:00.000Z');
  });

  it('given a draft at 17:30 WIB, then 18:00 WIB, the end of the working day, still counts', () => {
    expect(promised('2021-05-20T10:30:00Z', { timeZone: 'Asia/Jakarta' })).toBe('2021-05-21T11:00:00.000Z');
  });

  it('given a draft at 18:01 WIB, then the update moves to 09:00 WIB the day after', () => {
    expect(promised('2021-05-20T11:01:00Z', { timeZone: 'Asia/Jakarta' })).toBe('2021-05-22T02:00:00.000Z');
  });

  it('given a draft at 23:30 in Singapore, when 24 h later crosses midnight, then 09:00 SGT the day after', () => {
    // 2026-12-01 23:30 SGT = 15:30Z; +24 h = 2 Dec 23:30 SGT → 3 Dec 09:00 SGT = 01:00Z.
    expect(promised('2026-12-01T15:30:00Z', { timeZone: 'Asia/Singapore' })).toBe('2026-12-03T01:00:00.000Z');
  });

  it('given a zone half an hour off UTC (India), then the full hour is local: 11:00 IST, i.e. 05:30Z', () => {
    // 10:10 IST = 04:40Z.
    expect(promised('2026-12-01T04:40:00Z', { timeZone: 'Asia/Kolkata' })).toBe('2026-12-02T05:30:00.000Z');
  });

  it('given 18:10 in New York (UTC−5), then 09:00 EST two days on, i.e. 14:00Z', () => {
    expect(promised('2026-12-01T23:10:00Z', { timeZone: 'America/New_York' })).toBe('2026-12-03T14:00:00.000Z');
  });

  it('given Berlin the night clocks go forward, then the full hour is counted in summer time', () => {
    // 28 March 2026 08:30 CET = 07:30Z; +24 h = 29 March 09:30 CEST → 10:00 CEST = 08:00Z.
    expect(promised('2026-03-28T07:30:00Z', { timeZone: 'Europe/Berlin' })).toBe('2026-03-29T08:00:00.000Z');
  });

  it('given updates on weekdays only, when 24 h after a Friday afternoon is a Saturday, then Monday 09:00', () => {
    // Friday 4 December 2026, 17:30 WIB = 10:30Z → Saturday 17:30 → Monday 7 December 09:00 WIB = 02:00Z.
    const weekdays = { ...OFFICE, days: ['mon', 'tue', 'wed', 'thu', 'fri'] as const };
    expect(promised('2026-12-04T10:30:00Z', { timeZone: 'Asia/Jakarta', workingHours: weekdays })).toBe(
      '2026-12-07T02:00:00.000Z',
    );
  });

  it('given the profile’s own hours 07:00–21:00 and a 6 h promise, then the next full hour inside them', () => {
    const early = { start: '07:00', end: '21:00' };
    // 00:15 WIB + 6 h = 06:15 WIB → 07:00 WIB = 00:00Z.
    expect(
      promised('2026-12-01T17:15:00Z', { timeZone: 'Asia/Jakarta', nextUpdateWithinHours: 6, workingHours: early }),
    ).toBe('2026-12-02T00:00:00.000Z');
  });

  it('given no time zone, then UTC working hours', () => {
    expect(promised('2026-12-01T20:00:00Z', {})).toBe('2026-12-03T09:00:00.000Z');
  });

  it('given a closed case, then no next update is promised', () => {
    expect(nextUpdateDue(profile(), new Date('2026-12-01T00:00:00Z'), true)).toBeUndefined();
  });

  it('given working hours that end before they start, then they are refused', () => {
    expect(() => roundIntoWorkingHours(new Date(), 'UTC', { start: '18:00', end: '09:00' })).toThrow(RangeError);
  });
});

describe('the drafter’s own next-update time', () => {
  const now = new Date('2026-12-01T21:59:00Z');

  it('given a time after the drafting time, then the statement promises exactly that time', () => {
    const chosen = new Date('2026-12-02T03:00:00Z');
    expect(nextUpdateDue(profile(), now, false, chosen)).toEqual(chosen);
    const statement = composeHoldingStatement(SEED_CLAIM, BPJS_KESEHATAN, {
      language: 'id',
      now,
      nextUpdateAt: chosen,
    });
    expect(statement.nextUpdateDueAt).toBe('2026-12-02T03:00:00.000Z');
    expect(statement.text).toContain('paling lambat 2 Desember 2026 pukul 10.00 WIB');
  });

  it.each(['2026-12-01T21:59:00Z', '2026-12-01T20:00:00Z'])(
    'given %s, not after the drafting time, then it is refused on nextUpdateAt',
    (chosen) => {
      const draft = () => nextUpdateDue(profile(), now, false, new Date(chosen));
      expect(draft).toThrow(DomainValidationError);
      expect(draft).toThrow(/nextUpdateAt must be after the time the statement is drafted/);
    },
  );

  it('given a closed case, then a chosen next-update time is refused', () => {
    const draft = () =>
      composeHoldingStatement(SEED_CLOSED, BPJS_KESEHATAN, {
        language: 'en',
        now,
        nextUpdateAt: new Date('2026-12-03T00:00:00Z'),
      });
    expect(draft).toThrow(IllegalTransitionError);
  });
});
