import { formatCount, formatDateTime } from './format.js';
import type {
  ComposeOptions,
  HoldingStatement,
  HoldingStatementFacts,
  OrganisationProfile,
  StatementLanguage,
} from './holding-statement-types.js';
import { contactLine, renderStatement } from './render.js';

// What a holding statement must never do, checked on its text. The composer refuses to return a
// statement that breaks one; tests and template validation use the same checks.

export type GuardrailRule =
  /** The first point calls the circulating information a claim; without a confirmed sample nothing asserts it. */
  | 'claim-wording'
  /** The claimed record count only ever appears in a sentence that calls it a claim. */
  | 'claimed-figure'
  /** No NIK, NPWP, card number, email or phone number other than the organisation's own contact. */
  | 'personal-data'
  /** Where the claim was seen (a leak forum's URL or host) is never printed. */
  | 'leak-location'
  /** Source system, vector and containment detail only when PR explicitly includes them. */
  | 'source-details'
  /** The internal case title is never printed. */
  | 'internal-text'
  /** Encryption is mentioned only when recorded as fact. */
  | 'encryption'
  /** No fault, negligence, hackers or culprits. */
  | 'blame'
  /** Always a line on the next update or a contact. */
  | 'next-update-or-contact';

export interface GuardrailViolation {
  rule: GuardrailRule;
  message: string;
}

export class HoldingStatementGuardrailError extends Error {
  constructor(readonly violations: readonly GuardrailViolation[]) {
    super(`holding statement refused: ${violations.map((v) => `${v.rule}: ${v.message}`).join('; ')}`);
    this.name = 'HoldingStatementGuardrailError';
  }
}

const CLAIM_MARKERS: Record<StatementLanguage, RegExp> = {
  id: /\b(diduga|dugaan|diklaim|klaim)\b/i,
  en: /\b(alleged|allegedly|claim|claims|claimed)\b/i,
};

/** Wording that states the breach as established: only allowed on a confirmed sample. */
const ASSERTIONS: Record<StatementLanguage, RegExp> = {
  id: /(terkonfirmasi|telah dikonfirmasi|dikonfirmasi bahwa|cocok dengan data|dipastikan berasal|telah terjadi kebocoran)/i,
  en: /\b(confirmed (?:in|as|that)|has been confirmed|have confirmed|records that match|matches our|match our|a breach (?:has )?occurred)\b/i,
};

const NEXT_UPDATE_MARKERS: Record<StatementLanguage, RegExp> = {
  id: /(informasi terbaru|informasi lebih lanjut|perkembangan (?:baru|selanjutnya|terbaru)|hubungi|pertanyaan media)/i,
  en: /\b(next update|updates?|further information|contact|enquiries)\b/i,
};

