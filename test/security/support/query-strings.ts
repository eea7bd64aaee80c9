import type { Type } from '@nestjs/common';
import fc from 'fast-check';
import { type FieldRules, fieldsOf, type Overrides, validBody, validField } from './dto-arbitraries.js';
import { NASTY_KEYS, NASTY_STRINGS, NUMBERS } from './junk-values.js';

/** Query strings for the fuzz suites: junk ones, and valid ones derived from a query DTO. */

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
