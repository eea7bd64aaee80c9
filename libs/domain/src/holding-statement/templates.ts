import type { HoldingStatementTemplates, LanguageTemplates, TemplateKey } from './holding-statement-types.js';

// The template model: a fixed catalogue of sentence keys, each with the placeholders it may use
// and must use, and the built-in wording. Validation of organisation overrides lives in
// template-validation.ts; rendering here.

export type Placeholder =
  | 'org'
  | 'memberNoun'
  | 'date'
  | 'channel'
  | 'claimedCount'
  | 'memberCount'
  | 'asOf'
  | 'sampleSize'
  | 'matchedRecords'
  | 'categories'
  | 'sourceSystem'
  | 'vector'
  | 'subjectCount'
  | 'regulators'
  | 'regulatorsToNotify'
  | 'nextUpdateAt'
  | 'hours'
  | 'contact';

export interface TemplateSpec {
  /** Which point of the statement the sentence belongs to, for people writing overrides. */
  readonly point: 'heading' | 'claim' | 'findings' | 'action' | 'protection' | 'next-update' | 'outcome';
  readonly placeholders: readonly Placeholder[];
  /** Placeholders the sentence must use: the figure or name it exists to state. */
  readonly required?: readonly Placeholder[];
  /** At least one of these must be used. */
  readonly requiredOneOf?: readonly Placeholder[];
}

const COMMON: readonly Placeholder[] = ['org', 'memberNoun'];
const spec = (
  point: TemplateSpec['point'],
  own: readonly Placeholder[] = [],
  rules: Pick<TemplateSpec, 'required' | 'requiredOneOf'> = {},
): TemplateSpec => ({ point, placeholders: [...COMMON, ...own], ...rules });

/** Every key a language block must define, in statement order. */
export const TEMPLATE_CATALOGUE: Readonly<Record<TemplateKey, TemplateSpec>> = {
  heading: spec('heading', ['date']),
  claim: spec('claim', ['channel']),
  claimWithCount: spec('claim', ['channel', 'claimedCount'], { required: ['claimedCount'] }),
  comparisonExceeds: spec('findings', ['memberCount', 'asOf', 'claimedCount'], {
    required: ['memberCount', 'claimedCount'],
  }),
  comparisonWithin: spec('findings', ['memberCount', 'asOf', 'claimedCount'], {
    required: ['memberCount', 'claimedCount'],
  }),
  findingsPending: spec('findings'),
  findingsConfirmed: spec('findings', ['sampleSize', 'matchedRecords'], { required: ['matchedRecords'] }),
  findingsCategories: spec('findings', ['categories'], { required: ['categories'] }),
  findingsNotOurs: spec('findings', ['sampleSize']),
  findingsInconclusive: spec('findings', ['sampleSize']),
  actionInvestigating: spec('action'),
  actionMonitoring: spec('action'),
  actionTraced: spec('action'),
  actionTracedProbable: spec('action'),
  sourceDetails: spec('action', ['sourceSystem', 'vector'], { requiredOneOf: ['sourceSystem', 'vector'] }),
  containmentDone: spec('action'),
  containmentOngoing: spec('action'),
  subjectsNotified: spec('action', ['subjectCount'], { required: ['subjectCount'] }),
  protection: spec('protection'),
  encryption: spec('protection'),
  coordination: spec('protection'),
  coordinationNotified: spec('protection', ['regulators'], { required: ['regulators'] }),
  coordinationToNotify: spec('protection', ['regulatorsToNotify'], { required: ['regulatorsToNotify'] }),
  nextUpdate: spec('next-update', ['nextUpdateAt', 'hours'], { requiredOneOf: ['nextUpdateAt', 'hours'] }),
  contact: spec('next-update', ['contact'], { required: ['contact'] }),
  followUp: spec('next-update'),
  closedRemediated: spec('outcome'),
  closedFalseReport: spec('outcome'),
  closedNotOurData: spec('outcome'),
  closedDuplicate: spec('outcome'),
};

export const TEMPLATE_KEYS = Object.keys(TEMPLATE_CATALOGUE) as TemplateKey[];

