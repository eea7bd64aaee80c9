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
import type { IHeaders, KafkaMessage, Message, Producer, ProducerRecord } from 'kafkajs';
import * as prettier from 'prettier';
import { CASE_EVENT_DEFINITIONS, STATEMENT_EVENT_TYPES } from '#libs/domain';
import type { StoredEvent } from '#libs/event-store';
// Single modules rather than the libraries' index files: those also load the Nest modules and drivers.
import { cloudEventType, toKafkaMessage } from '../../libs/messaging/src/cloud-event-codec.js';
import { sendToDeadLetter } from '../../libs/messaging/src/dead-letter.js';
import { consumerGroupFor, topicsFor } from '../../libs/messaging/src/topics.js';
import type { CaseStoredEvent } from '../../libs/read-models/src/projection.js';
import { REGULATOR_CLOUD_EVENT_TYPES, toRegulatorCloudEvent } from '../../libs/regulators/src/regulator-cloud-event.js';
import { WEBHOOK_EVENT_TYPES } from '../../apps/notifier/src/delivery-scheduler.js';
import { signedWebhookHeaders } from '../../apps/notifier/src/webhook-signing.js';
import { type JsonSchema, MissingTypeError, TypeSchemas } from './type-schemas.js';

/** Where the document is written, relative to the repository root. */
export const ASYNCAPI_OUTPUT = 'docs/asyncapi.json';

/** The part of an event definition the document needs. */
export interface EventDefinitionInfo {
  readonly type: string;
  readonly schemaVersion: number;
  readonly description: string;
}

export interface GenerateOptions {
  /** The repository root (holds package.json, tsconfig.json, libs/). */
  rootDir: string;
  /** Defaults to CASE_EVENT_DEFINITIONS; tests pass others. */
  definitions?: readonly EventDefinitionInfo[];
  /** Reuse a TypeScript program already made (making one takes a few seconds). */
  typeSchemas?: TypeSchemas;
}

export class UndocumentedMessageError extends Error {
  override name = 'UndocumentedMessageError';
}

const KAFKA_BINDING_VERSION = '0.5.0';
const HTTP_BINDING_VERSION = '0.3.0';
const POSITIVE_INTEGER = '^[1-9][0-9]*$';
const HERE = 'scripts/asyncapi/generate-asyncapi.ts';

// ---------------------------------------------------------------------------------------------------------------
// What the code cannot say: one description per header. Names, presence and constant values come from the code.

/** CloudEvents 1.0 Kafka binding, binary mode (libs/messaging/src/cloud-event-codec.ts, toKafkaMessage). */
const CASE_EVENT_HEADER_DOCS: Record<string, { description: string; schema?: JsonSchema }> = {
  ce_specversion: { description: 'CloudEvents specification version.' },
  ce_id: { description: 'The event id, unique per event: consumers deduplicate on it.' },
  ce_source: { description: 'CloudEvents source: the case event stream.' },
  ce_type: { description: '`breachline.case.<event type>`: tells which message (and payload schema) this is.' },
  ce_subject: { description: 'The case id, the same as the message key.' },
  ce_time: {
    description: "When the fact happened (the event's occurredAt), ISO-8601.",
    schema: { format: 'date-time' },
  },
  'content-type': { description: 'Media type of the message value.' },
  ce_schemaversion: {
    description: "Extension: the payload's schema version (older versions are upcast by consumers).",
    schema: { pattern: POSITIVE_INTEGER },
  },
  ce_caseversion: {
    description: "Extension: the event's position in its case stream, 1, 2, 3 …; a case's events arrive in this order.",
    schema: { pattern: POSITIVE_INTEGER },
  },
  ce_recordedtime: {
    description: 'Extension: when the event store recorded the event, ISO-8601.',
    schema: { format: 'date-time' },
  },
  ce_actorname: { description: 'Extension: the name of the API key whose command caused the event (never the key).' },
  ce_actorrole: {
    description: 'Extension: the role of that API key.',
    schema: { $ref: '#/components/schemas/Role' },
  },
  ce_actorregulator: { description: 'Extension: the regulator id, present only when the actor is a regulator.' },
  ce_correlationid: {
    description: 'Extension: correlation id of the HTTP request (its X-Correlation-Id when well-formed).',
  },
  ce_causationid: { description: 'Extension: id of the HTTP request whose command caused the event.' },
};

