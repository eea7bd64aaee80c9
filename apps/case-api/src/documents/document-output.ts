import type { Readable } from 'node:stream';
import { StreamableFile } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import type { DocumentModel } from './document-model.js';
import { renderMarkdown } from './markdown.renderer.js';
import { type PdfRenderOptions, renderPdf } from './pdf.renderer.js';

export const DOCUMENT_FORMATS = ['pdf', 'markdown'] as const;
export type DocumentFormat = (typeof DOCUMENT_FORMATS)[number];

export const MEDIA_TYPES: Record<DocumentFormat, string> = {
  pdf: 'application/pdf',
  markdown: 'text/markdown; charset=utf-8',
};

export const FILE_EXTENSIONS: Record<DocumentFormat, string> = { pdf: 'pdf', markdown: 'md' };

/** What `Accept` asks for; `fallback` when it names neither. */
export function formatFromAccept(accept: string | undefined, fallback: DocumentFormat): DocumentFormat {
  if (accept?.includes('application/pdf')) return 'pdf';
  if (accept?.includes('text/markdown')) return 'markdown';
  return fallback;
}

/** The document in the format asked for: Markdown whole (it is small), PDF as a stream. */
export function renderDocument(
  model: DocumentModel,
  format: DocumentFormat,
  options: PdfRenderOptions = {},
): string | Readable {
  return format === 'pdf' ? renderPdf(model, options) : renderMarkdown(model);
}

/** Answers a request with the document: its media type, an inline file name, and `Vary: Accept`. */
export function sendDocument(
  model: DocumentModel,
  format: DocumentFormat,
  name: string,
  reply: FastifyReply,
): string | StreamableFile {
  reply.header('Vary', 'Accept');
  const disposition = `inline; filename="${name}.${FILE_EXTENSIONS[format]}"`;
  const body = renderDocument(model, format);
  if (typeof body === 'string') {
    reply.type(MEDIA_TYPES[format]).header('Content-Disposition', disposition);
    return body;
  }
  return new StreamableFile(body, { type: MEDIA_TYPES[format], disposition });
}
