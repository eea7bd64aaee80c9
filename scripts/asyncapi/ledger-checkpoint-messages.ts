/**
 * The ledger's signed checkpoints in the AsyncAPI document: the topic on which the relay announces them with their
 * witnesses, and the CloudEvent each witness (a regulator whose notification the checkpoint newly covers) receives
 * in its feed and stream, and as a signed webhook when it has one.
 */
import { consumerGroupFor, type Topics } from '../../libs/messaging/src/topics.js';
import { LEDGER_CHECKPOINT_CLOUD_EVENT_TYPE } from '../../libs/regulators/src/regulator-cloud-event.js';
import { HTTP_BINDING_VERSION, KAFKA_BINDING_VERSION } from './asyncapi-common.js';
import type { JsonSchema } from './type-schemas.js';

const SIGNED_CHECKPOINT: JsonSchema = {
  type: 'object',
  description:
    'A tree head of the ledger (RFC 9162 Merkle tree of commit hashes). `signature` is Ed25519, base64, over the ' +
    'note "origin\\ntreeSize\\nbase64(rootHash)\\ntime\\n"; the public key is `GET /v1/ledger/public-key`.',
  required: ['origin', 'treeSize', 'rootHash', 'time', 'signature'],
  additionalProperties: false,
  properties: {
    origin: { type: 'string', description: 'Names the log (`LEDGER_ORIGIN`).' },
    treeSize: { type: 'integer', minimum: 1, description: 'How many commits the tree holds.' },
    rootHash: { type: 'string', pattern: '^[0-9a-f]{64}$', description: 'The tree root, lowercase hex.' },
    time: { type: 'string', format: 'date-time', description: 'When it was signed.' },
    signature: { type: 'string', contentEncoding: 'base64' },
  },
};