const PERSONAL_DATA: readonly { what: string; pattern: RegExp; test?: (match: string) => boolean }[] = [
  { what: 'a 16-digit national ID number (NIK)', pattern: /(?<!\d)\d{16}(?!\d)/g },
  { what: 'a tax ID number (NPWP)', pattern: /(?<!\d)\d{2}\.\d{3}\.\d{3}\.\d-\d{3}\.\d{3}(?!\d)/g },
  { what: 'a card number', pattern: /(?<!\d)(?:\d[ -]?){12,18}\d(?!\d)/g },
  { what: 'an email address', pattern: /[\w.!#$%&'*+/=?^`{|}~-]+@[\w-]+(?:\.[\w-]+)+/g },
  {
    what: 'a phone number',
    // Digit runs with spaces, dashes or brackets; not figures such as 100.002 or 222,4.
    pattern: /(?<!\d|\d[.,])\+?\(?\d[\d ()-]{6,}\d(?!\d|[.,]\d)/g,
    test: (match) => {
      const digits = match.replace(/\D/g, '').length;
      return digits >= 8 && digits <= 15;
    },
  },
];

const VECTOR_WORDS: readonly RegExp[] = [
  /(vendor|kredensial|credential|orang dalam|insider|konfigurasi|configur|malware|phishing|ransomware|spyware|backdoor|injeksi|injection)/i,
  /\bAPIs?\b/,
];

const ENCRYPTION_WORDS = /(enkrip|encrypt|kriptograf|cryptograph)/i;

const BLAME_WORDS: readonly RegExp[] = [
  /\b(fault|faults|faulty|blame|blames|blamed|blaming|negligence|negligent|hacker|hackers|culprit|culprits|perpetrator|perpetrators)\b/i,
  /\b(lalai|kelalaian|menyalahkan|peretas|pelaku|ulah)\b/i,
  /kesalahan pihak/i,
];

const SENTINEL = '\uE000';

function countOccurrences(haystack: string, needle: string): number {
  if (needle === '') return 0;
  return haystack.toLocaleLowerCase('en').split(needle.toLocaleLowerCase('en')).length - 1;
}

function hostOf(url: string): string | undefined {
  try {
    const host = new URL(url).hostname.replace(/^www\./i, '');
    return host.length >= 4 ? host : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Free-text facts that must not reach the text, checked against a baseline: the same statement
 * rendered with those facts replaced by placeholders. A fact "leaks" when it occurs more often in
 * the text than in the baseline, so a source system named like an ordinary word ("data") is not
 * mistaken for a leak, while any path that prints it is caught.
 */
function undisclosedFacts(
  facts: HoldingStatementFacts,
  options: ComposeOptions,
): { rule: GuardrailRule; what: string; value: string }[] {
  const fields: { rule: GuardrailRule; what: string; value: string }[] = [];
  const add = (rule: GuardrailRule, what: string, value: string | undefined) => {
    const trimmed = value?.trim() ?? '';
    if (trimmed !== '') fields.push({ rule, what, value: trimmed });
  };
  add('internal-text', 'the internal case title', facts.title);
  add('leak-location', 'the URL where the claim was seen', facts.claim.sourceUrl);
  if (facts.claim.sourceUrl !== undefined)
    add('leak-location', 'the host where the claim was seen', hostOf(facts.claim.sourceUrl));
  if (facts.sourceTrace) {
    add('source-details', 'containment detail', facts.sourceTrace.containment);
    if (options.includeSourceDetails !== true)
      add('source-details', 'the source system', facts.sourceTrace.sourceSystem);
  }
  return fields;
}

function withoutUndisclosedFacts(facts: HoldingStatementFacts, options: ComposeOptions): HoldingStatementFacts {
  const blank = (value: string | undefined) =>
    value === undefined || value.trim() === '' ? value : `${SENTINEL}${SENTINEL}`;
  const { sourceTrace } = facts;
  return {
    ...facts,
    title: blank(facts.title) ?? '',
    claim: {
      ...facts.claim,
      ...(facts.claim.sourceUrl !== undefined ? { sourceUrl: blank(facts.claim.sourceUrl) } : {}),
    },
    ...(sourceTrace
      ? {
          sourceTrace: {
            ...sourceTrace,
            sourceSystem:
              options.includeSourceDetails === true
                ? sourceTrace.sourceSystem
                : (blank(sourceTrace.sourceSystem) ?? ''),
            ...(sourceTrace.containment !== undefined ? { containment: blank(sourceTrace.containment) } : {}),
          },
        }
      : {}),
  };
}

/**
 * Every guardrail the statement breaks, given the facts, profile and options it was composed from.
 * An empty list means it may go to legal review.
 */
export function checkStatementGuardrails(
  statement: HoldingStatement,
  facts: HoldingStatementFacts,
  profile: OrganisationProfile,
  options: ComposeOptions,
): GuardrailViolation[] {
  const violations: GuardrailViolation[] = [];
  const language = statement.language;
  const text = statement.text;
  // Sentences of the heading and the points (not of the text, whose point numbers read as figures).
  const sentences = [statement.heading, ...statement.points].flatMap((part) => part.split(/(?<=[.!?:;])\s+/));

  // The organisation's own contact may be printed; take it out before looking for personal data.
  const ownContact = [profile.spokesperson?.email, profile.spokesperson?.phone]
    .map((value) => value?.trim() ?? '')
    .filter((value) => value !== '');
  let scanned = text;
  for (const value of ownContact) scanned = scanned.split(value).join(' ');

  // The circulating information is acknowledged as a claim, whatever the sample showed: what is
  // confirmed has its own point, and the claimed figures stay unverified either way.
  if (!CLAIM_MARKERS[language].test(statement.points[0] ?? '')) {
    violations.push({
      rule: 'claim-wording',
      message: 'the first point acknowledges the circulating information without calling it alleged or claimed',
    });
  }
  if (facts.sample?.verdict !== 'confirmed') {
    const assertion = ASSERTIONS[language].exec(text);
    if (assertion) {
      violations.push({
        rule: 'claim-wording',
        message: `no confirmed sample, yet the statement asserts it: "${assertion[0]}"`,
      });
    }
  }

  const claimed = facts.claim.claimedRecordCount;
  if (claimed !== undefined) {
    const token = formatCount(claimed, language);
    const escaped = token.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    // The figure on its own: not part of a longer number, nor of "1 juta" when the claim is 1.
    const tokenPattern = new RegExp(
      `(?<![\\d.,])${escaped}(?![\\d]|[.,]\\d|\\s(?:juta|miliar|triliun|million|billion|trillion)\\b)`,
    );
    // A figure the text also prints for another reason (a member count, a date) cannot be told apart.
    const otherFigures = [
      profile.memberCount?.count,
      facts.sample?.sampleSize,
      facts.sample?.matchedRecords,
      facts.subjectsNotified?.subjectCount,
    ]
      .filter((n): n is number => n !== undefined)
      .map((n) => formatCount(n, language));
    const otherText = [
      statement.heading,
      statement.nextUpdateDueAt ? formatDateTime(new Date(statement.nextUpdateDueAt), language, profile.timeZone) : '',
      profile.name,
      contactLine(profile) ?? '',
      ...facts.regulatorsNotified.map((r) => r.regulatorName),
      ...(facts.regulatorsToNotify ?? []).map((r) => r.regulatorName),
      options.includeSourceDetails === true ? (facts.sourceTrace?.sourceSystem ?? '') : '',
    ].join(' ');
    const ambiguous =
      otherFigures.includes(token) ||
      tokenPattern.test(otherText) ||
      tokenPattern.test(String(profile.nextUpdateWithinHours ?? 24));
    if (!ambiguous) {
      for (const sentence of sentences) {
        if (tokenPattern.test(sentence) && !CLAIM_MARKERS[language].test(sentence)) {
          violations.push({
            rule: 'claimed-figure',
            message: `the claimed count ${token} appears in a sentence that does not call it a claim: "${sentence}"`,
          });
        }
      }
    }
  }

  for (const { what, pattern, test } of PERSONAL_DATA) {
    for (const match of scanned.matchAll(pattern)) {
      if (test === undefined || test(match[0])) {
        violations.push({ rule: 'personal-data', message: `the statement contains ${what}: "${match[0].trim()}"` });
      }
    }
  }

  const undisclosed = undisclosedFacts(facts, options);
  if (undisclosed.length > 0) {
    const baseline = renderStatement(withoutUndisclosedFacts(facts, options), profile, {
      ...options,
      language,
    }).text;
    for (const { rule, what, value } of undisclosed) {
      if (countOccurrences(text, value) > countOccurrences(baseline, value)) {
        violations.push({ rule, message: `the statement prints ${what}: "${value}"` });
      }
    }
  }

  if (options.includeSourceDetails !== true) {
    for (const pattern of VECTOR_WORDS) {
      const vector = pattern.exec(text);
      if (vector) {
        violations.push({
          rule: 'source-details',
          message: `the statement describes the attack vector ("${vector[0]}") though source details were not included`,
        });
      }
    }
  }

  if (facts.recordedFacts.encryptionAtRest !== true) {
    const encryption = ENCRYPTION_WORDS.exec(text);
    if (encryption) {
      violations.push({
        rule: 'encryption',
        message: `the statement mentions encryption ("${encryption[0]}") but encryption is not recorded as fact`,
      });
    }
  }

  for (const pattern of BLAME_WORDS) {
    const blame = pattern.exec(text);
    if (blame) violations.push({ rule: 'blame', message: `the statement assigns blame: "${blame[0]}"` });
  }

  const contactValues = [
    ...ownContact,
    statement.nextUpdateDueAt ? formatDateTime(new Date(statement.nextUpdateDueAt), language, profile.timeZone) : '',
  ].filter((value) => value !== '');
  const hasFollowUp = statement.points.some(
    (point) => NEXT_UPDATE_MARKERS[language].test(point) || contactValues.some((value) => point.includes(value)),
  );
  if (!hasFollowUp) {
    violations.push({
      rule: 'next-update-or-contact',
      message: 'the statement says neither when the next update comes nor whom to contact',
    });
  }

  return violations;
}
