import { STATEMENT_LANGUAGES, type StatementLanguage } from '../holding-statement/holding-statement-types.js';

/**
 * A regulator's display name per statement language, e.g. `{ en: "…", id: "…" }`. One language is enough: it is
 * used for the others. A plain string is shorthand for a name in one language, so definitions stored before names
 * had languages still read.
 */
export type RegulatorDisplayName = string | Readonly<Partial<Record<StatementLanguage, string>>>;

/**
 * The regulator's name to print in `language`: the name given for that language, else the first one given (in
 * STATEMENT_LANGUAGES order), else the plain-string name.
 */
export function regulatorName(
  definition: { readonly name: RegulatorDisplayName },
  language: StatementLanguage,
): string {
  const { name } = definition;
  if (typeof name === 'string') return name;
  const given = name[language] ?? STATEMENT_LANGUAGES.map((other) => name[other]).find((n) => n !== undefined);
  if (given === undefined) throw new RangeError('a regulator name needs at least one language');
  return given;
}
