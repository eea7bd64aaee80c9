import { STATEMENT_LANGUAGES } from './holding-statement-types.js';
import type {
  ComposeOptions,
  HoldingStatementFacts,
  HoldingStatementTemplates,
  LanguageTemplates,
  OrganisationProfile,
  StatementLanguage,
  TemplateKey,
} from './holding-statement-types.js';
import { checkStatementGuardrails } from './guardrails.js';
import { renderStatement } from './render.js';
import { DEFAULT_TEMPLATES, parseTemplate, TEMPLATE_CATALOGUE, TEMPLATE_KEYS } from './templates.js';

/**
 * Validates an organisation's template overrides, as loaded from the files its configuration
 * names, for use at start-up. Shape: `{ id?: {...}, en?: {...} }`; a language given must define
 * every key of TEMPLATE_CATALOGUE, languages not given keep the built-in wording. Each sentence may
 * only use its key's placeholders and must use its required ones. Finally every stage is composed
 * with the candidate wording over probe facts, and any guardrail it breaks is reported, so a
 * template that would make the composer refuse (say, a claim line that drops "diduga") fails at
 * start-up rather than during an incident. Errors name the language and key (or stage).
 */
export function validateTemplates(raw: unknown): { templates: HoldingStatementTemplates } | { errors: string[] } {
  const errors: string[] = [];
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    return { errors: ['templates must be an object keyed by language (id, en)'] };
  }
  const overrides: Partial<Record<StatementLanguage, LanguageTemplates>> = {};
  const entries = Object.entries(raw);
  if (entries.length === 0)
    errors.push(`templates must define at least one language (${STATEMENT_LANGUAGES.join(', ')})`);
  for (const [language, block] of entries) {
    if (!(STATEMENT_LANGUAGES as readonly string[]).includes(language)) {
      errors.push(`${language}: unknown language (known: ${STATEMENT_LANGUAGES.join(', ')})`);
      continue;
    }
    const checked = validateLanguageBlock(language, block, errors);
    if (checked) overrides[language as StatementLanguage] = checked;
  }
  if (errors.length > 0) return { errors };

  const templates: HoldingStatementTemplates = { ...DEFAULT_TEMPLATES, ...overrides };
  for (const language of Object.keys(overrides) as StatementLanguage[]) {
    for (const probe of PROBES) {
      const options: ComposeOptions = {
        language,
        now: PROBE_NOW,
        templates,
        includeSourceDetails: probe.includeSourceDetails ?? false,
      };
      const statement = renderStatement(probe.facts, probe.profile, options);
      for (const violation of checkStatementGuardrails(statement, probe.facts, probe.profile, options)) {
        errors.push(`${language} (${probe.name}, stage ${statement.stage}): ${violation.rule}: ${violation.message}`);
      }
    }
  }
  return errors.length > 0 ? { errors: [...new Set(errors)] } : { templates };
}

function validateLanguageBlock(language: string, block: unknown, errors: string[]): LanguageTemplates | undefined {
  if (typeof block !== 'object' || block === null || Array.isArray(block)) {
    errors.push(`${language}: must be an object of template key → sentence`);
    return undefined;
  }
  const before = errors.length;
  const given = block as Record<string, unknown>;
  for (const key of Object.keys(given)) {
    if (!(key in TEMPLATE_CATALOGUE)) errors.push(`${language}.${key}: unknown template key`);
  }
  const result: Partial<Record<TemplateKey, string>> = {};
  for (const key of TEMPLATE_KEYS) {
    const name = `${language}.${key}`;
    const template = given[key];
    if (template === undefined) {
      errors.push(`${name}: missing (a language block defines every key; point: ${TEMPLATE_CATALOGUE[key].point})`);
      continue;
    }
    if (typeof template !== 'string' || template.trim() === '') {
      errors.push(`${name}: must be a non-empty string`);
      continue;
    }
    const parsed = parseTemplate(template);
    if ('error' in parsed) {
      errors.push(`${name}: ${parsed.error}`);
      continue;
    }
    const spec = TEMPLATE_CATALOGUE[key];
    const used = new Set(parsed.tokens.flatMap((token) => (token.kind === 'placeholder' ? [token.name] : [])));
    for (const placeholder of used) {
      if (!(spec.placeholders as readonly string[]).includes(placeholder)) {
        errors.push(
          `${name}: unknown placeholder {${placeholder}} (allowed: ${spec.placeholders.map((p) => `{${p}}`).join(', ')})`,
        );
      }
    }
    for (const placeholder of spec.required ?? []) {
      if (!used.has(placeholder)) errors.push(`${name}: must use {${placeholder}}`);
    }
    if (spec.requiredOneOf && !spec.requiredOneOf.some((placeholder) => used.has(placeholder))) {
      errors.push(`${name}: must use one of ${spec.requiredOneOf.map((p) => `{${p}}`).join(', ')}`);
    }
    result[key] = template;
  }
  return errors.length === before ? (result as LanguageTemplates) : undefined;
}

