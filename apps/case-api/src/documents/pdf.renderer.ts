import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Readable } from 'node:stream';
import * as fontkit from 'fontkit';
import PDFDocument from 'pdfkit';
import type { DocumentBlock, DocumentModel, DocumentTable } from './document-model.js';
import { tableRowCount } from './document-model.js';

// DejaVu covers Latin with every Indonesian and European diacritic, the typographic quotes and dashes, "×" and "§":
// embedded (subset) so the PDF reads the same everywhere. The files are read once per process.
const require = createRequire(import.meta.url);
export const DOCUMENT_FONTS = {
  regular: readFileSync(require.resolve('dejavu-fonts-ttf/ttf/DejaVuSans.ttf')),
  bold: readFileSync(require.resolve('dejavu-fonts-ttf/ttf/DejaVuSans-Bold.ttf')),
};
// Parsed once too: fontkit keeps the tables and glyphs it decoded, and each document takes its own subset of them.
const PARSED_FONTS = {
  regular: fontkit.create(DOCUMENT_FONTS.regular) as fontkit.Font,
  bold: fontkit.create(DOCUMENT_FONTS.bold) as fontkit.Font,
};

const PAGE_LABEL = { id: 'Halaman', en: 'Page' } as const;
const MARGIN = 56;
const FOOTER_SPACE = 28;
const INK = '#1a1a1a';
const MUTED = '#5c5c5c';
const MARK = '#b00020';
const RULE = '#c8c8c8';
/** Table rows laid out between two turns of the event loop, so one long report never holds up other requests. */
const ROWS_PER_TURN = 40;

export interface PdfRenderOptions {
  /** Called after each table row is laid out: rows done, rows in all (what a progress bar shows). */
  onProgress?: (done: number, total: number) => void;
}

/**
 * Lays the document out on A4 pages and returns the PDF as a stream. Each page is written out when the next one
 * starts, and the layout waits while the reader has not taken what was written, so a long report never sits in
 * memory whole and a slow client slows the layout down instead of filling the heap. Every date and id in the file
 * comes from `model.info`.
 */
export function renderPdf(model: DocumentModel, { onProgress }: PdfRenderOptions = {}): Readable {
  const { createdAt } = model.info;
  const doc = new PDFDocument({
    size: 'A4',
    margins: { top: MARGIN, bottom: MARGIN + FOOTER_SPACE, left: MARGIN, right: MARGIN },
    autoFirstPage: false,
    lang: model.language,
    displayTitle: true,
    info: {
      Title: model.info.title,
      Subject: model.info.subject,
      Author: model.letterhead.name,
      Creator: 'Breachline',
      Producer: 'Breachline',
      CreationDate: createdAt,
      ModDate: createdAt,
    },
  });
  // Registered under names, so PDFKit opens each font once per document (its built-in default stays unused).
  // PDFKit takes a parsed fontkit font as a source, though its types list only files and bytes.
  doc.registerFont('regular', PARSED_FONTS.regular as unknown as Buffer);
  doc.registerFont('bold', PARSED_FONTS.bold as unknown as Buffer);

  let pageNumber = 0;
  doc.on('pageAdded', () => {
    pageNumber += 1;
    decoratePage(doc, model, pageNumber);
  });

  // PDFKit pushes whatever it writes; its reader asking for more (`_read`) is what lets the layout go on.
  const stream = doc as unknown as Readable;
  let resume: (() => void) | undefined;
  const wake = () => {
    resume?.();
    resume = undefined;
  };
  stream._read = wake;
  stream.once('close', wake);
  const total = tableRowCount(model);
  let done = 0;
  const rowDone = async () => {
    onProgress?.(++done, total);
    if (stream.readableLength >= stream.readableHighWaterMark) await new Promise<void>((r) => (resume = r));
    else if (done % ROWS_PER_TURN === 0) await new Promise((r) => setImmediate(r));
    return !stream.destroyed;
  };

  const layout = async () => {
    doc.addPage();
    letterhead(doc, model);
    for (const block of model.blocks) {
      if (block.kind === 'table') {
        if (!(await table(doc, block, rowDone))) return;
      } else renderBlock(doc, block);
    }
    doc.end();
  };
  layout().catch((error: unknown) => stream.destroy(error as Error));
  return stream;
}

type Doc = PDFKit.PDFDocument;

const width = (doc: Doc) => doc.page.width - doc.page.margins.left - doc.page.margins.right;

/** Running header and footer of every page, drawn where body text never goes. */
function decoratePage(doc: Doc, model: DocumentModel, pageNumber: number): void {
  const { x, y } = doc;
  const bottom = doc.page.margins.bottom;
  doc.page.margins.bottom = 0;
  if (pageNumber > 1) {
    doc
      .font('regular')
      .fontSize(8)
      .fillColor(MUTED)
      .text(`${model.letterhead.name} · ${model.title}`, MARGIN, MARGIN - 28, { width: width(doc), lineBreak: false });
  }
  if (model.marking) {
    doc
      .font('bold')
      .fontSize(10)
      .fillColor(MARK)
      .text(model.marking, MARGIN, MARGIN - 16, { width: width(doc), align: 'right', lineBreak: false });
  }
  const footerY = doc.page.height - MARGIN - 6;
  doc
    .moveTo(MARGIN, footerY - 6)
    .lineTo(doc.page.width - MARGIN, footerY - 6)
    .lineWidth(0.5)
    .strokeColor(RULE)
    .stroke();
  doc
    .font('regular')
    .fontSize(8)
    .fillColor(MUTED)
    .text(model.footer, MARGIN, footerY, { width: width(doc) - 80, lineBreak: false })
    .text(`${PAGE_LABEL[model.language]} ${pageNumber}`, doc.page.width - MARGIN - 80, footerY, {
      width: 80,
      align: 'right',
      lineBreak: false,
    });
  doc.page.margins.bottom = bottom;
  doc.x = x;
  doc.y = y;
  doc.fillColor(INK);
}

