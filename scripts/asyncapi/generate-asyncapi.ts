/**
 * The AsyncAPI 3.0.0 document of Breachline's messages, generated from the code: the event definitions
 * (types, schema versions, descriptions), the payload types (JSON Schemas by ts-json-schema-generator), the
 * CloudEvents Kafka binding, the dead-letter headers, the regulator-addressed CloudEvents and the webhook
 * signature headers. Header names and constant values are read from what the code actually produces for
 * sample events, so a header added to the code without a description here stops the generation.
 *
 * Run by `npm run docs:asyncapi` (writes docs/asyncapi.json); test/asyncapi.e2e-spec.ts fails when the
 * committed document differs from what this module generates.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import * as prettier from 'prettier';
import { CASE_EVENT_DEFINITIONS, STATEMENT_EVENT_TYPES } from '#libs/domain';
// Single modules rather than the libraries' index files: those also load the Nest modules and drivers.
import { cloudEventType } from '../../libs/messaging/src/cloud-event-codec.js';
import { topicsFor } from '../../libs/messaging/src/topics.js';
import { REGULATOR_CLOUD_EVENT_TYPES } from '../../libs/regulators/src/regulator-cloud-event.js';
import { WEBHOOK_EVENT_TYPES } from '../../apps/notifier/src/delivery-scheduler.js';
import {
  checkRefsResolve,
  type EventDefinitionInfo,
  HTTP_BINDING_VERSION,
  KAFKA_BINDING_VERSION,
  sortedByKey,
  UndocumentedMessageError,
  words,
} from './asyncapi-common.js';
import { caseEventHeaders, deadLetterHeaders, describeRegulatorCloudEvent, webhookHeaders } from './message-headers.js';
import { addLedgerCheckpoints } from './ledger-checkpoint-messages.js';
import { messageRoutes } from './message-routes.js';
import { type JsonSchema, MissingTypeError, TypeSchemas } from './type-schemas.js';

export { type EventDefinitionInfo, UndocumentedMessageError } from './asyncapi-common.js';

/** Where the document is written, relative to the repository root. */
export const ASYNCAPI_OUTPUT = 'docs/asyncapi.json';

export interface GenerateOptions {
  /** The repository root (holds package.json, tsconfig.json, libs/). */
  rootDir: string;
  /** Defaults to CASE_EVENT_DEFINITIONS; tests pass others. */
  definitions?: readonly EventDefinitionInfo[];
  /** Reuse a TypeScript program already made (making one takes a few seconds). */
  typeSchemas?: TypeSchemas;
}

const HERE = 'scripts/asyncapi/generate-asyncapi.ts';

