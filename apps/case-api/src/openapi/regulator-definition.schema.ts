import type { SchemaObject } from '@nestjs/swagger';
import {
  AVAILABILITY_LOSSES,
  CLOCK_STARTS,
  CONFIDENTIALITY_LOSSES,
  DATA_CATEGORIES,
  CONTENT_FIELD_PATTERN,
  DEADLINE_UNITS,
  JURISDICTIONS,
  MAX_DEADLINE_AMOUNT,
  NOTIFIABILITY_OUTCOMES,
  REGULATOR_ID_PATTERN,
  STATEMENT_LANGUAGES,
  RISKS_TO_INDIVIDUALS,
} from '#libs/domain';

const text: SchemaObject = { type: 'string', minLength: 1 };
const closed = (required: string[], properties: Record<string, SchemaObject>): SchemaObject => ({
  type: 'object',
  additionalProperties: false,
  required,
  properties,
});

const listOf = (values: readonly string[]): SchemaObject => ({
  type: 'array',
  minItems: 1,
  items: { type: 'string', enum: [...values] },
});
const notifiabilityTest = (outcomes: readonly string[]): SchemaObject =>
  closed(['rules'], {
    rules: {
      type: 'array',
      minItems: 1,
      maxItems: 50,
      description: 'Tried in order; the first whose `when` holds decides. The last one’s `when` must be `{}`.',
      items: closed(['when', 'outcome', 'clause', 'reason'], {
        when: closed([], {
          confidentiality: listOf(CONFIDENTIALITY_LOSSES),
          integrity: { type: 'boolean' },
          availability: listOf(AVAILABILITY_LOSSES),
          dataUnintelligible: { type: 'boolean' },
          harmRemediated: { type: 'boolean' },
          riskToIndividuals: listOf(RISKS_TO_INDIVIDUALS),
          minAffectedSubjects: { type: 'integer', minimum: 1 },
          dataCategories: {
            type: 'array',
            minItems: 1,
            description: 'One category of each group was affected.',
            items: closed(['anyOf'], { anyOf: listOf(DATA_CATEGORIES) }),
          },
        }),
        outcome: { type: 'string', enum: [...outcomes] },
        clause: { ...text, maxLength: 500 },
        reason: { ...text, maxLength: 500 },
      }),
    },
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
    notifiability: {
      ...closed(['regulator', 'dataSubjects'], {
        regulator: notifiabilityTest(NOTIFIABILITY_OUTCOMES),
        dataSubjects: notifiabilityTest(NOTIFIABILITY_OUTCOMES.filter((o) => o !== 'annual-log')),
      }),
      description:
        'The law’s test of whether to notify the regulator and the data subjects at all; without one, `assess`.',
    },
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
