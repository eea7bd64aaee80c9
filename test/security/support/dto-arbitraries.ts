import type { Type } from '@nestjs/common';
import { getMetadataStorage } from 'class-validator';
import fc from 'fast-check';

/**
 * Arbitraries derived from a DTO's own class-validator metadata, so every request DTO — including ones
 * added later — gets fuzzed without a hand-written generator: `validBody` for values the DTO accepts (best effort:
 * unknown custom rules fall back to overrides); junk-values.ts and query-strings.ts build the junk from them.
 */

export interface FieldRules {
  name: string;
  rules: Map<string, unknown[]>;
  optional: boolean;
  each: Set<string>;
  nested?: Type<unknown>;
  designType?: unknown;
}

const NESTED = 'nestedValidation';
const CONDITIONAL = 'conditionalValidation';

export function fieldsOf(dto: Type<unknown>): FieldRules[] {
  const fields = new Map<string, FieldRules>();
  for (const meta of getMetadataStorage().getTargetValidationMetadatas(dto, '', true, false)) {
    const field: FieldRules = fields.get(meta.propertyName) ?? {
      name: meta.propertyName,
      rules: new Map(),
      optional: false,
      each: new Set<string>(),
      designType: Reflect.getMetadata('design:type', dto.prototype, meta.propertyName),
    };
    fields.set(meta.propertyName, field);
    if (meta.type === CONDITIONAL && meta.name === 'isOptional') field.optional = true;
    else if (meta.type === NESTED) {
      const type = field.designType;
      if (typeof type === 'function' && type !== Object && type !== Array) field.nested = type as Type<unknown>;
    } else if (meta.name) {
      field.rules.set(meta.name, (meta.constraints ?? []) as unknown[]);
      if (meta.each) field.each.add(meta.name);
    }
  }
  return [...fields.values()];
}

/** Every field name of a DTO and of its nested DTOs (keys to pick from). */
export function fieldNamesOf(dto: Type<unknown>): string[] {
  return fieldsOf(dto).flatMap((field) => [field.name, ...(field.nested ? fieldNamesOf(field.nested) : [])]);
}

// ---------------------------------------------------------------------------------------------------------------
// Valid values

/** Instants the domain accepts for facts of the fuzz cases: after the seed report arrived, not in the future. */
export const instant = () =>
  fc
    .date({ min: new Date('2021-05-20T03:00:01Z'), max: new Date(Date.now() - 60_000), noInvalidDate: true })
    .map((d) => d.toISOString());

const text = (min: number, max: number) =>
  fc
    .oneof(
      {
        weight: 6,
        arbitrary: fc.string({ unit: 'grapheme', minLength: Math.max(min, 1), maxLength: Math.min(max, 120) }),
      },
      { weight: 1, arbitrary: fc.constant('é'.repeat(max)) },
      {
        weight: 1,
        arbitrary: fc.string({ unit: 'binary', minLength: Math.max(min, 1), maxLength: Math.min(max, 40) }),
      },
    )
    .filter((s) => s.length >= min && s.length <= max);

export type Overrides = Record<string, fc.Arbitrary<unknown>>;

export function validField(
  dto: Type<unknown>,
  field: FieldRules,
  overrides: Overrides,
): fc.Arbitrary<unknown> | undefined {
  const override = overrides[`${dto.name}.${field.name}`];
  if (override) return override;
  const rule = (name: string) => field.rules.get(name);
  if (field.nested) return validBody(field.nested, overrides);
  const isIn = rule('isIn')?.[0] as string[] | undefined;
  if (isIn && field.each.has('isIn')) {
    const max = (rule('arrayMaxSize')?.[0] as number | undefined) ?? isIn.length;
    return fc.uniqueArray(fc.constantFrom(...isIn), { maxLength: Math.min(max, isIn.length) });
  }
  if (isIn) return fc.constantFrom(...isIn);
  const described = rule('isOneOfDescribed')?.[0] as Record<string, string> | undefined;
  if (described) return fc.constantFrom(...Object.keys(described));
  if (rule('isIso8601')) return instant();
  if (rule('isUuid')) return fc.uuid({ version: 4 });
  if (rule('isUrl'))
    return fc.webUrl({ validSchemes: ['https'], withQueryParameters: true }).filter((u) => u.length <= 2_000);
  if (rule('isEmail')) return fc.emailAddress();
  if (rule('isBoolean')) return fc.boolean();
  if (rule('isInt')) {
    const min = (rule('min')?.[0] as number | undefined) ?? -1_000_000;
    const max = (rule('max')?.[0] as number | undefined) ?? 1_000_000;
    return fc.oneof(fc.integer({ min, max: Math.min(max, min + 1_000) }), fc.constantFrom(min, max));
  }
  if (rule('isString') || rule('isLength')) {
    const [min, max] = (rule('isLength') ?? [1, 200]) as [number, number];
    return text(min, max);
  }
  if (rule('isTextFields')) {
    return fc.dictionary(fc.stringMatching(/^[A-Za-z][A-Za-z0-9_-]{0,20}$/), text(1, 200), { minKeys: 1, maxKeys: 5 });
  }
  return undefined; // a rule this generator does not know (e.g. @Matches): the field is left out
}

/** Bodies the DTO should accept; optional fields are sometimes left out. */
export function validBody(dto: Type<unknown>, overrides: Overrides = {}): fc.Arbitrary<Record<string, unknown>> {
  const override = overrides[dto.name];
  if (override) return override as fc.Arbitrary<Record<string, unknown>>;
  const entries: Record<string, fc.Arbitrary<unknown>> = {};
  const optional: string[] = [];
  for (const field of fieldsOf(dto)) {
    const arbitrary = validField(dto, field, overrides);
    if (!arbitrary) continue;
    entries[field.name] = arbitrary;
    if (field.optional) optional.push(field.name);
  }
  return fc.record(entries, { requiredKeys: Object.keys(entries).filter((k) => !optional.includes(k)) });
}

/** The names of fields the valid generator cannot produce: reported, so a new @Matches gets an override. */
export function unknownRules(dto: Type<unknown>, overrides: Overrides = {}): string[] {
  if (overrides[dto.name]) return [];
  return fieldsOf(dto).flatMap((field) =>
    field.nested
      ? unknownRules(field.nested, overrides)
      : validField(dto, field, overrides) === undefined
        ? [`${dto.name}.${field.name} (${[...field.rules.keys()].join(', ')})`]
        : [],
  );
}