/** libs/messaging/src/dead-letter.ts, sendToDeadLetter. */
const DEAD_LETTER_HEADER_DOCS: Record<string, { description: string; schema?: JsonSchema }> = {
  dlq_error: { description: 'Why the consumer gave up: `<error name>: <message>`, at most 2,000 characters.' },
  dlq_source_topic: { description: 'The topic the message was read from.' },
  dlq_source_partition: { description: 'Its partition.', schema: { pattern: '^[0-9]+$' } },
  dlq_source_offset: { description: 'Its offset.', schema: { pattern: '^[0-9]+$' } },
  dlq_consumer: { description: 'The consumer that gave up on it (`projector` or `notifier`).' },
  dlq_failed_at: { description: 'When it was dead-lettered, ISO-8601.', schema: { format: 'date-time' } },
};

/** apps/notifier/src/delivery-worker.ts, deadLetter: added to a case event whose webhook delivery gave up. */
const WEBHOOK_DEAD_LETTER_HEADER_DOCS: Record<string, { description: string; schema?: JsonSchema }> = {
  dlq_webhook_id: { description: "Webhook only: the delivery's webhook-id (the event id)." },
  dlq_webhook_regulator: { description: 'Webhook only: the regulator the webhook was for.' },
  dlq_webhook_state: {
    description: 'Webhook only: how the delivery ended: `failed` (attempts used up) or `endpoint-gone` (HTTP 410).',
  },
  dlq_webhook_attempts: { description: 'Webhook only: how many attempts were made.', schema: { pattern: '^[0-9]+$' } },
};
const WEBHOOK_DEAD_LETTER_SOURCE = 'apps/notifier/src/delivery-worker.ts';

/** Standard Webhooks (apps/notifier/src/webhook-signing.ts, signedWebhookHeaders). */
const WEBHOOK_HEADER_DOCS: Record<string, { description: string; schema?: JsonSchema }> = {
  'content-type': { description: 'Media type of the body: a structured-mode CloudEvent.' },
  'user-agent': { description: 'The notifier and its version.' },
  'webhook-id': {
    description: 'The CloudEvent id; the same on every retry of one delivery, so receivers deduplicate on it.',
  },
  'webhook-timestamp': {
    description: 'Unix time in seconds of this attempt; reject a timestamp too far from your clock (replays).',
    schema: { pattern: '^[0-9]+$' },
  },
  'webhook-signature': {
    description:
      '`v1,<base64 HMAC-SHA256 of "<webhook-id>.<webhook-timestamp>.<body>">`, keyed with the base64-decoded ' +
      "part of the regulator's `whsec_` secret; compare in constant time.",
    schema: { pattern: '^v1,[A-Za-z0-9+/]+={0,2}$' },
  },
};

