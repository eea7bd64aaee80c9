// A document as content only: what goes in which section, in which language. Composers build it from the facts
// (pure); the Markdown and PDF renderers lay it out. Nothing in it is read from a clock.

export type DocumentLanguage = 'id' | 'en';

export interface DocumentTable {
  kind: 'table';
  /** Widths are fractions of the text width and add up to 1. */
  columns: { title: string; width: number }[];
  rows: string[][];
  /** Rows per Markdown section, so a long table stays readable as text too (the PDF repeats the header per page). */
  rowsPerSection?: number;
}

/** One label/value line of a fields block. */
export interface FieldRow {
  label: string;
  value: string;
}

export type DocumentBlock =
  | { kind: 'heading'; text: string; level: 1 | 2 }
  | { kind: 'paragraph'; text: string }
  | { kind: 'fields'; rows: FieldRow[] }
  | { kind: 'list'; ordered: boolean; items: string[] }
  | DocumentTable;

export interface DocumentModel {
  language: DocumentLanguage;
  /** The organisation speaking: its name and contact lines. */
  letterhead: { name: string; lines: string[] };
  title: string;
  /** Printed prominently on every page, e.g. "DRAFT — not approved". */
  marking?: string;
  /** Printed in every page footer beside the page number, e.g. the case id and version. */
  footer: string;
  /** PDF metadata; `createdAt` comes from the facts, so the same facts give the same bytes. */
  info: { title: string; subject: string; createdAt: Date };
  blocks: DocumentBlock[];
}

/** Rows of every table in the document: what a progress bar counts. */
export const tableRowCount = (model: DocumentModel): number =>
  model.blocks.reduce((sum, block) => sum + (block.kind === 'table' ? block.rows.length : 0), 0);
