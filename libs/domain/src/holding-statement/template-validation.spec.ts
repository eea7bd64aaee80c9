import { describe, expect, it } from '@jest/globals';
import { composeHoldingStatement } from './compose.js';
import { BPJS_KESEHATAN, SEED_NOW, SEED_SAMPLE_VERIFIED } from './holding-statement.fixtures.js';
import type { HoldingStatementTemplates } from './holding-statement-types.js';
import { validateTemplates } from './template-validation.js';
import { DEFAULT_TEMPLATES, TEMPLATE_CATALOGUE, TEMPLATE_KEYS } from './templates.js';

const errorsOf = (raw: unknown): string[] => {
  const result = validateTemplates(raw);
  return 'errors' in result ? result.errors : [];
};
const templatesOf = (raw: unknown): HoldingStatementTemplates => {
  const result = validateTemplates(raw);
  if ('errors' in result) throw new Error(result.errors.join('\n'));
  return result.templates;
};

describe('the built-in templates', () => {
  it('define every key in both languages and pass validation, guardrail probes included', () => {
    expect(Object.keys(DEFAULT_TEMPLATES.id).sort()).toEqual([...TEMPLATE_KEYS].sort());
    expect(Object.keys(DEFAULT_TEMPLATES.en).sort()).toEqual([...TEMPLATE_KEYS].sort());
    expect(errorsOf(DEFAULT_TEMPLATES)).toEqual([]);
  });

  it('only let the source-details sentence use the source system and vector', () => {
    const keys = TEMPLATE_KEYS.filter((key) =>
      TEMPLATE_CATALOGUE[key].placeholders.some((p) => p === 'sourceSystem' || p === 'vector'),
    );
    expect(keys).toEqual(['sourceDetails']);
  });
});