// ---------------------------------------------------------------------------------------------------------------

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
  schemas.Role = types.schemaOf('Role');
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

  // Shared named types (vocabularies, NotificationContent, …) last, so that every payload has been seen.
  for (const [name, schema] of types.sharedSchemas()) {
    if (name in schemas && !isDeepStrictEqual(schemas[name], schema)) throw new Error(`component ${name} twice`);
    schemas[name] = schema;
  }
  checkRefsResolve({ components: { schemas } });

  const caseEventRefs = refsTo(
    'caseEvents',
    definitions.map(({ type }) => type),
  );
  const regulatorFeedRefs = refsTo(
    'regulatorFeed',
    regulatorTypes.map(([caseType]) => `${caseType}FeedItem`),
  );
  const webhookRefs = refsTo(
    'regulatorWebhooks',
    WEBHOOK_EVENT_TYPES.map((caseType) => `${caseType}Webhook`),
  );
  const consumerBinding = (name: string) => ({
    kafka: { groupId: { type: 'string', const: consumerGroupFor('', name) }, bindingVersion: KAFKA_BINDING_VERSION },
  });

  const document: JsonSchema = {
    asyncapi: '3.0.0',
    info: {
      title: 'Breachline messages',
      version: packageJson.version,
      description: [
        "The case events of Breachline's event store as published on Kafka, their dead-letter topic, and the",
        'notifications regulators receive through their feed, its Server-Sent-Events stream and signed webhooks.',
        '',
        `Generated by \`npm run docs:asyncapi\` from the event definitions (${HERE}); do not edit by hand.`,
        'Topic names and consumer groups get `KAFKA_TOPIC_PREFIX` in front (empty by default).',
      ].join('\n'),
    },
    defaultContentType: 'application/json',
    servers: {
      kafka: {
        host: '{brokers}',
        protocol: 'kafka',
        title: 'Kafka',
        description: 'Kafka 3.9 (KRaft); topics are created at start-up and kept forever (`retention.ms` = -1).',
        variables: { brokers: { description: '`KAFKA_BROKERS`: `host:port[,host:port]`.' } },
      },
      caseApi: {
        host: '{host}',
        protocol: 'http',
        title: 'case-api',
        description: 'The HTTP API; regulators authenticate with their own API key and see only their notifications.',
        variables: { host: { description: "The case-api's host and port." } },
        security: [{ $ref: '#/components/securitySchemes/regulatorApiKey' }],
      },
      regulatorWebhook: {
        host: '{host}',
        protocol: 'https',
        title: "A regulator's webhook endpoint",
        description:
          "Each regulator's own URL, set by an admin with `PUT /v1/regulators/:id/webhook` (http is accepted too); " +
          'loopback and private addresses are refused unless `WEBHOOK_ALLOW_PRIVATE_ADDRESSES=true`.',
        variables: { host: { description: "The host of the regulator's webhook URL." } },
      },
    },
    channels: {
      caseEvents: {
        address: topics.caseEvents,
        title: 'Case events',
        description:
          "Every event of every case, published by the relay from the event store's outbox, at least once. " +
          'Binary-mode CloudEvents: the `ce_*` headers carry the envelope, the value is the payload. The key is ' +
          "the case id and messages are partitioned by key, so a case's events keep their order (`ce_caseversion`).",
        servers: [{ $ref: '#/servers/kafka' }],
        messages: Object.fromEntries(definitions.map(({ type }) => [type, { $ref: `#/components/messages/${type}` }])),
        bindings: { kafka: { topic: topics.caseEvents, bindingVersion: KAFKA_BINDING_VERSION } },
      },
      caseEventsDlq: {
        address: topics.caseEventsDlq,
        title: 'Case-event dead letters',
        description: 'Messages of `breachline.case-events` that the projector or the notifier could not process.',
        servers: [{ $ref: '#/servers/kafka' }],
        messages: { DeadLetter: { $ref: '#/components/messages/DeadLetter' } },
        bindings: { kafka: { topic: topics.caseEventsDlq, bindingVersion: KAFKA_BINDING_VERSION } },
      },
      regulatorFeed: {
        address: '/v1/feed/stream',
        title: 'Regulator feed',
        description: [
          "A regulator's own notifications, in a gapless per-regulator sequence. Server-Sent Events: each item is",
          '`id: <sequence>`, `event: <CloudEvent type>`, `data: <CloudEvent JSON>`; resume with `Last-Event-ID` or',
          '`?after=<sequence>`. The same CloudEvents are pulled with `GET /v1/feed?after=&limit=`',
          '(`{ events, nextCursor }`) and acknowledged with `POST /v1/feed/:notificationId/acknowledgement`.',
        ].join(' '),
        servers: [{ $ref: '#/servers/caseApi' }],
        messages: Object.fromEntries(
          regulatorTypes.map(([caseType]) => [
            `${caseType}FeedItem`,
            { $ref: `#/components/messages/${caseType}FeedItem` },
          ]),
        ),
      },
      regulatorWebhooks: {
        address: null,
        title: 'Regulator webhooks',
        description:
          "Signed POSTs (Standard Webhooks) of a regulator's new notifications to its webhook URL; acknowledgements " +
          'come from the regulator, so they are not sent back.',
        servers: [{ $ref: '#/servers/regulatorWebhook' }],
        messages: Object.fromEntries(
          WEBHOOK_EVENT_TYPES.map((caseType) => [
            `${caseType}Webhook`,
            { $ref: `#/components/messages/${caseType}Webhook` },
          ]),
        ),
      },
    },
    operations: {
      relayPublishCaseEvents: {
        action: 'send',
        title: 'relay publishes case events',
        description:
          "The relay publishes each commit's events from the outbox (idempotent producer, acks from all replicas) " +
          'and then marks them published: at least once, so consumers deduplicate by `ce_id` or case version.',
        channel: { $ref: '#/channels/caseEvents' },
        messages: caseEventRefs,
      },
      projectorConsumeCaseEvents: {
        action: 'receive',
        title: 'projector builds the read models',
        description: 'Idempotent by case and version; gaps are filled from the event store.',
        channel: { $ref: '#/channels/caseEvents' },
        messages: caseEventRefs,
        bindings: consumerBinding('projector'),
      },
      notifierConsumeCaseEvents: {
        action: 'receive',
        title: 'notifier schedules webhooks',
        description: `Acts on ${WEBHOOK_EVENT_TYPES.join(' and ')} for regulators with a webhook; skips the rest.`,
        channel: { $ref: '#/channels/caseEvents' },
        messages: caseEventRefs,
        bindings: consumerBinding('notifier'),
      },
      projectorDeadLetter: {
        action: 'send',
        title: 'projector dead-letters what it cannot project',
        channel: { $ref: '#/channels/caseEventsDlq' },
        messages: [{ $ref: '#/channels/caseEventsDlq/messages/DeadLetter' }],
      },
      notifierDeadLetter: {
        action: 'send',
        title: 'notifier dead-letters undecodable webhook events and deliveries that gave up',
        channel: { $ref: '#/channels/caseEventsDlq' },
        messages: [{ $ref: '#/channels/caseEventsDlq/messages/DeadLetter' }],
      },
      cliReadDeadLetters: {
        action: 'receive',
        title: '`npm run cli -- dlq list | dlq replay` reads the whole topic',
        channel: { $ref: '#/channels/caseEventsDlq' },
        messages: [{ $ref: '#/channels/caseEventsDlq/messages/DeadLetter' }],
      },
      cliReplayDeadLetters: {
        action: 'send',
        title: '`npm run cli -- dlq replay` publishes dead letters back, without their `dlq_*` headers',
        channel: { $ref: '#/channels/caseEvents' },
        messages: caseEventRefs,
      },
      caseApiServeRegulatorFeed: {
        action: 'send',
        title: 'case-api serves a regulator its feed',
        channel: { $ref: '#/channels/regulatorFeed' },
        messages: regulatorFeedRefs,
      },
      notifierSendWebhooks: {
        action: 'send',
        title: 'notifier POSTs signed webhooks',
        description:
          'A 2xx answer delivers; 410 Gone disables the endpoint; anything else (or no answer) is retried with ' +
          'backoff, and a delivery that gives up is dead-lettered with `dlq_webhook_*` headers.',
        channel: { $ref: '#/channels/regulatorWebhooks' },
        messages: webhookRefs,
        bindings: { http: { method: 'POST', bindingVersion: HTTP_BINDING_VERSION } },
      },
    },
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

// ---------------------------------------------------------------------------------------------------------------

interface HeaderSchemas {
  schema: JsonSchema;
  properties: Record<string, JsonSchema>;
}

/** The ce_* headers toKafkaMessage writes: two unlike events tell which are always there and which are constant. */
function caseEventHeaders(definitions: readonly EventDefinitionInfo[]): HeaderSchemas {
  const sample = (n: 1 | 2, regulatorId?: string): StoredEvent => ({
    eventId: `event-${n}`,
    type: definitions[n - 1]?.type ?? `Type${n}`,
    schemaVersion: n,
    caseId: `case-${n}`,
    version: n,
    occurredAt: `2020-01-0${n}T00:00:00.000Z`,
    recordedAt: `2020-02-0${n}T00:00:00.000Z`,
    actor: n === 1 ? { name: 'actor-1', role: 'investigator' } : { name: 'actor-2', role: 'admin' },
    ...(regulatorId && { actor: { name: `actor-${n}`, role: 'regulator', regulatorId } }),
    correlationId: `correlation-${n}`,
    causationId: `causation-${n}`,
    payload: { caseId: `case-${n}` },
  });
  const messages = [sample(1), sample(2), sample(1, 'regulator-1'), sample(2, 'regulator-2')].map(toKafkaMessage);
  for (const [index, message] of messages.entries()) {
    if (message.key !== `case-${(index % 2) + 1}`) throw new Error('toKafkaMessage no longer keys messages by case id');
  }
  const properties = headerProperties(
    messages.map((message) => headerText(message.headers)),
    CASE_EVENT_HEADER_DOCS,
    'toKafkaMessage (libs/messaging/src/cloud-event-codec.ts)',
  );
  properties.ce_type = {
    ...properties.ce_type,
    enum: definitions.map(({ type }) => cloudEventType(type)),
  };
  return {
    properties,
    schema: {
      type: 'object',
      description: 'CloudEvents 1.0 Kafka protocol binding, binary mode; header values are UTF-8 strings.',
      properties: properties,
      required: requiredHeaders(messages.map((message) => headerText(message.headers))),
    },
  };
}

/** The headers sendToDeadLetter adds (run with a stand-in producer), plus the notifier's dlq_webhook_* headers. */
async function deadLetterHeaders(rootDir: string, caseProperties: Record<string, JsonSchema>): Promise<JsonSchema> {
  const original = toKafkaMessage({
    eventId: 'event-1',
    type: 'Sample',
    schemaVersion: 1,
    caseId: 'case-1',
    version: 1,
    occurredAt: '2020-01-01T00:00:00.000Z',
    recordedAt: '2020-01-01T00:00:00.000Z',
    actor: { name: 'actor-1', role: 'investigator' },
    correlationId: 'correlation-1',
    causationId: 'causation-1',
    payload: { caseId: 'case-1' },
  });
  const sent: Message[] = [];
  const producer = {
    send: async (record: ProducerRecord) => {
      sent.push(...record.messages);
      return [];
    },
  } as unknown as Producer;
  const message = {
    key: Buffer.from(String(original.key)),
    value: Buffer.from(String(original.value)),
    headers: original.headers,
    offset: '7',
    timestamp: '0',
    attributes: 0,
    size: 0,
  } as unknown as KafkaMessage;
  await sendToDeadLetter(producer, topicsFor('').caseEventsDlq, {
    topic: topicsFor('').caseEvents,
    partition: 0,
    message,
    error: new Error('sample'),
    consumer: 'projector',
  });
  const [letter] = sent;
  if (sent.length !== 1 || !letter.key?.toString() || letter.value?.toString() !== String(original.value)) {
    throw new Error('sendToDeadLetter no longer sends the original key and value');
  }
  const headers = headerText(letter.headers);
  const originalNames = Object.keys(original.headers ?? {});
  if (!originalNames.every((name) => headers[name] === headerText(original.headers)[name])) {
    throw new Error('sendToDeadLetter no longer keeps the original headers');
  }
  const added = Object.fromEntries(Object.entries(headers).filter(([name]) => !originalNames.includes(name)));
  const dlqProperties = headerProperties(
    [added],
    DEAD_LETTER_HEADER_DOCS,
    'sendToDeadLetter (libs/messaging/src/dead-letter.ts)',
    {
      constants: false,
    },
  );

  const workerSource = await readFile(join(rootDir, WEBHOOK_DEAD_LETTER_SOURCE), 'utf8');
  const webhookNames = [...new Set(workerSource.match(/\bdlq_webhook_[a-z_]+\b/g) ?? [])];
  sameNames(webhookNames, Object.keys(WEBHOOK_DEAD_LETTER_HEADER_DOCS), WEBHOOK_DEAD_LETTER_SOURCE);
  const webhookProperties = Object.fromEntries(
    Object.entries(WEBHOOK_DEAD_LETTER_HEADER_DOCS).map(([name, doc]) => [name, headerSchema(doc)]),
  );

  return {
    type: 'object',
    description:
      "The original message's headers as they arrived (the `ce_*` headers of `breachline.case-events`; a missing " +
      'or malformed one may be why the message is here), plus the `dlq_*` headers.',
    properties: { ...asArrived(caseProperties), ...dlqProperties, ...webhookProperties },
    required: Object.keys(dlqProperties),
  };
}

/** The Standard Webhooks headers of two unlike attempts. */
function webhookHeaders(): JsonSchema {
  const attempt = (n: 1 | 2) =>
    signedWebhookHeaders(
      `whsec_${Buffer.alloc(32, n).toString('base64')}`,
      `event-${n}`,
      JSON.stringify({ n }),
      new Date(Date.UTC(2020, 0, n)),
    );
  const samples = [attempt(1), attempt(2)];
  const properties = headerProperties(
    samples,
    WEBHOOK_HEADER_DOCS,
    'signedWebhookHeaders (apps/notifier/src/webhook-signing.ts)',
  );
  for (const sample of samples) {
    for (const [name, value] of Object.entries(sample)) {
      const pattern = properties[name].pattern as string | undefined;
      if (pattern && !new RegExp(pattern).test(value))
        throw new Error(`webhook header ${name}=${value} ≠ /${pattern}/`);
    }
  }
  return {
    type: 'object',
    description: 'Standard Webhooks headers (https://www.standardwebhooks.com).',
    properties,
    required: requiredHeaders(samples),
  };
}

/**
 * The regulator CloudEvent's attributes, described where its type has no comment — after checking on a sample
 * that toRegulatorCloudEvent fills them as described, with the case event's payload as data.
 */
function describeRegulatorCloudEvent(schema: JsonSchema): JsonSchema {
  const payload = { caseId: 'case-1', notificationId: 'notification-1', regulatorId: 'regulator-1' };
  const event = {
    eventId: 'event-1',
    type: 'RegulatorNotified',
    schemaVersion: 1,
    caseId: 'case-1',
    version: 3,
    occurredAt: '2020-01-01T00:00:00.000Z',
    recordedAt: '2020-01-02T00:00:00.000Z',
    actor: { name: 'actor-1', role: 'investigator' },
    correlationId: 'correlation-1',
    causationId: 'causation-1',
    payload,
  };
  const addressed = toRegulatorCloudEvent(event as unknown as CaseStoredEvent);
  if (!addressed) throw new Error('toRegulatorCloudEvent no longer addresses RegulatorNotified');
  const { cloudEvent } = addressed;
  const properties = schema.properties as Record<string, JsonSchema>;
  sameNames(Object.keys(cloudEvent), Object.keys(properties), 'toRegulatorCloudEvent (RegulatorCloudEvent)');
  const expected: Record<string, [unknown, string]> = {
    id: [event.eventId, 'The case event id; a webhook carries it as webhook-id too.'],
    source: [`/breachline/cases/${event.caseId}`, '`/breachline/cases/<caseId>`.'],
    subject: [payload.notificationId, 'The notification id: supplements and acknowledgements refer to it.'],
    time: [event.occurredAt, "When it happened (the case event's occurredAt), ISO-8601."],
    caseversion: [event.version, ''],
    data: [payload, "The case event's payload, unchanged."],
  };
  const described: Record<string, JsonSchema> = {};
  for (const [name, property] of Object.entries(properties)) {
    const [value, description] = expected[name] ?? [];
    if (name in expected && !isDeepStrictEqual((cloudEvent as unknown as Record<string, unknown>)[name], value)) {
      throw new UndocumentedMessageError(`toRegulatorCloudEvent no longer fills ${name} as ${HERE} describes it`);
    }
    described[name] = description && !property.description ? { ...property, description } : property;
  }
  return { ...schema, properties: described };
}

function headerProperties(
  samples: Record<string, string>[],
  docs: Record<string, { description: string; schema?: JsonSchema }>,
  producer: string,
  { constants = true } = {},
): Record<string, JsonSchema> {
  const names = [...new Set(samples.flatMap((sample) => Object.keys(sample)))];
  sameNames(names, Object.keys(docs), producer);
  const properties: Record<string, JsonSchema> = {};
  for (const name of names) {
    const values = new Set(samples.map((sample) => sample[name]).filter((value) => value !== undefined));
    const constant = constants && samples.length > 1 && values.size === 1 ? { const: [...values][0] } : {};
    properties[name] = { ...headerSchema(docs[name]), ...constant };
  }
  return properties;
}

/** The case-event headers of a dead letter are whatever arrived: a wrong one may be why it is a dead letter. */
function asArrived(properties: Record<string, JsonSchema>): Record<string, JsonSchema> {
  return Object.fromEntries(
    Object.entries(properties).map(([name, schema]) => [name, { type: 'string', description: schema.description }]),
  );
}

function headerSchema(doc: { description: string; schema?: JsonSchema }): JsonSchema {
  return doc.schema?.$ref
    ? { description: doc.description, ...doc.schema }
    : { type: 'string', description: doc.description, ...doc.schema };
}

function requiredHeaders(samples: Record<string, string>[]): string[] {
  return Object.keys(samples[0]).filter((name) => samples.every((sample) => name in sample));
}

function sameNames(actual: readonly string[], documented: readonly string[], producer: string): void {
  const undocumented = actual.filter((name) => !documented.includes(name));
  const gone = documented.filter((name) => !actual.includes(name));
  if (undocumented.length > 0 || gone.length > 0) {
    throw new UndocumentedMessageError(
      `${producer} and ${HERE} disagree: ` +
        [
          undocumented.length > 0 && `undocumented ${undocumented.join(', ')}`,
          gone.length > 0 && `documented but not produced ${gone.join(', ')}`,
        ]
          .filter(Boolean)
          .join('; '),
    );
  }
}

function headerText(headers: IHeaders | undefined): Record<string, string> {
  const text: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers ?? {})) {
    if (value !== undefined) text[name] = Array.isArray(value) ? String(value[0]) : String(value);
  }
  return text;
}

