import { createHash, randomBytes } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { seedCase } from '../fixtures/seed-case.js';
import { runCli } from '../support/cli.js';
import { api, eventually } from '../support/http-client.js';
import { TEST_KEYS, TestStack } from '../support/test-stack.js';
import { WebhookReceiver } from '../support/webhook-receiver.js';
import { ORGANISATION_PROFILE, waitForFeed } from './support/fixtures.js';
import { send } from './support/http.js';

const SUITE = 'security-logs';
const LOG_DIR = join(
  import.meta.dirname,
  '..',
  '..',
  '.local',
  'test-logs',
  process.env.BREACHLINE_TEST_RUN ?? 'local',
);
const SECRETS_KEY = randomBytes(32).toString('base64');
const WRONG_KEYS = ['bl_wrong-key-that-looks-real-000000000000000000', 'test-admin-key-0123456789abcdef-cccccX'];

/**
 * Runs every app at LOG_LEVEL=debug, uses every role's key the ways clients do (and the ways they get it
 * wrong), sets a webhook secret and has the notifier sign a delivery with it, then reads every log line the
 * stack wrote: no API key (valid, revoked or wrong), no Authorization value, no webhook secret and not the
 * secrets key may appear.
 */
describe('captured logs hold no key or secret', () => {
  let stack: TestStack | undefined;
  let receiver: WebhookReceiver;
  const createdKeys: string[] = [];

  beforeAll(async () => {
    receiver = await WebhookReceiver.start('up');
    stack = await TestStack.start(SUITE, ['case-api', 'relay', 'projector', 'notifier'], {
      env: {
        LOG_LEVEL: 'debug',
        BREACHLINE_SECRETS_KEY: SECRETS_KEY,
        WEBHOOK_ALLOW_PRIVATE_ADDRESSES: 'true',
        NOTIFIER_POLL_MS: '250',
        AUTH_FAILURE_LIMIT: '12',
      },
    });
  }, 120_000);

  afterAll(async () => {
    await stack?.stop();
    await receiver?.stop();
  });

  it('exercises every key, a webhook secret and the failure paths', async () => {
    const s = stack as TestStack;
    const call = (method: string, path: string, authorization: string | undefined, body?: unknown) =>
      send(s.apiUrl, method, path, { authorization, ...(body !== undefined && { body }) });

    // CLI keys: one used, one revoked and then presented.
    for (const name of ['logs-created', 'logs-revoked']) {
      const created = await runCli(s.env, 'keys', 'create', '--name', name, '--role', 'investigator');
      createdKeys.push(created.stdout.trim().split('\n').at(-1) as string);
    }
    await runCli(s.env, 'keys', 'revoke', 'logs-revoked');

    expect(
      (await api(s.apiUrl, 'PUT', '/v1/organisation-profile', { key: TEST_KEYS.admin, body: ORGANISATION_PROFILE }))
        .status,
    ).toBe(200);
    const webhook = await api(s.apiUrl, 'PUT', '/v1/regulators/id-pdp/webhook', {
      key: TEST_KEYS.admin,
      body: { url: receiver.url, secret: receiver.secret },
    });
    expect(webhook.status).toBe(200);
    expect(JSON.stringify(webhook.body)).not.toContain(receiver.secret);
    // Failure paths that carry a secret: bad format, unknown regulator.
    await api(s.apiUrl, 'PUT', '/v1/regulators/id-pdp/webhook', {
      key: TEST_KEYS.admin,
      body: { url: receiver.url, secret: `${receiver.secret}!` },
    });
    await api(s.apiUrl, 'PUT', '/v1/regulators/nowhere/webhook', {
      key: TEST_KEYS.admin,
      body: { url: receiver.url, secret: receiver.secret },
    });

    // The case's life, so that relay, projector and notifier log too; the notifier signs with the secret.
    const created = await api(s.apiUrl, 'POST', '/v1/cases', { key: TEST_KEYS.investigator, body: seedCase.report });
    const { caseId } = created.body;
    await api(s.apiUrl, 'POST', `/v1/cases/${caseId}/sample-verifications`, {
      key: TEST_KEYS.investigator2,
      body: seedCase.sampleVerification,
    });
    const notified = await api(s.apiUrl, 'POST', `/v1/cases/${caseId}/regulator-notifications`, {
      key: TEST_KEYS.admin,
      body: seedCase.regulatorNotification,
      headers: { 'idempotency-key': 'logs-notify-1' },
    });
    expect(notified.status).toBe(201);
    await api(s.apiUrl, 'POST', `/v1/cases/${caseId}/holding-statements`, {
      key: TEST_KEYS.pr,
      body: { language: 'en' },
    });
    await waitForFeed(s, TEST_KEYS.regulatorPdp, 1);
    await call('POST', `/v1/feed/${notified.body.notificationId}/acknowledgement`, `Bearer ${TEST_KEYS.regulatorPdp}`, {
      reference: 'PDP/1',
    });
    const delivered = await eventually(
      async () => receiver.uniqueDeliveries,
      (count) => count >= 1,
      { timeoutMs: 30_000 },
    );
    expect(delivered).toBeGreaterThanOrEqual(1);
    expect(receiver.invalidSignatures).toBe(0);

    // Every key on an allowed route, a forbidden route and with a bad body; every Authorization shape.
    for (const key of [...Object.values(TEST_KEYS), createdKeys[0]]) {
      for (const [method, path, body] of [
        ['GET', '/v1/regulators'],
        ['GET', '/v1/feed'],
        ['GET', `/v1/cases/${caseId}/status`],
        ['POST', '/v1/cases', { title: 42 }],
        ['GET', `/v1/cases?q=${encodeURIComponent(key)}`],
      ] as [string, string, unknown?][]) {
        await call(method, path, `Bearer ${key}`, body);
      }
      await call('GET', `/v1/regulators?api_key=${key}`, `Bearer ${key}`);
      await call('GET', '/v1/regulators', `bearer ${key}`);
      await call('GET', '/v1/regulators', `Bearer ${key} trailing`);
      await call('GET', `/v1/unknown-route?token=${key}`, `Bearer ${key}`);
    }
    await call('POST', '/v1/cases', `Bearer ${TEST_KEYS.investigator}`, undefined);
    await send(s.apiUrl, 'POST', `/v1/cases/${caseId}/assignments`, {
      key: TEST_KEYS.investigator,
      rawBody: '['.repeat(3_000) + ']'.repeat(3_000), // a 5xx today: the error is logged with its stack
    });
    // Failed authentications until the throttle logs that it blocks this client.
    for (const authorization of [
      `Bearer ${createdKeys[1]}`,
      ...WRONG_KEYS.map((key) => `Bearer ${key}`),
      `Token ${TEST_KEYS.admin}`,
      `Basic ${Buffer.from(`eko:${TEST_KEYS.admin}`).toString('base64')}`,
      TEST_KEYS.admin,
      `Bearer ${WRONG_KEYS[0]}`,
      `Bearer ${WRONG_KEYS[1]}`,
      `Bearer ${WRONG_KEYS[0]}`,
      `Bearer ${WRONG_KEYS[1]}`,
    ]) {
      await call('GET', '/v1/regulators', authorization);
    }
    // Let the processes write everything, then stop them so every log stream is flushed and closed.
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    await s.stop();
    stack = undefined;
  }, 120_000);

  it('finds none of them in any log line of the stack', () => {
    const files = readdirSync(LOG_DIR).filter((file) => file.startsWith(`${SUITE}-`) && file.endsWith('.log'));
    expect(files.sort()).toEqual(['case-api', 'notifier', 'projector', 'relay'].map((app) => `${SUITE}-${app}.log`));
    const logs = Object.fromEntries(files.map((file) => [file, readFileSync(join(LOG_DIR, file), 'utf8')]));

    // Not a vacuous scan: debug lines, refused requests, the throttle and the signed delivery were all logged.
    const caseApi = logs[`${SUITE}-case-api.log`];
    expect(caseApi).toContain('"level":20');
    expect(caseApi).toMatch(/"status":401/);
    expect(caseApi).toMatch(/"status":403/);
    expect(caseApi).toContain('failed authentications over the limit');
    expect(logs[`${SUITE}-notifier.log`]).toContain('webhook delivered');
    const lines = Object.values(logs).reduce((n, text) => n + text.split('\n').length, 0);

    const secretBody = receiver.secret.slice('whsec_'.length);
    const forbidden: Record<string, string> = {
      ...Object.fromEntries(Object.entries(TEST_KEYS).map(([name, key]) => [`API key ${name}`, key])),
      'CLI-created key': createdKeys[0],
      'revoked key': createdKeys[1],
      ...Object.fromEntries(WRONG_KEYS.map((key, i) => [`wrong key ${i + 1}`, key])),
      'webhook secret': receiver.secret,
      'webhook secret (base64 part)': secretBody,
      'webhook secret (bytes, hex)': Buffer.from(secretBody, 'base64').toString('hex'),
      'secrets key': SECRETS_KEY,
      'secrets key (hex)': Buffer.from(SECRETS_KEY, 'base64').toString('hex'),
      'Basic credentials': Buffer.from(`eko:${TEST_KEYS.admin}`).toString('base64'),
    };
    const leaks: string[] = [];
    for (const [file, text] of Object.entries(logs)) {
      for (const [what, value] of Object.entries(forbidden)) {
        const at = text.indexOf(value);
        if (at >= 0) leaks.push(`${what} in ${file}: …${text.slice(Math.max(0, at - 160), at + value.length + 40)}…`);
      }
      for (const match of text.matchAll(/(?:bearer|basic|token)\s+[A-Za-z0-9+/=_-]{8,}/gi))
        leaks.push(`Authorization value in ${file}: ${match[0]}`);
      for (const match of text.matchAll(/"authorization"\s*:\s*"(?!\[redacted\])[^"]+"/gi))
        leaks.push(`authorization field in ${file}: ${match[0]}`);
    }
    // Key hashes identify keys (and a weak key can be guessed from its hash): reported, not secrets as such.
    const hashes = [...Object.values(TEST_KEYS), ...createdKeys].map((key) =>
      createHash('sha256').update(key).digest('hex'),
    );
    const hashed = Object.entries(logs)
      .filter(([, text]) => hashes.some((hash) => text.includes(hash)))
      .map(([file]) => file);
    console.log(
      `log scan: ${files.length} files, ${lines} lines, ${Object.keys(forbidden).length} secrets; key hashes found in: ${hashed.join(', ') || 'none'}`,
    );
    expect(leaks).toEqual([]);
  });
});