describe('validateTemplates', () => {
  it('accepts one language and keeps the built-in wording for the other', () => {
    const templates = templatesOf({ en: { ...DEFAULT_TEMPLATES.en, contact: 'Press desk: {contact}.' } });
    expect(templates.id).toBe(DEFAULT_TEMPLATES.id);
    expect(templates.en.contact).toBe('Press desk: {contact}.');
  });

  it('rejects an unknown placeholder, naming the key and what is allowed', () => {
    const errors = errorsOf({ en: { ...DEFAULT_TEMPLATES.en, claim: 'We saw {channel} posts about {hackerGroup}.' } });
    expect(errors).toEqual(['en.claim: unknown placeholder {hackerGroup} (allowed: {org}, {memberNoun}, {channel})']);
  });

  it('rejects the source system outside the source-details sentence', () => {
    expect(errorsOf({ id: { ...DEFAULT_TEMPLATES.id, actionTraced: 'Sumbernya {sourceSystem}.' } })).toEqual([
      expect.stringMatching(/^id\.actionTraced: unknown placeholder \{sourceSystem\}/),
    ]);
  });

  it('rejects a missing point, naming the key', () => {
    const { nextUpdate: _nextUpdate, coordinationNotified: _coordination, ...rest } = DEFAULT_TEMPLATES.id;
    expect(errorsOf({ id: rest })).toEqual([
      'id.coordinationNotified: missing (a language block defines every key; point: protection)',
      'id.nextUpdate: missing (a language block defines every key; point: next-update)',
    ]);
  });

  it('rejects a sentence that leaves out the figure or name it exists to state', () => {
    const errors = errorsOf({
      en: {
        ...DEFAULT_TEMPLATES.en,
        coordinationNotified: 'We have reported this incident to the authorities.',
        nextUpdate: 'We will update you soon.',
        comparisonExceeds: 'We have fewer members than claimed ({claimedCount}).',
      },
    });
    expect(errors).toEqual([
      'en.comparisonExceeds: must use {memberCount}',
      'en.coordinationNotified: must use {regulators}',
      'en.nextUpdate: must use one of {nextUpdateAt}, {hours}',
    ]);
  });

  it('rejects unknown keys and languages, wrong types and stray braces', () => {
    expect(errorsOf({ fr: {} })).toEqual(['fr: unknown language (known: id, en)']);
    expect(errorsOf({ en: { ...DEFAULT_TEMPLATES.en, footer: 'Thanks.' } })).toEqual([
      'en.footer: unknown template key',
    ]);
    expect(errorsOf({ en: { ...DEFAULT_TEMPLATES.en, followUp: 42 } })).toEqual([
      'en.followUp: must be a non-empty string',
    ]);
    expect(errorsOf({ en: { ...DEFAULT_TEMPLATES.en, followUp: '  ' } })).toEqual([
      'en.followUp: must be a non-empty string',
    ]);
    expect(errorsOf({ en: { ...DEFAULT_TEMPLATES.en, followUp: 'More {soon' } })).toEqual([
      "en.followUp: a '{' is not closed",
    ]);
    expect(errorsOf({ en: { ...DEFAULT_TEMPLATES.en, followUp: 'More soon}' } })).toEqual([
      "en.followUp: a '}' has no matching '{'",
    ]);
    expect(errorsOf({ en: { ...DEFAULT_TEMPLATES.en, followUp: 'More {next update}' } })).toEqual([
      'en.followUp: "{next update}" is not a placeholder name (letters only)',
    ]);
    expect(errorsOf({ en: 'Hello' })).toEqual(['en: must be an object of template key → sentence']);
    expect(errorsOf({})).toEqual(['templates must define at least one language (id, en)']);
    expect(errorsOf(null)).toEqual(['templates must be an object keyed by language (id, en)']);
    expect(errorsOf([])).toEqual(['templates must be an object keyed by language (id, en)']);
  });

  it('rejects wording that would break a guardrail, naming the stage', () => {
    const errors = errorsOf({
      id: {
        ...DEFAULT_TEMPLATES.id,
        claimWithCount: 'Sebanyak {claimedCount} data {org} telah bocor {channel}.',
        protection: '{org} menyimpan data {memberNoun} secara terenkripsi.',
        closedFalseReport: 'Laporan ini akibat ulah peretas.',
      },
    });
    expect(errors).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^id \(claim above the member count, stage claim\): claim-wording: /),
        expect.stringMatching(/^id \(claim above the member count, stage claim\): claimed-figure: /),
        expect.stringMatching(/^id \(sample confirmed, stage sample-confirmed\): encryption: /),
        expect.stringMatching(/^id \(closed, false report, stage closed\): blame: /),
      ]),
    );
  });

  it('rejects wording that asserts an unverified claim', () => {
    const errors = errorsOf({
      en: { ...DEFAULT_TEMPLATES.en, findingsInconclusive: 'We have confirmed that a breach occurred at {org}.' },
    });
    expect(errors).toEqual([
      expect.stringMatching(/^en \(sample inconclusive, stage sample-inconclusive\): claim-wording: /),
    ]);
  });
});

describe('a custom template', () => {
  it('changes the composed statement', () => {
    const templates = templatesOf({
      id: {
        ...DEFAULT_TEMPLATES.id,
        heading: 'HOLDING STATEMENT {org} — {date}',
        nextUpdate: 'Kami akan memberikan informasi terbaru dalam {hours} jam, paling lambat {nextUpdateAt}.',
      },
    });
    const statement = composeHoldingStatement(SEED_SAMPLE_VERIFIED, BPJS_KESEHATAN, {
      language: 'id',
      now: SEED_NOW,
      templates,
    });
    expect(statement.heading).toBe('HOLDING STATEMENT BPJS Kesehatan — 20 Mei 2021');
    expect(statement.points.at(-1)).toMatch(
      /^Kami akan memberikan informasi terbaru dalam 24 jam, paling lambat 21 Mei 2021 pukul 15\.00 WIB\./,
    );
    const english = composeHoldingStatement(SEED_SAMPLE_VERIFIED, BPJS_KESEHATAN, {
      language: 'en',
      now: SEED_NOW,
      templates,
    });
    expect(english.text).toBe(
      composeHoldingStatement(SEED_SAMPLE_VERIFIED, BPJS_KESEHATAN, { language: 'en', now: SEED_NOW }).text,
    );
  });
});
