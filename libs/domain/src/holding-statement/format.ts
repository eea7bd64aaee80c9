import type { StatementLanguage } from './holding-statement-types.js';

// Formatting for statements. Pure and hand-assembled where ICU output differs between Node
// releases (dates, lists), so statements and their snapshots stay stable.

const LOCALES: Record<StatementLanguage, string> = { id: 'id-ID', en: 'en-US' };

const SCALES: readonly { unit: number; id: string; en: string }[] = [
  { unit: 1e12, id: 'triliun', en: 'trillion' },
  { unit: 1e9, id: 'miliar', en: 'billion' },
  { unit: 1e6, id: 'juta', en: 'million' },
];

/**
 * A count as a reader expects it: 100.002 / 100,002 below a million; from a million up, in
 * juta/miliar/triliun (million/billion/trillion) with at most one decimal — but only when that is
 * exact, so a checkable figure is never rounded: 222,400,000 → "222,4 juta" / "222.4 million",
 * 279,000,000 → "279 juta" / "279 million", 271,349,889 → "271.349.889" / "271,349,889".
 */
export function formatCount(n: number, language: StatementLanguage): string {
  if (!Number.isSafeInteger(n) || n < 0) {
    throw new RangeError(`a count must be a whole number ≥ 0, got ${n}`);
  }
  const locale = LOCALES[language];
  for (const scale of SCALES) {
    if (n >= scale.unit && n % (scale.unit / 10) === 0) {
      const value = new Intl.NumberFormat(locale, { maximumFractionDigits: 1 }).format(n / scale.unit);
      return `${value} ${scale[language]}`;
    }
  }
  return new Intl.NumberFormat(locale, { maximumFractionDigits: 0 }).format(n);
}

const MONTHS: Record<StatementLanguage, readonly string[]> = {
  id: [
    'Januari',
    'Februari',
    'Maret',
    'April',
    'Mei',
    'Juni',
    'Juli',
    'Agustus',
    'September',
    'Oktober',
    'November',
    'Desember',
  ],
  en: [
    'January',
    'February',
    'March',
    'April',
    'May',
    'June',
    'July',
    'August',
    'September',
    'October',
    'November',
    'December',
  ],
};

/** Indonesian zone names readers know; other zones are written as an offset from UTC. */
const ZONE_LABELS: Record<string, string> = {
  'Asia/Jakarta': 'WIB',
  'Asia/Pontianak': 'WIB',
  'Asia/Makassar': 'WITA',
  'Asia/Jayapura': 'WIT',
  UTC: 'UTC',
  'Etc/UTC': 'UTC',
};

export interface LocalTime {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  offsetMinutes: number;
}

function requireValidDate(instant: Date): void {
  if (Number.isNaN(instant.getTime())) {
    throw new RangeError('a statement time must be a valid date');
  }
}

/** The wall-clock time of `instant` in `timeZone`, and the zone's offset from UTC then. */
export function localTime(instant: Date, timeZone: string): LocalTime {
  requireValidDate(instant);
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone,
    year: 'numeric',
    month: 'numeric',
    day: 'numeric',
    hour: 'numeric',
    minute: 'numeric',
    hourCycle: 'h23',
  }).formatToParts(instant);
  const part = (type: Intl.DateTimeFormatPartTypes) => Number(parts.find((p) => p.type === type)?.value);
  const local = {
    year: part('year'),
    month: part('month'),
    day: part('day'),
    hour: part('hour') % 24,
    minute: part('minute'),
  };
  const wallClockAsUtc = Date.UTC(local.year, local.month - 1, local.day, local.hour, local.minute);
  const offsetMinutes = Math.round((wallClockAsUtc - Math.floor(instant.getTime() / 60_000) * 60_000) / 60_000);
  return { ...local, offsetMinutes };
}

function zoneLabel(timeZone: string, offsetMinutes: number): string {
  const known = ZONE_LABELS[timeZone];
  if (known !== undefined) return known;
  if (offsetMinutes === 0) return 'UTC';
  const sign = offsetMinutes > 0 ? '+' : '-';
  const hours = Math.floor(Math.abs(offsetMinutes) / 60);
  const minutes = Math.abs(offsetMinutes) % 60;
  return `UTC${sign}${hours}${minutes === 0 ? '' : `:${String(minutes).padStart(2, '0')}`}`;
}

/** "20 Mei 2021" / "20 May 2021", the day in the given time zone. */
export function formatDate(instant: Date, language: StatementLanguage, timeZone = 'UTC'): string {
  const t = localTime(instant, timeZone);
  return `${t.day} ${MONTHS[language][t.month - 1]} ${t.year}`;
}

/** "21 Mei 2021 pukul 15.00 WIB" / "21 May 2021, 15:00 WIB". */
export function formatDateTime(instant: Date, language: StatementLanguage, timeZone = 'UTC'): string {
  const t = localTime(instant, timeZone);
  const hh = String(t.hour).padStart(2, '0');
  const mm = String(t.minute).padStart(2, '0');
  const zone = zoneLabel(timeZone, t.offsetMinutes);
  const date = `${t.day} ${MONTHS[language][t.month - 1]} ${t.year}`;
  return language === 'id' ? `${date} pukul ${hh}.${mm} ${zone}` : `${date}, ${hh}:${mm} ${zone}`;
}

const YEAR_MONTH = /^(\d{4})-(\d{2})(?:-(\d{2}))?$/;

/** "2021-05" or "2021-05-31" → "Mei 2021" / "May 2021". */
export function formatMonthYear(yearMonth: string, language: StatementLanguage): string {
  const match = YEAR_MONTH.exec(yearMonth);
  const month = match ? Number(match[2]) : 0;
  if (!match || month < 1 || month > 12) {
    throw new RangeError(`a month must be written YYYY-MM or YYYY-MM-DD, got "${yearMonth}"`);
  }
  return `${MONTHS[language][month - 1]} ${match[1]}`;
}

/** "A, B, dan C" / "A, B and C". */
export function joinList(items: readonly string[], language: StatementLanguage): string {
  if (items.length <= 1) return items.join('');
  const and = language === 'id' ? 'dan' : 'and';
  if (items.length === 2) return `${items[0]} ${and} ${items[1]}`;
  const head = items.slice(0, -1).join(', ');
  return language === 'id' ? `${head}, ${and} ${items.at(-1)}` : `${head} ${and} ${items.at(-1)}`;
}
