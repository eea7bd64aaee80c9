import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { formatCount, formatDate, formatDateTime, formatMonthYear, joinList } from './format.js';

describe('formatCount', () => {
  it.each([
    [0, '0', '0'],
    [999, '999', '999'],
    [1_000, '1.000', '1,000'],
    [100_002, '100.002', '100,002'],
    [999_999, '999.999', '999,999'],
    [1_000_000, '1 juta', '1 million'],
    [1_500_000, '1,5 juta', '1.5 million'],
    [1_000_002, '1.000.002', '1,000,002'],
    [222_400_000, '222,4 juta', '222.4 million'],
    [279_000_000, '279 juta', '279 million'],
    [271_349_889, '271.349.889', '271,349,889'],
    [1_234_500_000, '1.234,5 juta', '1,234.5 million'],
    [2_700_000_000, '2,7 miliar', '2.7 billion'],
    [3_000_000_000_000, '3 triliun', '3 trillion'],
  ])('%d → "%s" / "%s"', (n, id, en) => {
    expect(formatCount(n, 'id')).toBe(id);
    expect(formatCount(n, 'en')).toBe(en);
  });

  it.each([-1, 1.5, Number.NaN, Number.POSITIVE_INFINITY, 2 ** 53])('refuses %d', (n) => {
    expect(() => formatCount(n, 'en')).toThrow(RangeError);
  });

  it('never rounds: the printed figure reads back as the count', () => {
    const scales: Record<string, number> = { million: 1e6, billion: 1e9, trillion: 1e12 };
    fc.assert(
      fc.property(
        fc.oneof(
          fc.nat({ max: 2_000_000 }),
          fc.nat({ max: 5_000 }).map((n) => n * 100_000),
          fc.maxSafeNat(),
        ),
        (n) => {
          const en = formatCount(n, 'en');
          const [figure, scale] = en.split(' ');
          const value = Number(figure!.replaceAll(',', ''));
          expect(Math.round(value * (scale === undefined ? 1 : scales[scale]!))).toBe(n);
          const id = formatCount(n, 'id');
          expect(id.replaceAll('.', '#').replaceAll(',', '.').replaceAll('#', ',')).toBe(
            en.replace(
              /million|billion|trillion/,
              (word) => ({ million: 'juta', billion: 'miliar', trillion: 'triliun' })[word]!,
            ),
          );
        },
      ),
      { numRuns: 300 },
    );
  });
});

describe('dates', () => {
  const instant = new Date('2021-05-20T17:30:00Z');

  it('writes the day and time in the organisation’s time zone', () => {
    expect(formatDate(instant, 'id', 'Asia/Jakarta')).toBe('21 Mei 2021');
    expect(formatDateTime(instant, 'id', 'Asia/Jakarta')).toBe('21 Mei 2021 pukul 00.30 WIB');
    expect(formatDateTime(instant, 'id', 'Asia/Makassar')).toBe('21 Mei 2021 pukul 01.30 WITA');
    expect(formatDateTime(instant, 'en', 'Asia/Jayapura')).toBe('21 May 2021, 02:30 WIT');
    expect(formatDateTime(instant, 'en', 'UTC')).toBe('20 May 2021, 17:30 UTC');
    expect(formatDateTime(instant, 'en', 'Asia/Kolkata')).toBe('20 May 2021, 23:00 UTC+5:30');
    expect(formatDateTime(instant, 'en', 'America/New_York')).toBe('20 May 2021, 13:30 UTC-4');
  });

  it('writes a month from YYYY-MM or YYYY-MM-DD', () => {
    expect(formatMonthYear('2021-05', 'id')).toBe('Mei 2021');
    expect(formatMonthYear('2021-05-31', 'en')).toBe('May 2021');
    expect(() => formatMonthYear('May 2021', 'en')).toThrow(RangeError);
    expect(() => formatMonthYear('2021-13', 'en')).toThrow(RangeError);
  });

  it('refuses an invalid date', () => {
    expect(() => formatDate(new Date('nope'), 'en')).toThrow(RangeError);
  });
});

describe('joinList', () => {
  it.each([
    [[], '', ''],
    [['A'], 'A', 'A'],
    [['A', 'B'], 'A dan B', 'A and B'],
    [['A', 'B', 'C'], 'A, B, dan C', 'A, B and C'],
  ])('%j', (items, id, en) => {
    expect(joinList(items, 'id')).toBe(id);
    expect(joinList(items, 'en')).toBe(en);
  });
});
