import { formatCount } from '#libs/domain';
import type { DocumentBlock, DocumentModel } from './document-model.js';

const RANGE_WORDS = {
  id: { page: 'entri', of: 'dari' },
  en: { page: 'entries', of: 'of' },
} as const;

/** The document as CommonMark (tables as GFM pipe tables). Pure. */
export function renderMarkdown(model: DocumentModel): string {
  const out: string[] = [`**${escapeInline(model.letterhead.name)}**  `];
  for (const line of model.letterhead.lines) out.push(`${escapeLine(line)}  `);
  out.push('', `# ${escapeInline(model.title)}`, '');
  if (model.marking) out.push(`> **${escapeInline(model.marking)}**`, '');
  for (const block of model.blocks) out.push(...renderBlock(block, model.language), '');
  out.push('---', '', `_${escapeInline(model.footer)}_`, '');
  return out.join('\n');
}

function renderBlock(block: DocumentBlock, language: DocumentModel['language']): string[] {
  switch (block.kind) {
    case 'heading':
      return [`${block.level === 1 ? '##' : '###'} ${escapeInline(block.text)}`];
    case 'paragraph':
      return [escapeLine(block.text)];
    case 'fields':
      return block.rows.map((row) => `- **${escapeInline(row.label)}:** ${escapeInline(row.value)}`);
    case 'list':
      return block.items.map((item, i) => `${block.ordered ? `${i + 1}.` : '-'} ${escapeInline(item)}`);
    case 'table': {
      const header = [
        `| ${block.columns.map((c) => escapeInline(c.title)).join(' | ')} |`,
        `| ${block.columns.map(() => '---').join(' | ')} |`,
      ];
      const size = block.rowsPerSection ?? block.rows.length;
      if (block.rows.length <= size) return [...header, ...block.rows.map(row)];
      const lines: string[] = [];
      for (let start = 0; start < block.rows.length; start += size) {
        const end = Math.min(start + size, block.rows.length);
        const { page, of } = RANGE_WORDS[language];
        const [first, last, all] = [start + 1, end, block.rows.length].map((n) => formatCount(n, language));
        lines.push(`#### ${page} ${first}–${last} ${of} ${all}`, '', ...header);
        lines.push(...block.rows.slice(start, end).map(row), '');
      }
      return lines.slice(0, -1);
    }
  }
}

const row = (cells: string[]) => `| ${cells.map(escapeInline).join(' | ')} |`;

// Text from the facts must never become markup: emphasis, links, HTML, a table cell or (starting a line) a heading.
function escapeInline(text: string): string {
  return text.replace(/[\\`*_[\]<>|]/g, (c) => `\\${c}`).replace(/\r?\n/g, ' ');
}

const escapeLine = (text: string) => escapeInline(text).replace(/^#/, '\\#');
