import { DomainValidationError, IllegalTransitionError } from '../shared/domain-errors.js';
import { localTime } from './format.js';
import { WEEKDAYS, type OrganisationProfile, type WorkingHours } from './holding-statement-types.js';

// When a statement promises the next update: a time a PR team would write, on a full hour of its working day.

export const DEFAULT_NEXT_UPDATE_WITHIN_HOURS = 24;
export const DEFAULT_WORKING_HOURS: WorkingHours = { start: '09:00', end: '18:00' };

const HOUR_MS = 3_600_000;
const MINUTE_MS = 60_000;
const FULL_HOUR = /^([01]\d|2[0-3]):00$/;
/** A week and a day of hours: enough to reach the next working day whatever the days and time-zone changes. */
const MAX_HOURS_SEARCHED = 8 * 24;

export function nextUpdateWithinHours(profile: OrganisationProfile): number {
  const hours = profile.nextUpdateWithinHours ?? DEFAULT_NEXT_UPDATE_WITHIN_HOURS;
  if (!Number.isFinite(hours) || hours <= 0) {
    throw new RangeError(`nextUpdateWithinHours must be a positive number, got ${hours}`);
  }
  return hours;
}

/**
 * The first full hour, in `timeZone`, at or after `earliest` that lies inside the working hours: from `start` to
 * `end` inclusive, on one of `days`. "By 3 December, 09:00 WIB" rather than "by 3 December, 04:59 WIB".
 */
export function roundIntoWorkingHours(earliest: Date, timeZone: string, workingHours: WorkingHours): Date {
  const start = hourOf(workingHours.start, 'start');
  const end = hourOf(workingHours.end, 'end');
  if (end <= start) throw new RangeError(`workingHours.end (${workingHours.end}) must be after start`);
  const days = workingHours.days ?? WEEKDAYS;
  if (days.length === 0) throw new RangeError('workingHours.days must name at least one day');

  const local = localTime(earliest, timeZone);
  const intoHour = local.minute * MINUTE_MS + (earliest.getTime() % MINUTE_MS);
  let candidate = intoHour === 0 ? earliest.getTime() : earliest.getTime() - intoHour + HOUR_MS;
  for (let searched = 0; searched < MAX_HOURS_SEARCHED; searched++, candidate += HOUR_MS) {
    const t = localTime(new Date(candidate), timeZone);
    const weekday = WEEKDAYS[(new Date(Date.UTC(t.year, t.month - 1, t.day)).getUTCDay() + 6) % 7];
    if (t.minute === 0 && t.hour >= start && t.hour <= end && days.includes(weekday)) return new Date(candidate);
  }
  throw new RangeError(`no working hour within ${MAX_HOURS_SEARCHED} hours of ${earliest.toISOString()}`);
}

/**
 * When the statement composed at `now` promises the next update: the drafter's own `chosen` time (which must be
 * after `now`), or `now` + the profile's nextUpdateWithinHours rounded into its working hours. A closed case
 * promises none (undefined), so a chosen time for one is refused.
 */
export function nextUpdateDue(
  profile: OrganisationProfile,
  now: Date,
  closed: boolean,
  chosen?: Date,
): Date | undefined {
  if (chosen !== undefined) {
    if (Number.isNaN(chosen.getTime()))
      throw new DomainValidationError('nextUpdateAt', 'date-time', 'nextUpdateAt must be a valid date-time');
    if (closed) {
      throw new IllegalTransitionError(
        'closed-case-no-next-update',
        'A statement on a closed case promises no next update: leave nextUpdateAt out',
      );
    }
    if (chosen.getTime() <= now.getTime()) {
      throw new DomainValidationError(
        'nextUpdateAt',
        'in-the-future',
        `nextUpdateAt must be after the time the statement is drafted (${now.toISOString()}), got ${chosen.toISOString()}`,
      );
    }
    return chosen;
  }
  if (closed) return undefined;
  const earliest = new Date(now.getTime() + nextUpdateWithinHours(profile) * HOUR_MS);
  return roundIntoWorkingHours(earliest, profile.timeZone ?? 'UTC', profile.workingHours ?? DEFAULT_WORKING_HOURS);
}

function hourOf(time: string, field: 'start' | 'end'): number {
  if (!FULL_HOUR.test(time)) throw new RangeError(`workingHours.${field} must be a full hour HH:00, got "${time}"`);
  return Number(time.slice(0, 2));
}
