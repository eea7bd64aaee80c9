/**
 * Where Breachline's messages travel, for the AsyncAPI document: the servers (Kafka, the case-api, a regulator's
 * webhook endpoint), the channels (case events, their dead letters, the regulator feed and webhooks) and the
 * operations of each app on them.
 */
import { consumerGroupFor, type Topics } from '../../libs/messaging/src/topics.js';
import { WEBHOOK_EVENT_TYPES } from '../../apps/notifier/src/delivery-scheduler.js';
import { type EventDefinitionInfo, HTTP_BINDING_VERSION, KAFKA_BINDING_VERSION, refsTo } from './asyncapi-common.js';
import type { JsonSchema } from './type-schemas.js';

export function messageRoutes(
  definitions: readonly EventDefinitionInfo[],
  regulatorTypes: readonly [string, string][],
  topics: Topics,
): { servers: JsonSchema; channels: JsonSchema; operations: JsonSchema } {
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

  return {
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
  };
}
