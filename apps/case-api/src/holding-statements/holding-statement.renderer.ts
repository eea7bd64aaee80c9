import { Inject, Injectable } from '@nestjs/common';
import type { DocumentModel } from '../documents/document-model.js';
import { composeHoldingStatementDocument } from '../documents/holding-statement-document.composer.js';
import type { StatementView } from '../queries/holding-statement-queries.js';
import { StatementSettings } from './statement-settings.js';

/** The representations of one statement a client may ask for by `Accept`. */
export type StatementRepresentation = 'pdf' | 'markdown' | 'text' | 'json';

export function representationFromAccept(accept: string | undefined): StatementRepresentation {
  if (accept?.includes('application/pdf')) return 'pdf';
  if (accept?.includes('text/markdown')) return 'markdown';
  if (accept?.includes('text/plain')) return 'text';
  return 'json';
}

const STALE_NOTES = {
  id: 'Catatan: pernyataan ini disusun dari fakta yang lebih lama daripada fakta kasus saat ini.',
  en: 'Note: this statement was built on older facts than the case now has.',
} as const;

/** A statement's text as Markdown, plain text or a PDF document model; a stale one says so in its own language. */
@Injectable()
export class HoldingStatementRenderer {
  constructor(@Inject(StatementSettings) private readonly settings: StatementSettings) {}

  markdown(statement: StatementView): string {
    const note = staleNote(statement);
    const points = statement.points.map((point, index) => `${index + 1}. ${point}`).join('\n');
    return `# ${statement.heading}\n\n${points}\n${note ? `\n_${note}_\n` : ''}`;
  }

  plainText(statement: StatementView): string {
    const note = staleNote(statement);
    return `${statement.text}\n${note ? `\n${note}\n` : ''}`;
  }

  /** For the PDF, with the organisation's letterhead; a statement not in force is marked as such. */
  async document(statement: StatementView): Promise<DocumentModel> {
    return composeHoldingStatementDocument(statement, await this.settings.profile(), statement.stale);
  }
}

const staleNote = (statement: StatementView): string | undefined =>
  statement.stale ? STALE_NOTES[statement.language === 'id' ? 'id' : 'en'] : undefined;
