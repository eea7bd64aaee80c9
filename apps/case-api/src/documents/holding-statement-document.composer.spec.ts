import { describe, expect, it } from '@jest/globals';
import type { HoldingStatementEntry } from '#libs/read-models';
import { ORGANISATION, textOf } from './documents.fixtures.js';
import { composeHoldingStatementDocument } from './holding-statement-document.composer.js';

const statement = (overrides: Partial<HoldingStatementEntry> = {}): HoldingStatementEntry => ({
  statementId: 'st-1',
  language: 'en',
  stage: 'claim',
  heading: 'Holding statement: BPJS Kesehatan on the alleged data leak (20 May 2021)',
  points: ['We are aware of information circulating.', 'We will provide the next update by 21 May 2021.'],
  text: 'unused',
  factsVersion: 2,
  composedAt: '2021-05-20T08:00:00.000Z',
  includeSourceDetails: false,
  draftedBy: 'citra',
  status: 'draft',
  ...overrides,
});

describe('the holding statement document', () => {
  it('the one in force: letterhead, heading, date, numbered points, no marking, nothing of who wrote it', () => {
    const published = statement({
      status: 'published',
      approvedBy: 'dewi',
      approvedAt: '2021-05-20T08:10:00.000Z',
      publishedAt: '2021-05-20T08:20:00.000Z',
    });
    const model = composeHoldingStatementDocument(published, ORGANISATION, false);
    expect(model.marking).toBeUndefined();
    expect(model.letterhead.name).toBe(ORGANISATION.name);
    expect(model.blocks).toContainEqual({ kind: 'list', ordered: true, items: published.points });
    const text = textOf(model);
    expect(text).toContain('Date: 20 May 2021, 15:20 WIB');
    expect(text).not.toMatch(/citra|dewi/);
    expect(model.info.createdAt.toISOString()).toBe('2021-05-20T08:20:00.000Z');
  });

  it.each([
    [{ status: 'draft' }, false, 'en', 'DRAFT — not approved'],
    [{ status: 'approved' }, false, 'en', 'DRAFT — approved, not yet published'],
    [{ status: 'published' }, true, 'en', 'SUPERSEDED — built on older facts'],
    [{ status: 'superseded' }, false, 'id', 'DIGANTIKAN — disusun dari fakta lama'],
    [{ status: 'withdrawn' }, false, 'id', 'DITARIK — tidak berlaku'],
    [{ status: 'draft' }, true, 'id', 'DRAF — belum disetujui'],
  ] as const)('marks a statement %j (stale: %s) in %s as “%s”', (overrides, stale, language, marking) => {
    expect(composeHoldingStatementDocument(statement({ ...overrides, language }), ORGANISATION, stale).marking).toBe(
      marking,
    );
  });
});