/** The document as a JSON value. */
export async function buildAsyncApiDocument(options: GenerateOptions): Promise<JsonSchema> {
  const { rootDir } = options;
  const definitions = options.definitions ?? CASE_EVENT_DEFINITIONS;
  const types = options.typeSchemas ?? new TypeSchemas(rootDir);
  const packageJson = JSON.parse(await readFile(join(rootDir, 'package.json'), 'utf8')) as { version: string };
  const topics = topicsFor('');
  const byType = new Map(definitions.map((definition) => [definition.type, definition]));
  if (byType.size !== definitions.length) throw new Error('two event definitions have the same type');

  // Payload schemas: `<Type>Payload` for every definition, or a loud failure.
  const schemas: Record<string, JsonSchema> = {};
  for (const { type } of definitions) {
    const payloadType = `${type}Payload`;
    try {
      schemas[payloadType] = types.schemaOf(payloadType);
    } catch (error) {
      if (error instanceof MissingTypeError) {
        throw new UndocumentedMessageError(
          `event definition ${type} has no payload type: export an interface ${payloadType} beside it (${error.message})`,
        );
      }
      throw error;
    }
    const required = schemas[payloadType].required as string[] | undefined;
    if (!required?.includes('caseId'))
      throw new Error(`${payloadType} has no required caseId: every payload carries it`);
  }
  schemas.ActorRole = types.schemaOf('ActorRole');
  schemas.RegulatorCloudEvent = types.schemaOf('RegulatorCloudEvent');

  const caseHeaders = caseEventHeaders(definitions);
  schemas.CaseEventHeaders = caseHeaders.schema;
  schemas.DeadLetterHeaders = await deadLetterHeaders(rootDir, caseHeaders.properties);
  schemas.WebhookHeaders = webhookHeaders();

  const messages: Record<string, JsonSchema> = {};
  for (const { type, schemaVersion, description } of definitions) {
    messages[type] = {
      name: type,
      title: words(type),
      summary: description,
      contentType: 'application/json',
      'x-schema-version': schemaVersion,
      tags: [
        { name: (STATEMENT_EVENT_TYPES as readonly string[]).includes(type) ? 'holding-statement' : 'case-fact' },
        ...(type in REGULATOR_CLOUD_EVENT_TYPES ? [{ name: 'regulator-notification' }] : []),
      ],
      correlationId: { $ref: '#/components/correlationIds/caseEventCorrelation' },
      headers: {
        type: 'object',
        allOf: [{ $ref: '#/components/schemas/CaseEventHeaders' }],
        properties: {
          ce_type: { type: 'string', const: cloudEventType(type) },
          ce_schemaversion: { type: 'string', const: String(schemaVersion) },
        },
      },
      payload: { $ref: `#/components/schemas/${type}Payload` },
      bindings: {
        kafka: { key: { $ref: '#/components/schemas/CaseEventKey' }, bindingVersion: KAFKA_BINDING_VERSION },
      },
    };
  }
  schemas.CaseEventKey = {
    type: 'string',
    description:
      'The case id. Messages are partitioned by key, so all events of a case are on one partition, in case-version order.',
  };

  messages.DeadLetter = {
    name: 'DeadLetter',
    title: 'Dead letter',
    summary: 'A case-event message a consumer could not process, with why and where it came from.',
    description:
      'The original key, value and headers, byte for byte, plus the `dlq_*` headers. `npm run cli -- dlq replay` ' +
      'publishes it back onto `breachline.case-events` without the `dlq_*` headers; consumers are idempotent.',
    contentType: 'application/json',
    headers: { $ref: '#/components/schemas/DeadLetterHeaders' },
    payload: {
      description:
        'The original message value, unchanged: for a decodable event one of the payloads of `breachline.case-events` ' +
        '(its `ce_type` header tells which); for an undecodable one, whatever was sent.',
    },
    bindings: {
      kafka: {
        key: { type: 'string', description: 'The original key (the case id), unchanged.' },
        bindingVersion: KAFKA_BINDING_VERSION,
      },
    },
  };

  // Regulator-addressed CloudEvents (structured mode): the feed, its stream and the webhooks.
  schemas.RegulatorCloudEvent = describeRegulatorCloudEvent(schemas.RegulatorCloudEvent);
  const regulatorTypes = Object.entries(REGULATOR_CLOUD_EVENT_TYPES) as [string, string][];
  for (const [caseType, cloudType] of regulatorTypes) {
    const definition = byType.get(caseType);
    if (!definition) throw new Error(`REGULATOR_CLOUD_EVENT_TYPES maps ${caseType}, which has no event definition`);
    schemas[`${caseType}CloudEvent`] = {
      type: 'object',
      description: `What a regulator receives for ${caseType}: a CloudEvent whose data is that event's payload.`,
      allOf: [{ $ref: '#/components/schemas/RegulatorCloudEvent' }],
      properties: {
        type: { type: 'string', const: cloudType },
        data: { $ref: `#/components/schemas/${caseType}Payload` },
      },
    };
    messages[`${caseType}FeedItem`] = {
      name: cloudType,
      title: cloudType,
      summary: definition.description,
      contentType: 'application/json',
      'x-schema-version': definition.schemaVersion,
      'x-case-event': caseType,
      payload: { $ref: `#/components/schemas/${caseType}CloudEvent` },
    };
  }
  for (const caseType of WEBHOOK_EVENT_TYPES) {
    const cloudType = (REGULATOR_CLOUD_EVENT_TYPES as Record<string, string>)[caseType];
    if (!cloudType) throw new Error(`WEBHOOK_EVENT_TYPES has ${caseType}, which is not in REGULATOR_CLOUD_EVENT_TYPES`);
    messages[`${caseType}Webhook`] = {
      ...messages[`${caseType}FeedItem`],
      headers: { $ref: '#/components/schemas/WebhookHeaders' },
      bindings: {
        http: { headers: { $ref: '#/components/schemas/WebhookHeaders' }, bindingVersion: HTTP_BINDING_VERSION },
      },
    };
  }

  const routes = messageRoutes(definitions, regulatorTypes, topics);
  addLedgerCheckpoints(schemas, messages, routes, topics);

  // Shared named types (vocabularies, NotificationContent, …) last, so that every payload has been seen.
  for (const [name, schema] of types.sharedSchemas()) {
    if (name in schemas && !isDeepStrictEqual(schemas[name], schema)) throw new Error(`component ${name} twice`);
    schemas[name] = schema;
  }
  checkRefsResolve({ components: { schemas } });

  const document: JsonSchema = {
    asyncapi: '3.0.0',
    info: {
      title: 'Breachline messages',
      version: packageJson.version,
      description: [
        "The case events of Breachline's event store as published on Kafka, their dead-letter topic, and the",
        'notifications regulators receive through their feed, its Server-Sent-Events stream and signed webhooks,',
        'and the signed ledger checkpoints their feeds receive as witnesses.',
        '',
        `Generated by \`npm run docs:asyncapi\` from the event definitions (${HERE}); do not edit by hand.`,
        'Topic names and consumer groups get `KAFKA_TOPIC_PREFIX` in front (empty by default).',
      ].join('\n'),
    },
    defaultContentType: 'application/json',
    ...routes,
    components: {
      schemas: sortedByKey(schemas),
      messages,
      correlationIds: {
        caseEventCorrelation: {
          description: 'Events caused by one request (or one chain of requests) share a correlation id.',
          location: '$message.header#/ce_correlationid',
        },
      },
      securitySchemes: {
        regulatorApiKey: {
          type: 'http',
          scheme: 'bearer',
          description: '`Authorization: Bearer <API key>` of role `regulator`.',
        },
      },
    },
  };
  checkRefsResolve(document);
  return document;
}

/** The document as the text committed in docs/asyncapi.json: formatted by the repository's Prettier settings. */
export async function renderAsyncApiDocument(options: GenerateOptions): Promise<string> {
  const document = await buildAsyncApiDocument(options);
  const config = (await prettier.resolveConfig(join(options.rootDir, ASYNCAPI_OUTPUT))) ?? {};
  return prettier.format(JSON.stringify(document, null, 2), { ...config, parser: 'json' });
}
