import { isDeepStrictEqual } from 'node:util';
import { join } from 'node:path';
import { createGenerator, RootlessError, type SchemaGenerator } from 'ts-json-schema-generator';

/** A JSON Schema (draft-07 subset that AsyncAPI 3's default schema format accepts). */
export type JsonSchema = { [keyword: string]: unknown };

/** The files whose exported types the document is generated from (one TypeScript program for all of them). */
export const TYPE_SOURCE_FILES = [
  'libs/domain/src/case/case-events.ts',
  'libs/domain/src/shared/actor.ts',
  'libs/regulators/src/regulator-cloud-event.ts',
] as const;

/** Named types become components; AsyncAPI restricts component names to these characters. */
const COMPONENT_NAME = /^[A-Za-z0-9._-]+$/;

export class MissingTypeError extends Error {
  override name = 'MissingTypeError';
}

/**
 * JSON Schemas of exported TypeScript types, made by ts-json-schema-generator from the sources themselves
 * (JSDoc comments become descriptions). Named types a schema refers to — the vocabulary unions, say — are
 * collected once as shared components and referred to as `#/components/schemas/<Name>`.
 */
export class TypeSchemas {
  private readonly generator: SchemaGenerator;
  private readonly shared = new Map<string, JsonSchema>();

  constructor(rootDir: string) {
    this.generator = createGenerator({
      path: join(rootDir, `{${TYPE_SOURCE_FILES.map((file) => file.replace(/\.ts$/, '')).join(',')}}.ts`),
      tsconfig: join(rootDir, 'tsconfig.json'),
      // `tsc -p tsconfig.json` type-checks these files in `npm test`; here only the types are read.
      skipTypeCheck: true,
      expose: 'export',
      topRef: false,
      jsDoc: 'extended',
      // Open objects: a consumer should ignore a field added later (an optional field needs no new schemaVersion).
      additionalProperties: true,
    });
  }

  /** The schema of one exported type; throws MissingTypeError, naming the files searched, when there is none. */
  schemaOf(typeName: string): JsonSchema {
    let generated: JsonSchema;
    try {
      generated = this.generator.createSchema(typeName) as JsonSchema;
    } catch (error) {
      if (error instanceof RootlessError) {
        throw new MissingTypeError(`no exported type ${typeName} in ${TYPE_SOURCE_FILES.join(', ')}`);
      }
      throw error;
    }
    const { $schema: _schema, definitions = {}, ...schema } = generated;
    for (const [name, definition] of Object.entries(definitions as Record<string, JsonSchema>)) {
      this.share(name, rewriteRefs(definition));
    }
    return rewriteRefs(schema);
  }

  /** Every named type met so far, by name. */
  sharedSchemas(): ReadonlyMap<string, JsonSchema> {
    return this.shared;
  }

  private share(name: string, schema: JsonSchema): void {
    const known = this.shared.get(name);
    if (known && !isDeepStrictEqual(known, schema)) {
      throw new Error(
        `two different types are both named ${name}: rename one so that the document can tell them apart`,
      );
    }
    this.shared.set(name, schema);
  }
}

function rewriteRefs<T>(value: T): T {
  if (Array.isArray(value)) return value.map(rewriteRefs) as T;
  if (typeof value !== 'object' || value === null) return value;
  const copy: Record<string, unknown> = {};
  for (const [key, inner] of Object.entries(value)) {
    copy[key] = key === '$ref' && typeof inner === 'string' ? componentRef(inner) : rewriteRefs(inner);
  }
  return copy as T;
}

function componentRef(ref: string): string {
  const prefix = '#/definitions/';
  if (!ref.startsWith(prefix)) throw new Error(`unexpected $ref ${ref} in a generated schema`);
  const name = decodeURIComponent(ref.slice(prefix.length));
  if (!COMPONENT_NAME.test(name)) {
    throw new Error(`type ${name} cannot be a component name: give it a plain name (a type alias or an interface)`);
  }
  return `#/components/schemas/${name}`;
}
