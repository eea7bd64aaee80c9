import { describe, expect, it } from '@jest/globals';
import { DEFAULT_REGULATORS } from '#libs/domain';
import { composeCaseReport } from './case-report.composer.js';
import type { DocumentTable } from './document-model.js';
import { CANARY, caseEvents, ORGANISATION, textOf } from './documents.fixtures.js';

const asOf = new Date('2021-07-02T00:00:00Z');
const report = (language: 'id' | 'en', extra = 0) =>
  composeCaseReport(
    { events: caseEvents(extra), regulators: DEFAULT_REGULATORS, organisation: ORGANISATION, asOf },
    language,
  );
const tableAfter = (model: ReturnType<typeof report>, heading: string) => {
  const at = model.blocks.findIndex((b) => b.kind === 'heading' && b.text === heading);
  return model.blocks.slice(at).find((b): b is DocumentTable => b.kind === 'table')!;
};

describe('the case report', () => {
  it('given the seed case, then summary, facts per stage, clocks, notifications, statements and timeline in that order', () => {
    const text = textOf(report('en'));
    const sections = [
      'Summary',
      'Records claimed: 279 million',
      'Records confirmed: 100,002 of 100,002 sample records matched our records',
      'Facts per stage',
      'Report received',
      'Risk assessment',
      'Sample verification',
      'Data subjects notified',
      'Closure',
      'Reopened: 1',
      'Legal clocks',
      'State as of 2 July 2021, 07:00 WIB.',
      'Regulator notifications',
      'Holding statements',
      'No holding statement drafted.',
      'Timeline',
    ];
    const at = sections.map((s) => text.indexOf(s));
    expect(sections.filter((_, i) => at[i] < 0)).toEqual([]);
    expect([...at].sort((a, b) => a - b)).toEqual(at);
  });

  it('every applicable legal clock with its state, every notification with its supplements and acknowledgement', () => {
    const model = report('en');
    const clocks = tableAfter(model, 'Legal clocks').rows;
    expect(clocks.map((row) => [row[0], row[3]])).toEqual([
      ['PDP agency (Komdigi until it operates)', 'met'],
      ['Data owners (Kominfo PM 20/2016)', 'overdue'],
      ['Lead supervisory authority', 'met'],
    ]);
    const notifications = tableAfter(model, 'Regulator notifications').rows;
    expect(notifications.map((row) => [row[1], row[3], row[4]])).toEqual([
      ['n-pdp', '2', '24 May 2021, 16:00 WIB (PDP/2021/1)'],
      ['n-eu', '0', '—'],
    ]);
  });

  it('the timeline: one row per event, who and when, in the report’s language', () => {
    const indonesian = tableAfter(report('id', 20), 'Linimasa');
    expect(indonesian.rows).toHaveLength(12 + 20);
    expect(indonesian.rows[0]).toEqual([
      '1',
      '20 Mei 2021 pukul 10.00 WIB',
      'ana (investigator)',
      'Membuka kasus — dilaporkan melalui media sosial, diklaim 279 juta data',
    ]);
    expect(indonesian.rows[8][2]).toBe('pdp-agency (regulator)');
    expect(indonesian.rowsPerSection).toBeGreaterThan(0);
  });

  it('leaves out free text that may hold personal data: notes, reasons, message summaries, notification content', () => {
    const text = textOf(report('id'));
    for (const canary of [CANARY.riskNotes, CANARY.dpo, CANARY.messageSummary, CANARY.reopenReason]) {
      expect(text).not.toContain(canary);
    }
    expect(text).not.toContain('forum.example');
  });

  it('is the same model for the same facts and moment, dated by the last event', () => {
    expect(report('en')).toEqual(report('en'));
    expect(report('en').info.createdAt.toISOString()).toBe('2021-07-01T10:00:00.000Z');
  });
});
