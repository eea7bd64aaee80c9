import { describe, expect, it } from '@jest/globals';
import type { StatementView } from '../queries/holding-statement-queries.js';
import type { StatementSettings } from './statement-settings.js';
import { HoldingStatementRenderer, representationFromAccept } from './holding-statement.renderer.js';

const statement = (overrides: Partial<StatementView> = {}): StatementView =>
  ({
    statementId: 'st-1',
    language: 'en',
    heading: 'Statement on reports of a data sale',
    points: ['We are investigating.', 'We will inform members.'],
    text: 'We are investigating. We will inform members.',
    status: 'published',
    stale: false,
    ...overrides,
  }) as StatementView;

const renderer = new HoldingStatementRenderer({} as StatementSettings);

describe('HoldingStatementRenderer', () => {
  it('given a current statement, when rendered as Markdown, then it is the heading and numbered points', () => {
    expect(renderer.markdown(statement())).toBe(
      '# Statement on reports of a data sale\n\n1. We are investigating.\n2. We will inform members.\n',
    );
  });

  it('given a stale statement, when rendered, then it says so in its own language', () => {
    expect(renderer.plainText(statement({ stale: true }))).toBe(
      'We are investigating. We will inform members.\n\nNote: this statement was built on older facts than the case now has.\n',
    );
    expect(renderer.markdown(statement({ stale: true, language: 'id' }))).toContain(
      '\n_Catatan: pernyataan ini disusun dari fakta yang lebih lama daripada fakta kasus saat ini._\n',
    );
  });

  it('given an Accept header, when negotiated, then PDF, Markdown and text win over the JSON default', () => {
    expect(representationFromAccept('application/pdf')).toBe('pdf');
    expect(representationFromAccept('text/markdown, text/plain')).toBe('markdown');
    expect(representationFromAccept('text/plain')).toBe('text');
    expect(representationFromAccept(undefined)).toBe('json');
    expect(representationFromAccept('application/json')).toBe('json');
  });
});
