import { formatDateTime, type OrganisationProfile } from '#libs/domain';
import type { HoldingStatementEntry } from '#libs/read-models';
import type { DocumentModel } from './document-model.js';
import { STATEMENT_MARKINGS, WORDS } from './document-labels.js';
import { organisationLetterhead } from './organisation-letterhead.js';

/**
 * A holding statement as handed to newsrooms: the organisation as letterhead, the statement's own heading, date
 * and numbered points (the last one is the next-update line), in the statement's language. Only the one in force
 * goes out unmarked; any other says what it is. It prints nothing but the composed text and the organisation's
 * public contact: no drafter, no approver.
 */
export function composeHoldingStatementDocument(
  statement: HoldingStatementEntry,
  organisation: OrganisationProfile,
  stale: boolean,
): DocumentModel {
  const language = statement.language;
  const w = WORDS[language];
  const marking =
    statement.status === 'published'
      ? stale
        ? STATEMENT_MARKINGS[language].superseded
        : undefined
      : STATEMENT_MARKINGS[language][statement.status];
  const datedAt = statement.publishedAt ?? statement.composedAt;
  const lastChange = [statement.composedAt, statement.approvedAt, statement.publishedAt, statement.withdrawnAt]
    .filter((iso): iso is string => iso !== undefined)
    .reduce((latest, iso) => (Date.parse(iso) > Date.parse(latest) ? iso : latest));
  return {
    language,
    letterhead: organisationLetterhead(organisation),
    title: statement.heading,
    ...(marking && { marking }),
    footer: `${w.statementTitle} · ${statement.statementId}`,
    info: { title: statement.heading, subject: w.statementTitle, createdAt: new Date(lastChange) },
    blocks: [
      {
        kind: 'fields',
        rows: [{ label: w.dated, value: formatDateTime(new Date(datedAt), language, organisation.timeZone ?? 'UTC') }],
      },
      { kind: 'list', ordered: true, items: statement.points },
    ],
  };
}