/** Adds the schemas and messages to the components, and the channel and operations to the routes. */
export function addLedgerCheckpoints(
  schemas: Record<string, JsonSchema>,
  messages: Record<string, JsonSchema>,
  routes: { channels: JsonSchema; operations: JsonSchema },
  topics: Topics,
): void {
  schemas.SignedCheckpoint = SIGNED_CHECKPOINT;
  schemas.LedgerCheckpointAnnouncement = {
    type: 'object',
    required: ['checkpoint', 'regulatorIds'],
    additionalProperties: false,
    properties: {
      checkpoint: { $ref: '#/components/schemas/SignedCheckpoint' },
      regulatorIds: {
        type: 'array',
        items: { type: 'string' },
        description:
          'The regulators whose RegulatorNotified or RegulatorNotificationSupplemented commits it newly covers.',
      },
    },
  };
  schemas.LedgerCheckpointCloudEvent = {
    type: 'object',
    description: 'What a witness receives: a CloudEvent whose data is the signed checkpoint.',
    allOf: [{ $ref: '#/components/schemas/RegulatorCloudEvent' }],
    properties: {
      id: { type: 'string', description: '`ledger-checkpoint:<origin>:<treeSize>`, the same for every witness.' },
      type: { type: 'string', const: LEDGER_CHECKPOINT_CLOUD_EVENT_TYPE },
      source: { type: 'string', description: '`/breachline/ledger/<origin>`' },
      subject: { type: 'string', description: 'The tree size.' },
      data: { $ref: '#/components/schemas/SignedCheckpoint' },
    },
  };
  messages.LedgerCheckpointAnnouncement = {
    name: 'LedgerCheckpointAnnouncement',
    title: 'A signed checkpoint and its witnesses',
    contentType: 'application/json',
    payload: { $ref: '#/components/schemas/LedgerCheckpointAnnouncement' },
    bindings: {
      kafka: { key: { type: 'string', description: 'The log origin.' }, bindingVersion: KAFKA_BINDING_VERSION },
    },
  };
  messages.LedgerCheckpointFeedItem = {
    name: LEDGER_CHECKPOINT_CLOUD_EVENT_TYPE,
    title: LEDGER_CHECKPOINT_CLOUD_EVENT_TYPE,
    summary:
      'A signed ledger checkpoint whose tree holds one of your notifications: keep it, and check later evidence ' +
      'bundles against it (`GET /v1/cases/:caseId/evidence?since=<treeSize>`). One per tree size.',
    contentType: 'application/json',
    payload: { $ref: '#/components/schemas/LedgerCheckpointCloudEvent' },
  };
  messages.LedgerCheckpointWebhook = {
    ...messages.LedgerCheckpointFeedItem,
    summary:
      `${messages.LedgerCheckpointFeedItem.summary as string} webhook-id: the CloudEvent id, \`:\`, your regulator ` +
      'id. A delivery that gives up stays in the delivery log (failed); it is not dead-lettered.',
    headers: { $ref: '#/components/schemas/WebhookHeaders' },
    bindings: {
      http: { headers: { $ref: '#/components/schemas/WebhookHeaders' }, bindingVersion: HTTP_BINDING_VERSION },
    },
  };
  const announcement = [{ $ref: '#/channels/ledgerCheckpoints/messages/LedgerCheckpointAnnouncement' }];
  routes.channels.ledgerCheckpoints = {
    address: topics.ledgerCheckpoints,
    title: 'Ledger checkpoints',
    description:
      'Each checkpoint the relay signs that newly covers a regulator notification, at least once, after the ' +
      'checkpoint is stored. One partition: checkpoints keep their order.',
    servers: [{ $ref: '#/servers/kafka' }],
    messages: { LedgerCheckpointAnnouncement: { $ref: '#/components/messages/LedgerCheckpointAnnouncement' } },
    bindings: { kafka: { topic: topics.ledgerCheckpoints, bindingVersion: KAFKA_BINDING_VERSION } },
  };
  const feed = routes.channels.regulatorFeed as { messages: JsonSchema };
  feed.messages.LedgerCheckpointFeedItem = { $ref: '#/components/messages/LedgerCheckpointFeedItem' };
  const serveFeed = routes.operations.caseApiServeRegulatorFeed as { messages: JsonSchema[] };
  serveFeed.messages.push({ $ref: '#/channels/regulatorFeed/messages/LedgerCheckpointFeedItem' });
  const webhooks = routes.channels.regulatorWebhooks as { messages: JsonSchema; description: string };
  webhooks.messages.LedgerCheckpointWebhook = { $ref: '#/components/messages/LedgerCheckpointWebhook' };
  webhooks.description += ' Also the signed ledger checkpoints that witness them.';
  const sendWebhooks = routes.operations.notifierSendWebhooks as { messages: JsonSchema[]; description: string };
  sendWebhooks.description += " A checkpoint's delivery that gives up is not: it stays failed in the delivery log.";
  sendWebhooks.messages.push({ $ref: '#/channels/regulatorWebhooks/messages/LedgerCheckpointWebhook' });
  routes.operations.relayAnnounceCheckpoints = {
    action: 'send',
    title: 'relay announces signed checkpoints to their witnesses',
    channel: { $ref: '#/channels/ledgerCheckpoints' },
    messages: announcement,
  };
  routes.operations.projectorConsumeCheckpoints = {
    action: 'receive',
    title: "projector puts each checkpoint in its witnesses' feeds",
    description: 'Idempotent by regulator and tree size.',
    channel: { $ref: '#/channels/ledgerCheckpoints' },
    messages: announcement,
    bindings: {
      kafka: {
        groupId: { type: 'string', const: consumerGroupFor('', 'projector-witnesses') },
        bindingVersion: KAFKA_BINDING_VERSION,
      },
    },
  };
  routes.operations.notifierConsumeCheckpoints = {
    action: 'receive',
    title: "notifier schedules each checkpoint to its witnesses' webhooks",
    description: 'Idempotent by CloudEvent id and regulator id (the delivery id).',
    channel: { $ref: '#/channels/ledgerCheckpoints' },
    messages: announcement,
    bindings: {
      kafka: {
        groupId: { type: 'string', const: consumerGroupFor('', 'notifier-witnesses') },
        bindingVersion: KAFKA_BINDING_VERSION,
      },
    },
  };
}
