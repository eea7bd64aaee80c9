import type { Type } from '@nestjs/common';
import fc from 'fast-check';
import { fieldNamesOf, fieldsOf, type Overrides, validField } from './dto-arbitraries.js';

/** Junk for the fuzz suites: hostile strings, keys, numbers and whole bodies, keyed by a DTO's own field names. */

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

export const NUMBERS = [
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
