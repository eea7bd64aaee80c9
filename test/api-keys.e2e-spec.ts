import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { seedCase } from './fixtures/seed-case.js';
import { runCli } from './support/cli.js';
import { api } from './support/http-client.js';
import { TEST_KEYS, TestStack } from './support/test-stack.js';

describe('API keys: bootstrap file, CLI create/list/revoke, hashes only', () => {
  let stack: TestStack;

  beforeAll(async () => {
    stack = await TestStack.start('api-keys', ['case-api']);
  }, 120_000);

  afterAll(async () => {
    await stack?.stop();
  });

  it('stores bootstrap keys only as hashes', async () => {
    const stored = JSON.stringify(await stack.db.collection('api_keys').find().toArray());
    for (const key of Object.values(TEST_KEYS)) expect(stored).not.toContain(key);
    expect(stored).toContain('"name":"ana"');
  });

  it('creates a key that works at once, lists it without the key, and revokes it to 401', async () => {
    const created = await runCli(stack.env, 'keys', 'create', '--name', 'fajar', '--role', 'investigator');
    expect(created.code).toBe(0);
    const key = created.stdout.trim().split('\n').at(-1) as string;
    expect(key).toMatch(/^bl_[A-Za-z0-9_-]{43}$/);

    const posted = await api(stack.apiUrl, 'POST', '/v1/cases', { key, body: seedCase.report });
    expect(posted.status).toBe(201);
    const event = await stack.db.collection('case_commits').findOne({ streamId: posted.body.caseId });
    expect(event?.events[0].actor).toEqual({ name: 'fajar', role: 'investigator' });

    const listed = await runCli(stack.env, 'keys', 'list');
    expect(listed.stdout).toMatch(/fajar\s+investigator/);
    expect(listed.stdout).not.toContain(key);

    expect((await runCli(stack.env, 'keys', 'revoke', 'fajar')).code).toBe(0);
    expect((await api(stack.apiUrl, 'POST', '/v1/cases', { key, body: seedCase.report })).status).toBe(401);
    expect((await runCli(stack.env, 'keys', 'revoke', 'fajar')).code).toBe(1);
  });

  it('refuses a regulator key without a regulator id, naming the rule', async () => {
    const refused = await runCli(stack.env, 'keys', 'create', '--name', 'x', '--role', 'regulator');
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('regulatorId is required');
  });
});
