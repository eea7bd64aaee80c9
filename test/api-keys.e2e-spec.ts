import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { hashApiKey } from '#libs/platform';
import { seedCase } from './fixtures/seed-case.js';
import { AppProcess } from './support/app-process.js';
import { runCli } from './support/cli.js';
import { freePort } from './support/free-port.js';
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

  it('replaces a key changed in the keys file on restart: old key 401, new key 200, logged without the key', async () => {
    const dir = join(stack.app('case-api').logFile, '..');
    const file = join(dir, 'api-keys-rotation.json');
    const keys = ['a', 'b', 'c'].map((v) => `rotation-key-${v}-0123456789abcdef-${stack.env.MONGO_DB}`);
    const setKey = (key: string) => writeFileSync(file, JSON.stringify([{ key, role: 'pr', name: 'gita' }]));
    const started: AppProcess[] = [];
    const startCaseApi = async (label: string) => {
      const env = { ...stack.env, BREACHLINE_API_KEYS_FILE: file };
      const app = new AppProcess('case-api', await freePort(), env, join(dir, `api-keys-rotation-${label}.log`));
      started.push(app);
      return app;
    };
    const status = (app: AppProcess, key: string) => api(app.url, 'GET', '/v1/cases', { key }).then((r) => r.status);
    const replacements = (app: AppProcess) =>
      readFileSync(app.logFile, 'utf8')
        .split('\n')
        .filter((line) => line.includes('API key replaced from the keys file'));
    try {
      setKey(keys[0]);
      const first = await startCaseApi('a');
      await first.start();
      expect(await status(first, keys[0])).toBe(200);
      await first.kill('SIGTERM');

      setKey(keys[1]);
      const beforeRestart = Date.now();
      const second = await startCaseApi('b');
      await second.start();
      expect(await status(second, keys[0])).toBe(401);
      expect(await status(second, keys[1])).toBe(200);
      const [logged] = replacements(second);
      expect(JSON.parse(logged)).toMatchObject({ name: 'gita', role: 'pr' });
      for (const secret of [...keys, ...keys.map(hashApiKey)]) expect(logged).not.toContain(secret);

      const listed = await runCli(stack.env, 'keys', 'list');
      const [header, ...rows] = listed.stdout.split('\n');
      const row = rows.find((line) => /^gita\s/.test(line));
      expect(header).toMatch(/\bsetAt\b/);
      const setAt = Date.parse(/\d{4}-\d\d-\d\dT\S+Z/.exec(row ?? '')?.[0] ?? '');
      expect(setAt).toBeGreaterThanOrEqual(beforeRestart);
      expect(setAt).toBeLessThanOrEqual(Date.now());
      expect(listed.stdout).not.toContain(keys[1]);
      await second.kill('SIGTERM');

      // Two apps starting at once with the same changed file: one replacement, and both take the new key.
      setKey(keys[2]);
      const together = await Promise.all([startCaseApi('c1'), startCaseApi('c2')]);
      await Promise.all(together.map((app) => app.start()));
      for (const app of together) {
        expect(await status(app, keys[1])).toBe(401);
        expect(await status(app, keys[2])).toBe(200);
      }
      expect(together.flatMap(replacements)).toHaveLength(1);
      expect(await stack.db.collection('api_keys').countDocuments({ name: 'gita' })).toBe(1);
    } finally {
      await Promise.all(started.map((app) => app.kill('SIGTERM')));
    }
  }, 120_000);

  it('refuses a regulator key without a regulator id, naming the rule', async () => {
    const refused = await runCli(stack.env, 'keys', 'create', '--name', 'x', '--role', 'regulator');
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('regulatorId is required');
  });
});
