import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from '@jest/globals';
import { DiagnosticSeverity, Parser } from '@asyncapi/parser';
import { CASE_EVENT_DEFINITIONS } from '#libs/domain';
import { LEDGER_CHECKPOINT_CLOUD_EVENT_TYPE, REGULATOR_CLOUD_EVENT_TYPES } from '#libs/regulators';
import { WEBHOOK_EVENT_TYPES } from '../apps/notifier/src/delivery-scheduler.js';
import {
  ASYNCAPI_OUTPUT,
  buildAsyncApiDocument,
  renderAsyncApiDocument,
  UndocumentedMessageError,
} from '../scripts/asyncapi/generate-asyncapi.js';
import { TypeSchemas } from '../scripts/asyncapi/type-schemas.js';

const ROOT = join(import.meta.dirname, '..');

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- a JSON document, walked by the tests below
type Json = any;

/** No servers needed: the document is generated in memory from the sources (one TypeScript program, a few seconds). */
describe('AsyncAPI document (docs/asyncapi.json)', () => {
  let types: TypeSchemas;
  let generated: string;
  let document: Json;

  const resolve = (ref: string): Json =>
    ref
      .slice(2)
      .split('/')
      .reduce((node, segment) => node?.[segment], document);

  beforeAll(async () => {
    types = new TypeSchemas(ROOT);
    generated = await renderAsyncApiDocument({ rootDir: ROOT, typeSchemas: types });
    document = JSON.parse(generated);
  }, 120_000);

  it('is committed as the code generates it', async () => {
    const committed = await readFile(join(ROOT, ASYNCAPI_OUTPUT), 'utf8').catch(() => '');
    if (committed !== generated) {
      const committedLines = committed.split('\n');
      const line = generated.split('\n').findIndex((text, index) => text !== committedLines[index]) + 1;
      throw new Error(
        `${ASYNCAPI_OUTPUT} is not what the code generates (first difference at line ${line}): ` +
          'run `npm run docs:asyncapi` and commit the result',
      );
    }
  });

  it('generates the same text every time', async () => {
    expect(await renderAsyncApiDocument({ rootDir: ROOT, typeSchemas: types })).toBe(generated);
  });

  it('has a message for every event definition, with its schema version, ce_type and a payload with caseId', () => {
    const channel = document.channels.caseEvents;
    expect(channel.address).toBe('breachline.case-events');
    expect(Object.keys(channel.messages)).toEqual(CASE_EVENT_DEFINITIONS.map(({ type }) => type));
    for (const { type, schemaVersion, description } of CASE_EVENT_DEFINITIONS) {
      const message = resolve(channel.messages[type].$ref);
      expect(message).toMatchObject({ name: type, summary: description, 'x-schema-version': schemaVersion });
      expect(message.headers.properties).toEqual({
        ce_type: { type: 'string', const: `breachline.case.${type}` },
        ce_schemaversion: { type: 'string', const: String(schemaVersion) },
      });
      expect(message.bindings.kafka.key).toEqual({ $ref: '#/components/schemas/CaseEventKey' });
      const payload = resolve(message.payload.$ref);
      expect(payload.properties.caseId).toEqual({ type: 'string' });
      expect(payload.required).toContain('caseId');
    }
    expect(resolve('#/components/schemas/CaseEventHeaders').required).toEqual(
      expect.arrayContaining(['ce_id', 'ce_type', 'ce_subject', 'ce_schemaversion', 'ce_caseversion']),
    );
  });

  it('takes payload schemas from the payload types, vocabularies included', () => {
    const closed = resolve('#/components/schemas/CaseClosedPayload');
    expect(closed.required).toEqual(['caseId', 'closedAt', 'resolution']);
    expect(resolve(closed.properties.resolution.$ref).enum).toEqual([
      'breach-remediated',
      'false-report',
      'not-our-data',
      'duplicate',
    ]);
  });

  it('documents the dead-letter topic and the regulator feed and webhooks', () => {
    expect(document.channels.caseEventsDlq.address).toBe('breachline.case-events.dlq');
    const deadLetterHeaders = resolve(resolve(document.channels.caseEventsDlq.messages.DeadLetter.$ref).headers.$ref);
    expect(deadLetterHeaders.required).toEqual([
      'dlq_error',
      'dlq_source_topic',
      'dlq_source_partition',
      'dlq_source_offset',
      'dlq_consumer',
      'dlq_failed_at',
    ]);
    expect(Object.keys(deadLetterHeaders.properties)).toEqual(
      expect.arrayContaining(['ce_type', 'dlq_webhook_id', 'dlq_webhook_state']),
    );

    const feed = Object.values(document.channels.regulatorFeed.messages).map((ref: Json) => resolve(ref.$ref));
    expect(feed.map((message: Json) => message.name)).toEqual([
      ...Object.values(REGULATOR_CLOUD_EVENT_TYPES),
      LEDGER_CHECKPOINT_CLOUD_EVENT_TYPE,
    ]);
    expect(document.channels.ledgerCheckpoints.address).toBe('breachline.ledger-checkpoints');
    const allWebhooks = Object.values(document.channels.regulatorWebhooks.messages).map((ref: Json) =>
      resolve(ref.$ref),
    );
    const webhooks = allWebhooks.filter((message: Json) => message['x-case-event']);
    expect(webhooks.map((message: Json) => message['x-case-event'])).toEqual([...WEBHOOK_EVENT_TYPES]);
    const checkpointWebhooks = allWebhooks.filter((message: Json) => !message['x-case-event']);
    expect(checkpointWebhooks.map((message: Json) => message.name)).toEqual([LEDGER_CHECKPOINT_CLOUD_EVENT_TYPE]);
    expect(resolve(checkpointWebhooks[0].payload.$ref).properties.data).toEqual({
      $ref: '#/components/schemas/SignedCheckpoint',
    });
    for (const webhook of allWebhooks) {
      const headers = resolve(webhook.headers.$ref);
      expect(headers.required).toEqual(
        expect.arrayContaining(['webhook-id', 'webhook-timestamp', 'webhook-signature']),
      );
    }
    for (const webhook of webhooks) {
      const cloudEvent = resolve(webhook.payload.$ref);
      expect(cloudEvent.properties.data).toEqual({ $ref: `#/components/schemas/${webhook['x-case-event']}Payload` });
    }
  });

  it('is a valid AsyncAPI 3.0.0 document (@asyncapi/parser, offline: no remote references)', async () => {
    const { document: parsed, diagnostics } = await new Parser().parse(generated);
    const problems = diagnostics
      .filter(({ severity }) => severity === DiagnosticSeverity.Error || severity === DiagnosticSeverity.Warning)
      .map(({ code, message, path }) => `${code} at ${path.join('/')}: ${message}`);
    expect(problems).toEqual([]);
    expect(parsed?.version()).toBe('3.0.0');
    expect(parsed?.messages().length).toBeGreaterThanOrEqual(CASE_EVENT_DEFINITIONS.length);
  }, 60_000);

  it('fails loudly when an event definition has no payload type', async () => {
    const definitions = [
      ...CASE_EVENT_DEFINITIONS,
      { type: 'NoSuchThing', schemaVersion: 1, description: 'An event whose payload type was forgotten.' },
    ];
    const attempt = buildAsyncApiDocument({ rootDir: ROOT, typeSchemas: types, definitions });
    await expect(attempt).rejects.toThrow(UndocumentedMessageError);
    await expect(attempt).rejects.toThrow(/NoSuchThing has no payload type: export an interface NoSuchThingPayload/);
  });
});