const ID: LanguageTemplates = {
  heading: 'Pernyataan Sementara {org} terkait Dugaan Kebocoran Data ({date})',
  claim:
    'Menanggapi informasi {channel} mengenai dugaan kebocoran data yang diklaim berasal dari {org}, dapat kami sampaikan bahwa informasi tersebut kami tangani dengan serius.',
  claimWithCount:
    'Menanggapi informasi {channel} mengenai dugaan kebocoran {claimedCount} data yang diklaim berasal dari {org}, dapat kami sampaikan bahwa informasi tersebut kami tangani dengan serius.',
  comparisonExceeds:
    'Jumlah {memberNoun} {org} per {asOf} sebanyak {memberCount}, sehingga angka {claimedCount} yang diklaim tersebut melebihi jumlah {memberNoun} kami.',
  comparisonWithin:
    'Sebagai pembanding, jumlah {memberNoun} {org} per {asOf} sebanyak {memberCount}, sementara data yang diklaim bocor berjumlah {claimedCount}.',
  findingsPending: 'Saat ini {org} sedang memverifikasi kebenaran informasi tersebut terhadap data yang kami kelola.',
  findingsConfirmed:
    'Pemeriksaan kami terhadap {sampleSize} data sampel menemukan {matchedRecords} data yang cocok dengan data {memberNoun} {org}; jumlah data yang sebenarnya terdampak masih terus kami verifikasi.',
  findingsCategories: 'Jenis data yang terkonfirmasi dalam sampel tersebut meliputi {categories}.',
  findingsNotOurs:
    'Hasil pemeriksaan kami terhadap {sampleSize} data sampel menunjukkan bahwa data tersebut bukan berasal dari {org}.',
  findingsInconclusive:
    'Pemeriksaan awal kami terhadap {sampleSize} data sampel belum dapat memastikan apakah data tersebut berasal dari {org}; pemeriksaan masih terus berlangsung.',
  actionInvestigating:
    '{org} telah membentuk tim khusus untuk menelusuri sumber data tersebut dan mengambil langkah-langkah pengamanan yang diperlukan.',
  actionMonitoring:
    'Meskipun demikian, {org} tetap memantau perkembangan informasi ini dan akan menindaklanjutinya bila diperlukan.',
  actionTraced: 'Tim khusus {org} telah mengidentifikasi sumber kejadian ini.',
  actionTracedProbable:
    'Penelusuran tim khusus {org} telah mengarah pada kemungkinan sumber kejadian ini, yang masih terus didalami.',
  sourceDetails: 'Sumber tersebut berkaitan dengan {sourceSystem}, melalui {vector}.',
  containmentDone:
    'Langkah-langkah penanganan untuk menghentikan kejadian ini dan membatasi dampaknya telah dilakukan.',
  containmentOngoing: 'Langkah-langkah penanganan untuk membatasi dampaknya sedang dilakukan.',
  subjectsNotified: '{org} juga telah memberitahukan kejadian ini kepada {subjectCount} {memberNoun} yang terdampak.',
  protection: '{org} berkomitmen melindungi data {memberNoun} dan menerapkan pengamanan data berlapis.',
  encryption: 'Data {memberNoun} yang kami simpan dilindungi dengan enkripsi.',
  coordination: 'Kami juga berkoordinasi dengan pihak-pihak terkait untuk menindaklanjuti informasi ini.',
  coordinationNotified:
    'Kami telah melaporkan kejadian ini kepada {regulators}, serta terus berkoordinasi dengan otoritas terkait.',
  coordinationToNotify:
    'Kami juga akan melaporkan kejadian ini kepada {regulatorsToNotify} sesuai ketentuan yang berlaku.',
  nextUpdate: 'Informasi terbaru akan kami sampaikan paling lambat {nextUpdateAt}.',
  contact: 'Pertanyaan media dapat disampaikan kepada {contact}.',
  followUp: 'Informasi lebih lanjut akan kami sampaikan apabila terdapat perkembangan baru.',
  closedRemediated:
    'Penanganan kejadian ini telah selesai dan langkah-langkah pemulihan yang diperlukan telah dilakukan.',
  closedFalseReport:
    'Hasil pemeriksaan kami menunjukkan bahwa informasi tersebut tidak benar: tidak ditemukan kebocoran data {memberNoun} {org}.',
  closedNotOurData: 'Hasil pemeriksaan kami menunjukkan bahwa data yang beredar bukan berasal dari {org}.',
  closedDuplicate: 'Informasi ini berkaitan dengan kejadian yang telah kami tangani dan sampaikan sebelumnya.',
};

