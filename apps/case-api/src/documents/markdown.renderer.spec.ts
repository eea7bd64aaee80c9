import { describe, expect, it } from '@jest/globals';
import type { DocumentModel } from './document-model.js';
import { renderMarkdown } from './markdown.renderer.js';

const model = (blocks: DocumentModel['blocks'], language: 'id' | 'en' = 'en'): DocumentModel => ({
  language,
  letterhead: { name: 'BPJS Kesehatan', lines: ['humas@bpjs-kesehatan.example'] },
  title: 'Case report',
  footer: 'Case c-1 · version 3',
  info: { title: 't', subject: 's', createdAt: new Date(0) },
  blocks,
});

describe('Markdown rendering', () => {
  it('keeps text from the facts as text: no emphasis, links, HTML, table cells or headings', () => {
    const markdown = renderMarkdown(model([{ kind: 'paragraph', text: '# *bold* [x](http://e) <b>|</b>\nnext' }]));
    expect(markdown).toContain('\\# \\*bold\\* \\[x\\](http://e) \\<b\\>\\|\\</b\\> next');
  });

  it('splits a long table into numbered sections, each with its header', () => {
    const rows = Array.from({ length: 120 }, (_, i) => [String(i + 1), `event ${i + 1}`]);
    const markdown = renderMarkdown(
      model(
        [
          {
            kind: 'table',
            columns: [
              { title: '#', width: 0.2 },
              { title: 'What', width: 0.8 },
            ],
            rows,
            rowsPerSection: 50,
          },
        ],
        'id',
      ),
    );
    expect(markdown.match(/^#### .*$/gm)).toEqual([
      '#### entri 1–50 dari 120',
      '#### entri 51–100 dari 120',
      '#### entri 101–120 dari 120',
    ]);
    expect(markdown.match(/^\| # \| What \|$/gm)).toHaveLength(3);
    expect(markdown).toContain('| 120 | event 120 |');
  });

  it('heads the document with the letterhead, title and marking, and ends with the footer', () => {
    const markdown = renderMarkdown({ ...model([]), marking: 'DRAFT — not approved' });
    expect(markdown.split('\n').slice(0, 6)).toEqual([
      '**BPJS Kesehatan**  ',
      'humas@bpjs-kesehatan.example  ',
      '',
      '# Case report',
      '',
      '> **DRAFT — not approved**',
    ]);
    expect(markdown.trimEnd().endsWith('_Case c-1 · version 3_')).toBe(true);
  });
});
