import type { Type } from '@nestjs/common';
import { getMetadataStorage } from 'class-validator';
import fc from 'fast-check';

/**
 * Arbitraries derived from a DTO's own class-validator metadata, so every request DTO — including ones
 * added later — gets fuzzed without a hand-written generator: `junkBody` for anything a client could send,
 * `validBody` for values the DTO accepts (best effort: unknown custom rules fall back to overrides).
 */

interface FieldRules {
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

function validField(dto: Type<unknown>, field: FieldRules, overrides: Overrides): fc.Arbitrary<unknown> | undefined {
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

// ---------------------------------------------------------------------------------------------------------------
// Junk

/** Strings that have broken naive parsers before: pass-through ISO look-alikes, operators as text, encodings. */
export const NASTY_STRINGS = [
  '',
  ' ',
  '\u0000',
  'a\u0000b',
  '\ud800',
  'x\udfffy',
  '\u202e',
  '😀'.repeat(5),
  'null',
  'undefined',
  'true',
  '0',
  '-1',
  '1e309',
  'NaN',
  'Infinity',
  '-0',
  '0x10',
  '١٢٣',
  '2021-W01',
  '2021-05-20T03Z',
  '2021-05-20T03:00:00,5Z',
  '2021-001T00:00:00Z',
  '2021-05-20T03:00:00.5+01',
  '2021-05-20T03:00:00+23:59',
  '9999-12-31T23:59:59Z',
  '0001-01-01T00:00:00Z',
  '2021-02-29T00:00:00Z',
  '1970-01-01T00:00:00Z',
  '2100-01-01T00:00:00Z',
  '../../etc/passwd',
  '<script>alert(1)</script>',
  "' OR 1=1 --",
  '{"$gt":""}',
  '$where',
  'a.b',
  '$',
  '.',
  '.*',
  '^(a+)+$',
  '\\',
  '%00',
  '%',
  'whsec_',
  'javascript:alert(1)',
  'http://127.0.0.1:1/',
  'file:///etc/passwd',
  'id-pdp',
  'sg-pdpc',
  '00000000-0000-4000-8000-000000000000',
];

export const OPERATOR_OBJECTS: unknown[] = [
  { $gt: '' },
  { $where: '1' },
  { $ne: null },
  { $regex: '.*' },
  { $in: ['a'] },
  { $exists: true },
  { 'a.b': 1 },
  { $set: { role: 'admin' } },
  { $expr: { $eq: [1, 1] } },
];

export const NASTY_KEYS = [
  '$gt',
  '$where',
  '$set',
  '$ne',
  '$regex',
  '$',
  'a.b',
  '.',
  '..',
  '$a.b',
  '__proto__',
  'constructor',
  'prototype',
  'toString',
  'valueOf',
  'hasOwnProperty',
  '',
  ' ',
  '\u0000',
  'x\u0000',
  '😀',
  '_id',
  'metadata',
  'actor',
  'caseId',
  'version',
];

const NUMBERS = [
  0,
  -0,
  -1,
  1,
  0.5,
  -0.5,
  1e308,
  -1e308,
  5e-324,
  2 ** 31,
  2 ** 53,
  2 ** 53 + 2,
  1e11,
  1e11 + 1,
  100_000_000_001,
  1e21,
  1e300,
];

export function junkLeaf(dto?: Type<unknown>, overrides: Overrides = {}): fc.Arbitrary<unknown> {
  const validLeaves = dto
    ? fieldsOf(dto)
        .map((field) => validField(dto, field, overrides))
        .filter((a): a is fc.Arbitrary<unknown> => a !== undefined)
    : [];
  return fc.oneof(
    { weight: 4, arbitrary: fc.string({ unit: 'binary', maxLength: 40 }) },
    { weight: 4, arbitrary: fc.constantFrom(...NASTY_STRINGS) },
    { weight: 2, arbitrary: fc.integer() },
    { weight: 1, arbitrary: fc.double() },
    { weight: 2, arbitrary: fc.constantFrom(...NUMBERS) },
    { weight: 1, arbitrary: fc.boolean() },
    { weight: 1, arbitrary: fc.constant(null) },
    { weight: 1, arbitrary: fc.integer({ min: 2_000, max: 60_000 }).map((n) => 'x'.repeat(n)) },
    { weight: 1, arbitrary: fc.constantFrom(...OPERATOR_OBJECTS) },
    ...(validLeaves.length > 0 ? [{ weight: 3, arbitrary: fc.oneof(...validLeaves) }] : []),
  );
}

const junkKey = (names: string[]) =>
  fc.oneof(
    ...(names.length > 0 ? [{ weight: 5, arbitrary: fc.constantFrom(...names) }] : []),
    { weight: 3, arbitrary: fc.constantFrom(...NASTY_KEYS) },
    { weight: 2, arbitrary: fc.string({ unit: 'binary', maxLength: 16 }) },
  );

/** Any JSON value, with DTO field names and hostile keys as object keys, up to a few levels deep. */
export function junkValue(dto?: Type<unknown>, overrides: Overrides = {}): fc.Arbitrary<unknown> {
  const names = dto ? [...new Set(fieldNamesOf(dto))] : [];
  const leaf = junkLeaf(dto, overrides);
  const { node } = fc.letrec((tie) => ({
    node: fc.oneof(
      { depthSize: 'small', withCrossShrink: true },
      leaf,
      fc.array(tie('node'), { maxLength: 5 }),
      fc.dictionary(junkKey(names), tie('node'), { maxKeys: 6 }),
    ),
  }));
  return node;
}

/** A body as text, so that keys like __proto__ reach the server exactly as written. */
export type RawBody = { raw: string };

const deepNesting = fc
  .record({
    depth: fc.oneof(fc.integer({ min: 50, max: 2_000 }), fc.integer({ min: 2_000, max: 20_000 })),
    kind: fc.constantFrom('array', 'object', 'in-field'),
    field: fc.string({ maxLength: 8 }),
  })
  .map(({ depth, kind, field }): RawBody => {
    if (kind === 'array') return { raw: '['.repeat(depth) + ']'.repeat(depth) };
    if (kind === 'object') return { raw: '{"a":'.repeat(depth) + '1' + '}'.repeat(depth) };
    return { raw: `{${JSON.stringify(field)}:${'['.repeat(depth)}${']'.repeat(depth)}}` };
  });

const prototypePollution = (names: string[]) =>
  fc
    .record({
      name: names.length > 0 ? fc.constantFrom(...names) : fc.constant('x'),
      key: fc.constantFrom('__proto__', 'constructor', 'prototype'),
      nested: fc.boolean(),
    })
    .map(({ name, key, nested }): RawBody => {
      const payload =
        key === 'constructor' ? '{"prototype":{"isAdmin":true,"role":"admin"}}' : '{"isAdmin":true,"role":"admin"}';
      return { raw: nested ? `{"${name}":{"${key}":${payload}}}` : `{"${key}":${payload},"${name}":"x"}` };
    });

const brokenJson = fc.constantFrom<RawBody>(
  { raw: '' },
  { raw: '{' },
  { raw: '{"a":' },
  { raw: 'null' },
  { raw: '"just a string"' },
  { raw: '123' },
  { raw: '[]' },
  { raw: '{"a":1,"a":2}' },
  { raw: '{"a":1}garbage' },
  { raw: '\ufeff{}' },
  { raw: '{"a":"\\ud800"}' },
  { raw: '{"a":1e999999}' },
  { raw: '{"a":NaN}' },
  { raw: "{'a':1}" },
);

/**
 * Anything a client could post to a DTO route: random objects keyed by the DTO's own field names and hostile
 * keys, valid bodies with one field broken, wrong root types, huge strings, deep nesting, prototype pollution.
 */
export function junkBody(
  dto: Type<unknown> | undefined,
  valid: fc.Arbitrary<Record<string, unknown>> | undefined,
  overrides: Overrides = {},
  extraNames: string[] = [],
) {
  const names = [...new Set([...(dto ? fieldNamesOf(dto) : []), ...extraNames])];
  const value = junkValue(dto, overrides);
  const broken = valid
    ? fc
        .record({
          base: valid,
          op: fc.constantFrom('set', 'delete', 'add', 'nest'),
          field: names.length > 0 ? fc.constantFrom(...names) : fc.constant('x'),
          key: junkKey(names),
          value,
        })
        .map(({ base, op, field, key, value: v }) => {
          const copy: Record<string, unknown> = JSON.parse(JSON.stringify(base));
          if (op === 'set') copy[field] = v;
          else if (op === 'delete') delete copy[field];
          else if (op === 'add')
            Object.defineProperty(copy, key, { value: v, enumerable: true, writable: true, configurable: true });
          else {
            const nested = Object.values(copy).find((x) => typeof x === 'object' && x !== null && !Array.isArray(x)) as
              Record<string, unknown> | undefined;
            if (nested)
              Object.defineProperty(nested, key, { value: v, enumerable: true, writable: true, configurable: true });
            else copy[field] = v;
          }
          return copy;
        })
    : undefined;
  return fc.oneof(
    { weight: 6, arbitrary: fc.dictionary(junkKey(names), value, { maxKeys: 8 }) as fc.Arbitrary<unknown> },
    ...(broken ? [{ weight: 8, arbitrary: broken as fc.Arbitrary<unknown> }] : []),
    { weight: 1, arbitrary: value },
    { weight: 1, arbitrary: deepNesting as fc.Arbitrary<unknown> },
    { weight: 1, arbitrary: prototypePollution(names) as fc.Arbitrary<unknown> },
    { weight: 1, arbitrary: brokenJson as fc.Arbitrary<unknown> },
  );
}

export const isRaw = (body: unknown): body is RawBody =>
  typeof body === 'object' &&
  body !== null &&
  Object.keys(body).length === 1 &&
  typeof (body as RawBody).raw === 'string';

/** The request body text for a generated body. */
export const bodyText = (body: unknown): string => (isRaw(body) ? body.raw : (JSON.stringify(body) ?? 'null'));

// ---------------------------------------------------------------------------------------------------------------
// Query strings

const queryValue = (dto: Type<unknown>, field: FieldRules | undefined, overrides: Overrides) => {
  const valid = field ? validField(dto, field, overrides) : undefined;
  return fc.oneof(
    { weight: 6, arbitrary: fc.constantFrom(...NASTY_STRINGS) },
    { weight: 4, arbitrary: fc.string({ unit: 'binary', maxLength: 30 }) },
    { weight: 3, arbitrary: fc.constantFrom(...NUMBERS).map(String) },
    { weight: 2, arbitrary: fc.integer().map(String) },
    { weight: 1, arbitrary: fc.constantFrom('1', '2', '100', '101', ' 1', '1 ', '01', '1.0', '+1', '1e2', '-5') },
    { weight: 1, arbitrary: fc.integer({ min: 1_000, max: 6_000 }).map((n) => 'a'.repeat(n)) },
    ...(valid ? [{ weight: 1, arbitrary: valid.map((v) => (typeof v === 'string' ? v : JSON.stringify(v))) }] : []),
  );
};

const encode = (text: string) => {
  try {
    return encodeURIComponent(text);
  } catch {
    return text.replace(/[^\x20-\x7e]/g, '%ff');
  }
};

/**
 * Query strings for a query DTO: its fields with hostile and wrong values, repeated keys (arrays), bracket
 * keys as other frameworks parse them, unknown keys, broken percent-encoding. Fields named in `slowFields`
 * get valid values rarely (a valid minVersion waits up to 2 s by design).
 */
export function junkQuery(dto: Type<unknown>, overrides: Overrides = {}) {
  const fields = fieldsOf(dto);
  const names = fields.map((f) => f.name);
  const pair = fc
    .record({
      name: fc.oneof(
        { weight: 6, arbitrary: fc.constantFrom(...names) },
        { weight: 1, arbitrary: fc.constantFrom(...NASTY_KEYS) },
        { weight: 1, arbitrary: fc.constantFrom(...names).map((n) => `${n}[$gt]`) },
        { weight: 1, arbitrary: fc.constantFrom(...names).map((n) => `${n}[]`) },
      ),
      count: fc.oneof(
        { weight: 5, arbitrary: fc.constant(1) },
        { weight: 1, arbitrary: fc.integer({ min: 2, max: 3 }) },
      ),
    })
    .chain(({ name, count }) =>
      fc
        .array(
          queryValue(
            dto,
            fields.find((f) => f.name === name),
            overrides,
          ),
          { minLength: count, maxLength: count },
        )
        .map((values) => values.map((v) => `${encode(name)}=${encode(v)}`).join('&')),
    );
  const rawBits = fc.constantFrom(
    '%',
    '%zz',
    '%E0%A4%A',
    '&&&',
    '=',
    '==',
    'a',
    '?',
    '#x',
    '%00',
    '+',
    'limit=%20',
    'q=%2E%2A',
  );
  return fc
    .array(fc.oneof({ weight: 6, arbitrary: pair }, { weight: 1, arbitrary: rawBits }), { minLength: 0, maxLength: 5 })
    .map((parts) => parts.join('&'));
}

/** Valid query strings, with the slow fields left out. */
export function validQuery(dto: Type<unknown>, overrides: Overrides = {}, slowFields: string[] = []) {
  return validBody(dto, overrides).map((values) =>
    Object.entries(values)
      .filter(([name]) => !slowFields.includes(name))
      .map(([name, value]) => `${encode(name)}=${encode(typeof value === 'string' ? value : JSON.stringify(value))}`)
      .join('&'),
  );
}

/** How deeply a JSON text nests (outside strings): fuzz failures are grouped by it. */
export function nestingDepth(text: string): number {
  let depth = 0;
  let max = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (inString) {
      if (c === '\\') i++;
      else if (c === '"') inString = false;
    } else if (c === '"') inString = true;
    else if (c === '[' || c === '{') max = Math.max(max, ++depth);
    else if (c === ']' || c === '}') depth--;
  }
  return max;
}
