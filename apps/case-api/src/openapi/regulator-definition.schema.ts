import type { SchemaObject } from '@nestjs/swagger';
import {
  CLOCK_STARTS,
  CONTENT_FIELD_PATTERN,
  DEADLINE_UNITS,
  JURISDICTIONS,
  MAX_DEADLINE_AMOUNT,
  REGULATOR_ID_PATTERN,
  STATEMENT_LANGUAGES,
} from '#libs/domain';

const text: SchemaObject = { type: 'string', minLength: 1 };
const closed = (required: string[], properties: Record<string, SchemaObject>): SchemaObject => ({
  type: 'object',
  additionalProperties: false,
  required,
  properties,
});

/**
 * `POST /v1/regulators` takes no DTO: the domain's validateRegulatorDefinition checks the body (each error
 * names its field path). This is the same shape, built from the domain's own vocabularies and patterns.
 */
export const regulatorDefinitionSchema: SchemaObject = {
  ...closed(['id', 'name', 'jurisdiction', 'legalBasis', 'deadline', 'requiredContent', 'delivery'], {
    id: { type: 'string', pattern: REGULATOR_ID_PATTERN.source },
    name: {
      description:
        'Display name per statement language; one language is enough (it is used for the others). A plain string is shorthand for a name in one language.',
      oneOf: [
        text,
        {
          type: 'object',
          additionalProperties: false,
          minProperties: 1,
          properties: Object.fromEntries(STATEMENT_LANGUAGES.map((language) => [language, text])),
        },
      ],
    },
    jurisdiction: { type: 'string', enum: [...JURISDICTIONS] },
    legalBasis: { ...text, description: 'The provision the deadline and the content come from.' },
    deadline: closed(['amount', 'unit', 'clockStartsAt', 'description'], {
      amount: { type: 'integer', minimum: 1, maximum: MAX_DEADLINE_AMOUNT },
      unit: { type: 'string', enum: [...DEADLINE_UNITS] },
      clockStartsAt: { type: 'string', enum: [...CLOCK_STARTS] },
      description: text,
    }),
    requiredContent: {
      type: 'array',
      minItems: 1,
      description: 'The content fields the regulator’s law requires in a notification.',
      items: closed(['field', 'label'], {
        field: { type: 'string', pattern: CONTENT_FIELD_PATTERN.source },
        label: text,
        description: text,
      }),
    },
    appliesWhen: closed([], { minAffectedSubjects: { type: 'integer', minimum: 1 } }),
    delivery: {
      oneOf: [
        closed(['mode'], { mode: { type: 'string', enum: ['feed'] } }),
        closed(['mode', 'url'], {
          mode: { type: 'string', enum: ['webhook'] },
          url: { type: 'string', format: 'uri' },
        }),
      ],
    },
  }),
  description: 'A regulator of the registry: its law’s deadline, required content and delivery.',
};
