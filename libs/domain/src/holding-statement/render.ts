import { DATA_CATEGORIES } from '../case/vocabulary.js';
import { IllegalTransitionError } from '../shared/domain-errors.js';
import { formatCount, formatDate, formatDateTime, formatMonthYear, joinList } from './format.js';
import type {
  ComposeOptions,
  HoldingStatement,
  HoldingStatementFacts,
  OrganisationProfile,
  StatementLanguage,
  StatementStage,
  TemplateKey,
} from './holding-statement-types.js';
import { CATEGORY_LABELS, CHANNEL_PHRASES, PARTNER_PHRASES, SUBJECT_NOUNS, VECTOR_PHRASES } from './labels.js';
import { nextUpdateDue, nextUpdateWithinHours } from './next-update.js';
import { DEFAULT_TEMPLATES, renderTemplate, type Placeholder } from './templates.js';

// Rendering without the guardrails: composeHoldingStatement checks what this produces, and the
// guardrails render a second time to tell the wording apart from what the facts put in.

/**
 * The stage the statement speaks from. `closed` wins; then, on a `confirmed` latest sample only,
 * `regulators-notified` over `source-traced`; otherwise the latest sample's verdict; else `claim`.
 * A trace or notification next to a `not-ours`/`inconclusive` sample does not advance the stage:
 * the statement must not imply a breach the latest check does not support (notified regulators
 * are still named in the coordination line).
 */
export function holdingStatementStage(facts: HoldingStatementFacts): StatementStage {
  if (facts.closure) return 'closed';
  const verdict = facts.sample?.verdict;
  if (verdict === 'confirmed') {
    if (facts.regulatorsNotified.length > 0) return 'regulators-notified';
    if (facts.sourceTrace) return 'source-traced';
  }
  return verdict === undefined ? 'claim' : `sample-${verdict}`;
}

/** Notified regulators' names, first notified first, each once. */
export function regulatorNames(facts: HoldingStatementFacts): string[] {
  const sorted = [...facts.regulatorsNotified].sort(
    (a, b) => Date.parse(a.notifiedAt) - Date.parse(b.notifiedAt) || a.regulatorId.localeCompare(b.regulatorId, 'en'),
  );
  const seen = new Set<string>();
  const names: string[] = [];
  for (const regulator of sorted) {
    if (seen.has(regulator.regulatorId)) continue;
    seen.add(regulator.regulatorId);
    const name = regulator.regulatorName.trim();
    if (name !== '' && !names.includes(name)) names.push(name);
  }
  return names;
}

/** Names of the regulators still to be told, in the assessment's order, each once; never one already notified. */
export function regulatorsToNotifyNames(facts: HoldingStatementFacts): string[] {
  const notified = new Set(facts.regulatorsNotified.map((r) => r.regulatorId));
  const names: string[] = [];
  for (const regulator of facts.regulatorsToNotify ?? []) {
    const name = regulator.regulatorName.trim();
    if (!notified.has(regulator.regulatorId) && name !== '' && !names.includes(name)) names.push(name);
  }
  return names;
}

/** The organisation's official contact line, from what its profile gives: "name, email, phone". */
export function contactLine(profile: OrganisationProfile): string | undefined {
  const { name, email, phone } = profile.spokesperson ?? {};
  const parts = [name, email, phone].map((part) => part?.trim() ?? '').filter((part) => part !== '');
  return parts.length === 0 ? undefined : parts.join(', ');
}

/**
 * The organisation's noun for its data subjects in `language`: its own word for that language, or a built-in
 * word in that language; default `customers`. A profile that gives its own nouns but none for `language` cannot
 * speak in it: IllegalTransitionError, rule `profile-noun-missing` (HTTP 409).
 */
export function subjectNounIn(profile: OrganisationProfile, language: StatementLanguage): string {
  const noun = profile.memberCount?.noun ?? profile.subjectNoun ?? 'customers';
  if (typeof noun === 'string') return SUBJECT_NOUNS[language][noun];
  const own = noun[language]?.trim();
  if (own === undefined || own === '') {
    const field = profile.memberCount ? 'memberCount.noun' : 'subjectNoun';
    throw new IllegalTransitionError(
      'profile-noun-missing',
      `The organisation profile has no noun for its data subjects in language "${language}" (${field}.${language}); add it to the profile before drafting a statement in "${language}"`,
    );
  }
  return own;
}

