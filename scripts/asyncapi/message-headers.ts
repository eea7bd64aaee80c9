/**
 * The message headers of the AsyncAPI document: the CloudEvents Kafka binding of case events, the dead-letter headers,
 * the regulator-addressed CloudEvent and the webhook signature headers. Names, presence and constant values are read
 * from what the code produces for sample messages; the descriptions are written here, so a header added to the code
 * without one stops the generation.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import type { IHeaders, KafkaMessage, Message, Producer, ProducerRecord } from 'kafkajs';
import type { StoredEvent } from '#libs/event-store';
// Single modules rather than the libraries' index files: those also load the Nest modules and drivers.
import { cloudEventType, toKafkaMessage } from '../../libs/messaging/src/cloud-event-codec.js';
import { sendToDeadLetter } from '../../libs/messaging/src/dead-letter.js';
import { topicsFor } from '../../libs/messaging/src/topics.js';
import type { CaseStoredEvent } from '../../libs/read-models/src/projection.js';
import { toRegulatorCloudEvent } from '../../libs/regulators/src/regulator-cloud-event.js';
import { signedWebhookHeaders } from '../../apps/notifier/src/webhook-signing.js';
import { type EventDefinitionInfo, UndocumentedMessageError } from './asyncapi-common.js';
import type { JsonSchema } from './type-schemas.js';

const POSITIVE_INTEGER = '^[1-9][0-9]*$';
const HERE = 'scripts/asyncapi/message-headers.ts';

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
  ce_actorname: {
    description:
      'Extension: the name of the API key whose command caused the event (never the key), or of the system job (retention).',
  },
  ce_actorrole: {
    description: 'Extension: the role of that API key, or system for a job of the apps themselves.',
    schema: { $ref: '#/components/schemas/ActorRole' },
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

export interface HeaderSchemas {
  schema: JsonSchema;
  properties: Record<string, JsonSchema>;
}

/** The ce_* headers toKafkaMessage writes: two unlike events tell which are always there and which are constant. */
export function caseEventHeaders(definitions: readonly EventDefinitionInfo[]): HeaderSchemas {
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
export async function deadLetterHeaders(
  rootDir: string,
  caseProperties: Record<string, JsonSchema>,
): Promise<JsonSchema> {
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
export function webhookHeaders(): JsonSchema {
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
export function describeRegulatorCloudEvent(schema: JsonSchema): JsonSchema {
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