// Probe facts: one per stage and per wording variant, so every key is rendered at least once.

const PROBE_NOW = new Date('2021-05-20T08:00:00Z');

const withContact: OrganisationProfile = {
  name: 'Probe Organisation',
  memberCount: { count: 1_000_000, asOf: '2021-05', noun: 'members' },
  spokesperson: { name: 'Probe Press Office', email: 'press@probe.example', phone: '+62 21 5550 1234' },
  timeZone: 'Asia/Jakarta',
};
const withoutContact: OrganisationProfile = { name: 'Probe Organisation' };

const claim: HoldingStatementFacts = {
  factsVersion: 1,
  title: 'Probe case',
  claim: {
    channel: 'dark-web-forum',
    receivedAt: '2021-05-20T06:00:00Z',
    claimedRecordCount: 2_500_000,
    dataCategories: ['name', 'national-id'],
    sourceUrl: 'https://leaks.probe.example/thread/1',
  },
  regulatorsNotified: [],
  recordedFacts: {},
};
const sample = (verdict: 'confirmed' | 'not-ours' | 'inconclusive'): HoldingStatementFacts['sample'] => ({
  verdict,
  sampleSize: 5_000,
  matchedRecords: verdict === 'confirmed' ? 4_321 : 0,
  confirmedDataCategories: verdict === 'confirmed' ? ['name', 'phone'] : [],
  verifiedAt: '2021-05-20T07:00:00Z',
});
const confirmed: HoldingStatementFacts = { ...claim, sample: sample('confirmed') };
const traced: HoldingStatementFacts = {
  ...confirmed,
  sourceTrace: {
    sourceSystem: 'Probe Partner Portal',
    vector: 'hacking:abuse-of-functionality',
    confidence: 'high',
    tracedAt: '2021-05-20T07:30:00Z',
    containment: 'Probe tokens revoked',
  },
};
const notified: HoldingStatementFacts = {
  ...traced,
  sourceTrace: { ...traced.sourceTrace!, confidence: 'medium', containment: '' },
  regulatorsNotified: [
    { regulatorId: 'probe-regulator', regulatorName: 'Probe Regulator', notifiedAt: '2021-05-20T07:45:00Z' },
  ],
  regulatorsToNotify: [{ regulatorId: 'probe-authority', regulatorName: 'Probe Authority' }],
  subjectsNotified: { subjectCount: 4_321, notifiedAt: '2021-05-20T07:50:00Z' },
  recordedFacts: { encryptionAtRest: true },
};
const closed = (resolution: 'breach-remediated' | 'false-report' | 'not-our-data' | 'duplicate') => ({
  ...claim,
  closure: { resolution, closedAt: '2021-05-20T07:55:00Z' },
});

const PROBES: readonly {
  name: string;
  facts: HoldingStatementFacts;
  profile: OrganisationProfile;
  includeSourceDetails?: boolean;
}[] = [
  {
    name: 'claim without a count',
    facts: { ...claim, claim: { ...claim.claim, claimedRecordCount: undefined } },
    profile: withoutContact,
  },
  { name: 'claim above the member count', facts: claim, profile: withContact },
  {
    name: 'claim within the member count',
    facts: { ...claim, claim: { ...claim.claim, claimedRecordCount: 500_000 } },
    profile: withContact,
  },
  { name: 'sample confirmed', facts: confirmed, profile: withContact },
  { name: 'sample not ours', facts: { ...claim, sample: sample('not-ours') }, profile: withContact },
  { name: 'sample inconclusive', facts: { ...claim, sample: sample('inconclusive') }, profile: withoutContact },
  { name: 'source traced', facts: traced, profile: withContact },
  { name: 'source traced, details included', facts: traced, profile: withContact, includeSourceDetails: true },
  { name: 'regulators notified', facts: notified, profile: withoutContact },
  { name: 'closed, remediated', facts: closed('breach-remediated'), profile: withContact },
  { name: 'closed, false report', facts: closed('false-report'), profile: withoutContact },
  { name: 'closed, not our data', facts: closed('not-our-data'), profile: withContact },
  { name: 'closed, duplicate', facts: closed('duplicate'), profile: withoutContact },
];
