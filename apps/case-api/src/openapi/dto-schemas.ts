import { createRequire } from 'node:module';
import type { SchemaObject } from '@nestjs/swagger';
import { IS_ISO8601, IS_URL, MAX, MIN, ValidationTypes, type ValidatorOptions, validateSync } from 'class-validator';
import { targetConstructorToSchema } from 'class-validator-jsonschema';
import { plainToInstance } from 'class-transformer';

type Converter = (meta: { constraints: unknown[]; message?: unknown }) => SchemaObject;
type Options = NonNullable<Parameters<typeof targetConstructorToSchema>[1]>;

/** class-transformer keeps @Type() metadata here (CommonJS only); nested DTOs are found through it. */
const classTransformerMetadataStorage = createRequire(import.meta.url)('class-transformer/cjs/storage.js')
  .defaultMetadataStorage as NonNullable<Options['classTransformerMetadataStorage']>;

/**
 * Where class-validator-jsonschema's default mapping is not what our validators mean:
 * `@Min`/`@Max` must not reset `@IsInt`'s integer type (the library sets `type: number`), `@IsDefined` is
 * already `required`, our instants are date-times and URLs are URIs. Custom validators keep their own
 * message as the description, so their rule is stated once, where it is enforced.
 */
const converters: Record<string, Converter> = {
  [MIN]: ({ constraints }) => ({ minimum: constraints[0] as number }),
  [MAX]: ({ constraints }) => ({ maximum: constraints[0] as number }),
  [ValidationTypes.IS_DEFINED]: () => ({}),
  [IS_ISO8601]: () => ({ type: 'string', format: 'date-time' }),
  [IS_URL]: () => ({ type: 'string', format: 'uri' }),
  isTextFields: ({ message }) => ({
    type: 'object',
    additionalProperties: { type: 'string' },
    ...(typeof message === 'string' && { description: sentence(message) }),
  }),
  isOneOfDescribed: ({ constraints }) => {
    const catalogue = constraints[0] as Record<string, string>;
    return {
      type: 'string',
      enum: Object.keys(catalogue),
      'x-enum-descriptions': Object.values(catalogue),
      description: Object.entries(catalogue)
        .map(([value, description]) => `- \`${value}\`: ${description}`)
        .join('\n'),
    };
  },
  isSubjectNoun: ({ constraints, message }) => {
    const [builtIn, languages, maxLength] = constraints as [readonly string[], readonly string[], number];
    const noun: SchemaObject = { type: 'string', minLength: 1, maxLength };
    return {
      oneOf: [
        { type: 'string', enum: [...builtIn] },
        {
          type: 'object',
          additionalProperties: false,
          minProperties: 1,
          properties: Object.fromEntries(languages.map((language) => [language, noun])),
        },
      ],
      ...(typeof message === 'string' && { description: sentence(message) }),
    };
  },
};

/** "$property must be an object of …" → "An object of …". */
const sentence = (message: string) =>
  message.replace(/^\$property must be (\w)/, (_, first: string) => first.toUpperCase());

const options: Partial<Options> = {
  refPointerPrefix: '#/components/schemas/',
  classTransformerMetadataStorage,
  additionalConverters: converters as unknown as Options['additionalConverters'],
};

/** What the global ValidationPipe enforces: unknown fields are refused, so every DTO schema is closed. */
export const VALIDATION_OPTIONS: ValidatorOptions = { whitelist: true, forbidNonWhitelisted: true };

export type DtoClass = new () => object;

/**
 * JSON Schemas of the given DTO classes and of every class nested in them (`@ValidateNested` + `@Type`),
 * derived from their class-validator metadata: the validation rules are written once, on the DTOs.
 * Property initialisers (`limit = 20`) become defaults.
 */
export function dtoSchemas(classes: Iterable<DtoClass>): Map<DtoClass, SchemaObject> {
  const schemas = new Map<DtoClass, SchemaObject>();
  const pending = [...classes];
  for (let dto = pending.shift(); dto; dto = pending.shift()) {
    if (schemas.has(dto)) continue;
    const schema = structuredClone(targetConstructorToSchema(dto, options)) as SchemaObject;
    if (!schema.properties) throw new Error(`${dto.name} has no class-validator metadata to document`);
    const defaults = new dto() as Record<string, unknown>;
    for (const [name, property] of Object.entries(schema.properties) as [string, SchemaObject & { $ref?: string }][]) {
      if (defaults[name] !== undefined) property.default = defaults[name];
      const nested = classTransformerMetadataStorage.findTypeMetadata(dto, name)?.typeFunction() as
        DtoClass | undefined;
      if (nested && property.$ref) pending.push(nested);
    }
    schemas.set(dto, { ...schema, additionalProperties: false });
  }
  return schemas;
}

/** Fails loudly when a documented example would be refused by the API's own validation. */
export function assertValidExample(dto: DtoClass, example: unknown, where: string): void {
  const errors = validateSync(plainToInstance(dto, example) as object, VALIDATION_OPTIONS);
  if (errors.length > 0) {
    const details = errors.flatMap(function flatten(error): string[] {
      return [
        ...Object.values(error.constraints ?? {}).map((message) => `${error.property}: ${message}`),
        ...(error.children ?? []).flatMap(flatten),
      ];
    });
    throw new Error(`The example of ${where} is not a valid ${dto.name}: ${details.join('; ')}`);
  }
}
