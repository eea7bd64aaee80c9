import { createWriteStream } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { pipeline } from 'node:stream/promises';
import type { Command } from 'commander';
import { SecretBox } from '#libs/platform';
import { RegulatorRegistry } from '#libs/regulators';
import { composeCaseReport } from '../../../case-api/src/documents/case-report.composer.js';
import type { DocumentLanguage, DocumentModel } from '../../../case-api/src/documents/document-model.js';
import {
  type DocumentFormat,
  FILE_EXTENSIONS,
  renderDocument,
} from '../../../case-api/src/documents/document-output.js';
import { DocumentSources } from '../../../case-api/src/documents/document-sources.js';
import { composeNotificationLetter } from '../../../case-api/src/documents/notification-letter.composer.js';
import { regulatorLanguage } from '../../../case-api/src/documents/regulator-display.js';
import { type CliContext, withPersonalData } from '../cli-context.js';
import type { PersonalDataAccess } from '#libs/privacy';
import { registerLedgerCommands } from './ledger.command.js';
import { progressBar } from '../progress-bar.js';

const LANGUAGES: readonly DocumentLanguage[] = ['id', 'en'];

interface DocumentOptions {
  language?: string;
  out?: string;
}

export function registerCaseCommands(program: Command): void {
  const cases = program.command('cases').description('case event histories, documents and evidence');
  registerLedgerCommands(program, cases);

  cases
    .command('export')
    .description('print the full event history of a case as JSON lines (one stored event per line)')
    .argument('<caseId>')
    .action(async (caseId: string) =>
      withPersonalData(async ({ store }) => {
        const events = await store.readStream(caseId);
        if (events.length === 0) throw new Error(`case ${caseId} not found`);
        for (const event of events) process.stdout.write(`${JSON.stringify(event)}\n`);
      }),
    );

  cases
    .command('report')
    .description('write the case report (Markdown, or PDF with --pdf), as GET /v1/cases/:caseId/report gives it')
    .argument('<caseId>')
    .option('--pdf', 'PDF instead of Markdown')
    .option('--language <language>', 'id or en', 'en')
    .option('--as-of <instant>', 'show the legal clocks as of this ISO-8601 instant (default now)')
    .option('--out <file>', 'where to write it (default report-<caseId>.md or .pdf)')
    .action(async (caseId: string, options: DocumentOptions & { pdf?: boolean; asOf?: string }) =>
      withPersonalData(async (context) => {
        const language = parseLanguage(options.language) ?? 'en';
        const asOf = options.asOf === undefined ? new Date() : new Date(options.asOf);
        if (Number.isNaN(asOf.getTime())) throw new Error(`--as-of must be an ISO-8601 instant, got ${options.asOf}`);
        const facts = await sourcesOf(context).report(caseId, asOf);
        if (!facts) throw new Error(`case ${caseId} not found`);
        const format = options.pdf ? 'pdf' : 'markdown';
        await write(composeCaseReport(facts, language), format, options.out ?? `report-${caseId}`, 'rendering');
      }),
    );

  cases
    .command('letter')
    .description('write the letter of a regulator notification (PDF, or Markdown with --markdown)')
    .argument('<caseId>')
    .argument('<notificationId>')
    .option('--language <language>', 'id or en (default: the regulator’s own)')
    .option('--markdown', 'Markdown instead of PDF')
    .option('--out <file>', 'where to write it (default letter-<notificationId>.pdf or .md)')
    .action(async (caseId: string, notificationId: string, options: DocumentOptions & { markdown?: boolean }) =>
      withPersonalData(async (context) => {
        const facts = await sourcesOf(context).letter(caseId, notificationId);
        if (!facts) throw new Error(`case ${caseId} has no regulator notification ${notificationId}`);
        const language = parseLanguage(options.language) ?? regulatorLanguage(facts.regulator);
        const format = options.markdown ? 'markdown' : 'pdf';
        await write(composeNotificationLetter(facts, language), format, options.out ?? `letter-${notificationId}`);
      }),
    );
}

const sourcesOf = ({ db, store }: CliContext & PersonalDataAccess) =>
  new DocumentSources(db, store, new RegulatorRegistry(db, new SecretBox(process.env.BREACHLINE_SECRETS_KEY)));

function parseLanguage(value: string | undefined): DocumentLanguage | undefined {
  if (value === undefined) return undefined;
  if (!LANGUAGES.includes(value as DocumentLanguage)) throw new Error(`--language must be id or en, got ${value}`);
  return value as DocumentLanguage;
}

/** Writes the document (adding the extension unless `out` has one) and prints where; a PDF shows its progress. */
async function write(model: DocumentModel, format: DocumentFormat, out: string, progressLabel?: string) {
  const extension = `.${FILE_EXTENSIONS[format]}`;
  const file = out.endsWith(extension) ? out : `${out}${extension}`;
  const progress = progressLabel === undefined ? undefined : progressBar(progressLabel);
  const body = renderDocument(model, format, progress && { onProgress: progress });
  if (typeof body === 'string') await writeFile(file, body);
  else await pipeline(body, createWriteStream(file));
  console.log(file);
}