export function renderStatement(
  facts: HoldingStatementFacts,
  profile: OrganisationProfile,
  options: ComposeOptions,
): HoldingStatement {
  const { language, now } = options;
  if (Number.isNaN(now.getTime())) throw new RangeError('options.now must be a valid date');
  if (profile.name.trim() === '') throw new RangeError('profile.name is required');
  const templates = (options.templates ?? DEFAULT_TEMPLATES)[language];
  const timeZone = profile.timeZone ?? 'UTC';
  const stage = holdingStatementStage(facts);
  const hours = nextUpdateWithinHours(profile);
  const nextUpdate = nextUpdateDue(profile, now, stage === 'closed', options.nextUpdateAt);
  const noun = subjectNounIn(profile, language);
  const { claim, sample, sourceTrace, subjectsNotified } = facts;
  const regulators = regulatorNames(facts);
  const contact = contactLine(profile);

  const values: Partial<Record<Placeholder, string>> = {
    org: profile.name.trim(),
    memberNoun: noun,
    date: formatDate(now, language, timeZone),
    channel: CHANNEL_PHRASES[language][claim.channel],
    hours: new Intl.NumberFormat(language === 'id' ? 'id-ID' : 'en-US', { maximumFractionDigits: 1 }).format(hours),
  };
  if (claim.claimedRecordCount !== undefined) values.claimedCount = formatCount(claim.claimedRecordCount, language);
  if (profile.memberCount) {
    values.memberCount = formatCount(profile.memberCount.count, language);
    values.asOf = formatMonthYear(profile.memberCount.asOf, language);
  }
  if (sample) {
    values.sampleSize = formatCount(sample.sampleSize, language);
    values.matchedRecords = formatCount(sample.matchedRecords, language);
    const categories = DATA_CATEGORIES.filter((category) => sample.confirmedDataCategories.includes(category));
    values.categories = joinList(
      categories.map((category) => CATEGORY_LABELS[language][category]),
      language,
    );
  }
  if (sourceTrace && options.includeSourceDetails === true) {
    values.sourceSystem = sourceTrace.sourceSystem.trim();
    const partner = sourceTrace.viaPartner === true ? PARTNER_PHRASES[language] : '';
    values.vector = `${VECTOR_PHRASES[language][sourceTrace.vector]}${partner}`;
  }
  if (subjectsNotified) values.subjectCount = formatCount(subjectsNotified.subjectCount, language);
  if (regulators.length > 0) values.regulators = joinList(regulators, language);
  const toNotify = regulatorsToNotifyNames(facts);
  if (toNotify.length > 0) values.regulatorsToNotify = joinList(toNotify, language);
  if (nextUpdate) values.nextUpdateAt = formatDateTime(nextUpdate, language, timeZone);
  if (contact !== undefined) values.contact = contact;

  const say = (key: TemplateKey) => renderTemplate(templates[key], values, `${language}.${key}`);
  const sentences = (...keys: (TemplateKey | false | undefined)[]) =>
    keys
      .filter((key): key is TemplateKey => typeof key === 'string')
      .map(say)
      .join(' ');

  const claimPoint = sentences(claim.claimedRecordCount === undefined ? 'claim' : 'claimWithCount');
  const comparisonKey: TemplateKey | undefined =
    claim.claimedRecordCount !== undefined && profile.memberCount
      ? claim.claimedRecordCount > profile.memberCount.count
        ? 'comparisonExceeds'
        : 'comparisonWithin'
      : undefined;
  const protectionPoint = sentences(
    'protection',
    facts.recordedFacts.encryptionAtRest === true && 'encryption',
    regulators.length > 0 ? 'coordinationNotified' : 'coordination',
    toNotify.length > 0 && 'coordinationToNotify',
  );

  let points: string[];
  if (facts.closure) {
    const outcomeKey = (
      {
        'breach-remediated': 'closedRemediated',
        'false-report': 'closedFalseReport',
        'not-our-data': 'closedNotOurData',
        duplicate: 'closedDuplicate',
      } as const
    )[facts.closure.resolution];
    points = [
      claimPoint,
      sentences(comparisonKey, outcomeKey),
      protectionPoint,
      sentences('followUp', contact !== undefined && 'contact'),
    ];
  } else {
    const verdict = sample?.verdict;
    const findingsKeys: (TemplateKey | false)[] =
      verdict === undefined
        ? ['findingsPending']
        : verdict === 'confirmed'
          ? ['findingsConfirmed', (sample?.confirmedDataCategories.length ?? 0) > 0 && 'findingsCategories']
          : verdict === 'not-ours'
            ? ['findingsNotOurs']
            : ['findingsInconclusive'];
    const traced = verdict === 'confirmed' && sourceTrace !== undefined;
    const actionKeys: (TemplateKey | false)[] = traced
      ? [
          sourceTrace.confidence === 'high' ? 'actionTraced' : 'actionTracedProbable',
          values.sourceSystem !== undefined && values.sourceSystem !== '' && 'sourceDetails',
          sourceTrace.containment !== undefined && sourceTrace.containment.trim() !== ''
            ? 'containmentDone'
            : 'containmentOngoing',
        ]
      : [verdict === 'not-ours' ? 'actionMonitoring' : 'actionInvestigating'];
    points = [
      claimPoint,
      sentences(comparisonKey, ...findingsKeys),
      sentences(...actionKeys, subjectsNotified !== undefined && 'subjectsNotified'),
      protectionPoint,
      sentences('nextUpdate', contact !== undefined && 'contact'),
    ];
  }

  const heading = say('heading');
  return {
    language,
    stage,
    heading,
    points,
    text: [heading, '', ...points.map((point, index) => `${index + 1}. ${point}`)].join('\n'),
    factsVersion: facts.factsVersion,
    composedAt: now.toISOString(),
    ...(nextUpdate ? { nextUpdateDueAt: nextUpdate.toISOString() } : {}),
  };
}