function refsTo(channel: string, messageNames: readonly string[]): JsonSchema[] {
  return messageNames.map((name) => ({ $ref: `#/channels/${channel}/messages/${name}` }));
}

/** `RegulatorNotificationSupplemented` → `Regulator notification supplemented`. */
function words(type: string): string {
  const spaced = type.replace(/(?<=[a-z0-9])(?=[A-Z])/g, ' ').toLowerCase();
  return spaced.charAt(0).toUpperCase() + spaced.slice(1);
}

function sortedByKey<T>(record: Record<string, T>): Record<string, T> {
  return Object.fromEntries(Object.entries(record).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

/** Every local $ref must point at something: a typo would otherwise surface only in a consumer's tooling. */
function checkRefsResolve(document: JsonSchema): void {
  const visit = (value: unknown): void => {
    if (Array.isArray(value)) return value.forEach(visit);
    if (typeof value !== 'object' || value === null) return;
    for (const [key, inner] of Object.entries(value)) {
      if (key === '$ref' && typeof inner === 'string') resolvePointer(document, inner);
      else visit(inner);
    }
  };
  visit(document);
}

function resolvePointer(document: JsonSchema, ref: string): unknown {
  if (!ref.startsWith('#/')) throw new Error(`only local $refs are generated, not ${ref}`);
  let node: unknown = document;
  for (const segment of ref.slice(2).split('/')) {
    const key = decodeURIComponent(segment).replace(/~1/g, '/').replace(/~0/g, '~');
    if (typeof node !== 'object' || node === null || !(key in node)) throw new Error(`$ref ${ref} points at nothing`);
    node = (node as Record<string, unknown>)[key];
  }
  return node;
}