const EN: LanguageTemplates = {
  heading: 'Holding statement: {org} on the alleged data leak ({date})',
  claim:
    'We are aware of information {channel} about an alleged leak of data claimed to come from {org}, and we are treating it seriously.',
  claimWithCount:
    'We are aware of information {channel} about an alleged leak of {claimedCount} records claimed to come from {org}, and we are treating it seriously.',
  comparisonExceeds:
    '{org} had {memberCount} {memberNoun} as of {asOf}, so the claimed figure of {claimedCount} exceeds our total number of {memberNoun}.',
  comparisonWithin:
    'For comparison, {org} had {memberCount} {memberNoun} as of {asOf}; the alleged leak is claimed to involve {claimedCount} records.',
  findingsPending: '{org} is verifying the claim against the data we hold.',
  findingsConfirmed:
    'Our check of a sample of {sampleSize} records found {matchedRecords} records that match data held by {org}; we are still establishing how many records are actually affected.',
  findingsCategories: 'The types of data confirmed in the sample are {categories}.',
  findingsNotOurs: 'Our check of a sample of {sampleSize} records shows that the data does not come from {org}.',
  findingsInconclusive:
    'Our initial check of a sample of {sampleSize} records has not yet established whether the data comes from {org}; the check is continuing.',
  actionInvestigating:
    '{org} has set up a special team to trace the source of the data and to take the necessary safeguarding measures.',
  actionMonitoring: '{org} nevertheless continues to monitor this information and will act on it if needed.',
  actionTraced: 'Our special team has identified the source of this incident.',
  actionTracedProbable: 'Our special team has traced the likely source of this incident and continues to examine it.',
  sourceDetails: 'The source relates to {sourceSystem}, through {vector}.',
  containmentDone: 'Measures to stop the incident and limit its impact have been taken.',
  containmentOngoing: 'Measures to limit its impact are under way.',
  subjectsNotified: '{org} has also informed the {subjectCount} affected {memberNoun}.',
  protection: '{org} is committed to protecting the data of its {memberNoun} and applies layered data protection.',
  encryption: 'The data we store about our {memberNoun} is protected by encryption.',
  coordination: 'We are coordinating with the relevant parties and authorities to follow up on this information.',
  coordinationNotified:
    'We have reported this incident to {regulators}, and we continue to coordinate with the relevant authorities.',
  coordinationToNotify: 'We will also report this incident to {regulatorsToNotify}, as the law requires.',
  nextUpdate: 'We will provide the next update by {nextUpdateAt} at the latest.',
  contact: 'Media enquiries: {contact}.',
  followUp: 'We will share further information if there are new developments.',
  closedRemediated: 'Our handling of this incident is complete, and the necessary recovery measures have been taken.',
  closedFalseReport: 'Our checks show that the information is not true: no leak of data held by {org} was found.',
  closedNotOurData: 'Our checks show that the circulating data does not come from {org}.',
  closedDuplicate: 'This information relates to an incident that we have already handled and reported on.',
};

/** The built-in wording, used unless an organisation's validated templates are passed. */
export const DEFAULT_TEMPLATES: HoldingStatementTemplates = { id: ID, en: EN };

export type TemplateToken = { kind: 'text'; text: string } | { kind: 'placeholder'; name: string };

/**
 * Splits a template into text and `{name}` placeholders. Braces only ever delimit placeholders:
 * an unmatched or nested brace is an error, returned as a message.
 */
export function parseTemplate(template: string): { tokens: TemplateToken[] } | { error: string } {
  const tokens: TemplateToken[] = [];
  let rest = template;
  while (rest.length > 0) {
    const open = rest.indexOf('{');
    const close = rest.indexOf('}');
    if (open === -1 && close === -1) {
      tokens.push({ kind: 'text', text: rest });
      break;
    }
    if (open === -1 || (close !== -1 && close < open)) return { error: `a '}' has no matching '{'` };
    if (open > 0) tokens.push({ kind: 'text', text: rest.slice(0, open) });
    const end = rest.indexOf('}', open);
    if (end === -1) return { error: `a '{' is not closed` };
    const name = rest.slice(open + 1, end);
    if (!/^[A-Za-z]+$/.test(name)) return { error: `"{${name}}" is not a placeholder name (letters only)` };
    tokens.push({ kind: 'placeholder', name });
    rest = rest.slice(end + 1);
  }
  return { tokens };
}

/**
 * Fills the placeholders of a template in one pass (values are inserted verbatim, never
 * re-expanded). Templates are validated beforehand, so a missing value is a programming error.
 */
export function renderTemplate(
  template: string,
  values: Partial<Record<Placeholder, string>>,
  key = 'template',
): string {
  const parsed = parseTemplate(template);
  if ('error' in parsed) throw new Error(`${key}: ${parsed.error}`);
  return parsed.tokens
    .map((token) => {
      if (token.kind === 'text') return token.text;
      const value = values[token.name as Placeholder];
      if (value === undefined) throw new Error(`${key}: no value for {${token.name}}`);
      return value;
    })
    .join('');
}