function letterhead(doc: Doc, model: DocumentModel): void {
  doc.font('bold').fontSize(18).fillColor(INK).text(model.letterhead.name, MARGIN, MARGIN);
  doc.font('regular').fontSize(9).fillColor(MUTED);
  for (const line of model.letterhead.lines) doc.text(line);
  const ruleY = doc.y + 6;
  doc
    .moveTo(MARGIN, ruleY)
    .lineTo(doc.page.width - MARGIN, ruleY)
    .lineWidth(1)
    .strokeColor(INK)
    .stroke();
  doc.y = ruleY + 14;
  if (model.marking) {
    doc
      .font('bold')
      .fontSize(14)
      .fillColor(MARK)
      .text(model.marking, MARGIN, doc.y, { width: width(doc) });
    doc.moveDown(0.4);
  }
  doc
    .font('bold')
    .fontSize(15)
    .fillColor(INK)
    .text(model.title, MARGIN, doc.y, { width: width(doc) });
  doc.moveDown(0.6);
}

function renderBlock(doc: Doc, block: Exclude<DocumentBlock, DocumentTable>): void {
  const left = MARGIN;
  switch (block.kind) {
    case 'heading':
      keepWithNext(doc, 60);
      doc.moveDown(block.level === 1 ? 0.6 : 0.3);
      doc
        .font('bold')
        .fontSize(block.level === 1 ? 12.5 : 10.5)
        .fillColor(INK)
        .text(block.text, left, doc.y, { width: width(doc) });
      doc.moveDown(0.25);
      return;
    case 'paragraph':
      doc
        .font('regular')
        .fontSize(10)
        .fillColor(INK)
        .text(block.text, left, doc.y, { width: width(doc) });
      doc.moveDown(0.4);
      return;
    case 'fields': {
      const labelWidth = width(doc) * 0.32;
      for (const row of block.rows) {
        doc.font('regular').fontSize(9.5);
        const height = Math.max(
          doc.heightOfString(row.label, { width: labelWidth - 8 }),
          doc.heightOfString(row.value, { width: width(doc) - labelWidth }),
        );
        keepWithNext(doc, height);
        const y = doc.y;
        doc.fillColor(MUTED).text(row.label, left, y, { width: labelWidth - 8 });
        doc.fillColor(INK).text(row.value, left + labelWidth, y, { width: width(doc) - labelWidth });
        doc.y = y + height + 3;
      }
      doc.moveDown(0.3);
      return;
    }
    case 'list':
      block.items.forEach((item, i) => {
        doc.font('regular').fontSize(10).fillColor(INK);
        const height = doc.heightOfString(item, { width: width(doc) - 22 });
        keepWithNext(doc, height);
        const y = doc.y;
        doc.text(block.ordered ? `${i + 1}.` : '•', left, y, { width: 20, lineBreak: false });
        doc.text(item, left + 22, y, { width: width(doc) - 22 });
        doc.y = y + height + 4;
      });
      doc.moveDown(0.3);
      return;
  }
}

/** Starts a new page when less than `height` is left on this one, so a heading never ends a page. */
function keepWithNext(doc: Doc, height: number): void {
  if (doc.y + height > doc.page.height - doc.page.margins.bottom) doc.addPage();
}

/** Rows with the header repeated on every page; false when the reader went away before the end. */
async function table(doc: Doc, block: DocumentTable, rowDone: () => Promise<boolean>): Promise<boolean> {
  const total = width(doc);
  const widths = block.columns.map((c) => c.width * total);
  const pad = 3;
  const cells = (values: string[], font: 'regular' | 'bold', color: string) => {
    doc.font(font).fontSize(8).fillColor(color);
    const height = Math.max(...values.map((v, i) => doc.heightOfString(v, { width: widths[i] - 2 * pad }))) + 2 * pad;
    return {
      height,
      draw: (y: number) => {
        doc.font(font).fontSize(8).fillColor(color);
        let x = MARGIN;
        values.forEach((value, i) => {
          doc.text(value, x + pad, y + pad, { width: widths[i] - 2 * pad });
          x += widths[i];
        });
        doc
          .moveTo(MARGIN, y + height)
          .lineTo(MARGIN + total, y + height)
          .lineWidth(0.4)
          .strokeColor(RULE)
          .stroke();
      },
    };
  };
  const header = () => {
    const head = cells(
      block.columns.map((c) => c.title),
      'bold',
      INK,
    );
    keepWithNext(doc, head.height * 3);
    const y = doc.y;
    doc.rect(MARGIN, y, total, head.height).fillColor('#eeeeee').fill();
    head.draw(y);
    doc.y = y + head.height;
  };
  header();
  for (const values of block.rows) {
    const row = cells(values, 'regular', INK);
    if (doc.y + row.height > doc.page.height - doc.page.margins.bottom) {
      doc.addPage();
      header();
    }
    const y = doc.y;
    row.draw(y);
    doc.y = y + row.height;
    if (!(await rowDone())) return false;
  }
  doc.x = MARGIN;
  doc.moveDown(0.6);
  return true;
}
