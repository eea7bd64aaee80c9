import { describe, expect, it } from '@jest/globals';
import { addIsoDuration } from '#libs/platform';
import { planRetention } from './retention-plan.js';

const rule = { source: 'RETENTION_AFTER_CLOSE', period: 'P6Y' };

describe('planRetention', () => {
  it('given a case closed longer ago than the period, when planned, then it is due with the rule as reason', () => {
    const plan = planRetention([{ caseId: 'c-1', closedAt: '2019-03-01T10:00:00.000Z' }], rule, new Date('2026-01-01'));
    expect(plan).toEqual([
      {
        caseId: 'c-1',
        closedAt: '2019-03-01T10:00:00.000Z',
        eraseAfter: '2025-03-01T10:00:00.000Z',
        rule: 'retention: RETENTION_AFTER_CLOSE P6Y after closure',
        due: true,
      },
    ]);
  });

  it('given a case closed within the period, when planned, then it is listed but not due', () => {
    const plan = planRetention([{ caseId: 'c-2', closedAt: '2024-06-30T00:00:00.000Z' }], rule, new Date('2026-01-01'));
    expect(plan).toMatchObject([{ caseId: 'c-2', eraseAfter: '2030-06-30T00:00:00.000Z', due: false }]);
  });

  it('given the period ends exactly now, when planned, then the case is due', () => {
    const plan = planRetention(
      [{ caseId: 'c-3', closedAt: '2026-01-01T00:00:00.000Z' }],
      { source: 'RETENTION_AFTER_CLOSE', period: 'PT2S' },
      new Date('2026-01-01T00:00:02.000Z'),
    );
    expect(plan[0]?.due).toBe(true);
  });

  it('given several closed cases, when planned, then the soonest erasure comes first', () => {
    const plan = planRetention(
      [
        { caseId: 'late', closedAt: '2022-01-01T00:00:00.000Z' },
        { caseId: 'early', closedAt: '2018-01-01T00:00:00.000Z' },
      ],
      rule,
      new Date('2026-01-01'),
    );
    expect(plan.map((entry) => [entry.caseId, entry.due])).toEqual([
      ['early', true],
      ['late', false],
    ]);
  });

  it('given no closed cases, when planned, then nothing is planned', () => {
    expect(planRetention([], rule, new Date())).toEqual([]);
  });
});

describe('addIsoDuration', () => {
  it('adds calendar years and months, then weeks, days and time', () => {
    expect(addIsoDuration(new Date('2020-01-31T00:00:00Z'), 'P1Y1M').toISOString()).toBe('2021-03-03T00:00:00.000Z');
    expect(addIsoDuration(new Date('2020-01-01T00:00:00Z'), 'P1W2DT3H4M5S').toISOString()).toBe(
      '2020-01-10T03:04:05.000Z',
    );
  });

  it('refuses what is not an ISO 8601 duration', () => {
    for (const bad of ['P', 'PT', '6Y', 'P1.5Y', 'P1Y2', 'pt2s'])
      expect(() => addIsoDuration(new Date(), bad)).toThrow(RangeError);
  });
});
