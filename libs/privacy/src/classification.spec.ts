import { readFileSync } from 'node:fs';
import { describe, expect, it } from '@jest/globals';
import { CASE_EVENT_DEFINITIONS } from '#libs/domain';

interface Schema {
  $ref?: string;
  type?: string | string[];
  enum?: unknown[];
  const?: unknown;
  properties?: Record<string, Schema>;
  items?: Schema;
  additionalProperties?: Schema | boolean;
  allOf?: Schema[];
  anyOf?: Schema[];
  oneOf?: Schema[];
}

/** The payload schemas generated from the payload types (docs/asyncapi.json, kept current by a test). */
const schemas = (
  JSON.parse(readFileSync('docs/asyncapi.json', 'utf8')) as { components: { schemas: Record<string, Schema> } }
).components.schemas;

/** Every path to a string in a schema, written like the classification's: `a.b`, `a[]`, `a.*` for records. */
function stringPaths(schema: Schema, at: string): string[] {
  if (schema.$ref) return stringPaths(schemas[schema.$ref.split('/').pop()!], at);
  const variants = [...(schema.allOf ?? []), ...(schema.anyOf ?? []), ...(schema.oneOf ?? [])];
  const join = (key: string) => (at === '' ? key : `${at}.${key}`);
  const paths = variants.flatMap((variant) => stringPaths(variant, at));
  const types = [schema.type].flat();
  if (types.includes('string') || typeof schema.const === 'string' || schema.enum?.some((v) => typeof v === 'string'))
    paths.push(at);
  if (schema.items) paths.push(...stringPaths(schema.items, `${at}[]`));
  for (const [key, property] of Object.entries(schema.properties ?? {}))
    paths.push(...stringPaths(property, join(key)));
  if (typeof schema.additionalProperties === 'object')
    paths.push(...stringPaths(schema.additionalProperties, join('*')));
  return [...new Set(paths)];
}

describe('personal-data classification', () => {
  it('classifies every string field of every event type, as its generated schema has them', () => {
    const unclassified: string[] = [];
    let walked = 0;
    for (const definition of CASE_EVENT_DEFINITIONS) {
      const schema = schemas[`${definition.type}Payload`];
      expect([definition.type, schema !== undefined]).toEqual([definition.type, true]);
      for (const path of stringPaths(schema, '')) {
        walked++;
        if (!(path in definition.classification)) unclassified.push(`${definition.type}: ${path}`);
      }
    }
    expect(unclassified).toEqual([]);
    expect(walked).toBeGreaterThan(80);
  });

  it('treats free text as personal, and the erasure record as holding none', () => {
    const personal = Object.fromEntries(CASE_EVENT_DEFINITIONS.map((d) => [d.type, d.personalPaths]));
    expect(personal.ReportReceived).toEqual(['title', 'report.summary', 'report.sourceUrl']);
    expect(personal.RegulatorNotified).toEqual(['content.*']);
    expect(personal.PersonalDataErased).toEqual([]);
    const freeText = ['note', 'notes', 'summary', 'containment', 'messageSummary', 'likelyConsequences', 'method'];
    for (const definition of CASE_EVENT_DEFINITIONS) {
      for (const [path, fieldClass] of Object.entries(definition.classification)) {
        if (freeText.includes(path))
          expect([definition.type, path, fieldClass]).toEqual([definition.type, path, 'personal']);
      }
    }
  });
});
