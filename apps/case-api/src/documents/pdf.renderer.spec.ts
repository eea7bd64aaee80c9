import { createHash } from 'node:crypto';
import { describe, expect, it } from '@jest/globals';
import * as fontkit from 'fontkit';
import { contentHeading, DEFAULT_REGULATORS, DEFAULT_TEMPLATES } from '#libs/domain';
import { composeCaseReport } from './case-report.composer.js';
import * as labels from './document-labels.js';
import type { DocumentModel } from './document-model.js';
import { caseEvents, ORGANISATION } from './documents.fixtures.js';
import { DOCUMENT_FONTS, renderPdf } from './pdf.renderer.js';

const collect = async (stream: NodeJS.ReadableStream): Promise<Buffer> => {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
};
const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');
const reportOf = (extraEvents: number): DocumentModel =>
  composeCaseReport(
    {
      events: caseEvents(extraEvents),
      regulators: DEFAULT_REGULATORS,
      organisation: ORGANISATION,
      asOf: new Date('2021-07-02T00:00:00Z'),
    },
    'id',
  );
const pageCount = (pdf: Buffer) => (pdf.toString('latin1').match(/\/Type \/Page\b/g) ?? []).length;

/** Every string in a nested structure of words, with each phrase function applied to sample arguments. */
function strings(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  if (typeof value === 'function') return [String((value as (...a: unknown[]) => unknown)('1.000', '2.000'))];
  if (value && typeof value === 'object') return Object.values(value).flatMap(strings);
  return [];
}

describe('PDF rendering', () => {
  it('gives the same bytes for the same facts, and other bytes for other facts', async () => {
    const [first, second] = await Promise.all([collect(renderPdf(reportOf(5))), collect(renderPdf(reportOf(5)))]);
    expect(first.subarray(0, 8).toString()).toBe('%PDF-1.3');
    expect(sha256(first)).toBe(sha256(second));
    expect(sha256(await collect(renderPdf(reportOf(6))))).not.toBe(sha256(first));
  });

  it('fixes the dates PDFKit writes from the facts, never from the clock', async () => {
    const pdf = (await collect(renderPdf(reportOf(0)))).toString('latin1');
    const dates = pdf.match(/\(D:\d{14}Z\)/g);
    expect(dates).toEqual(['(D:20210701100000Z)', '(D:20210701100000Z)']);
  });

  it('lays a 1,000-event case out on many pages and reports its progress row by row', async () => {
    const model = reportOf(1_000 - 12);
    const progress: number[] = [];
    const pdf = await collect(renderPdf(model, { onProgress: (done, total) => progress.push(done / total) }));
    expect(pageCount(pdf)).toBeGreaterThan(15);
    expect(progress.at(-1)).toBe(1);
    expect(progress).toEqual([...progress].sort((a, b) => a - b));
  });

  it('embeds fonts that have a glyph for every character the documents print', () => {
    const texts = [
      ...strings(labels),
      ...strings(DEFAULT_TEMPLATES),
      ...DEFAULT_REGULATORS.flatMap((r) =>
        r.requiredContent.flatMap((c) =>
          (['id', 'en'] as const).flatMap((l) => strings(contentHeading(r, c.field, l))),
        ),
      ),
      ...DEFAULT_REGULATORS.map((r) => `${r.name} ${r.legalBasis}`),
      'Indonesia: pelindungan, terungkapnya, café, naïve — × § – “kutipan” ‘kutipan’ … · • 100.002 222,4 juta',
    ];
    const characters = [...new Set(texts.join('').replace(/\s/g, ''))];
    for (const file of Object.values(DOCUMENT_FONTS)) {
      const font = fontkit.create(file) as fontkit.Font;
      const missing = characters.filter((c) => !font.hasGlyphForCodePoint(c.codePointAt(0)!));
      expect(missing).toEqual([]);
    }
  });
});
