import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { TEST_KEYS, TestStack } from '../support/test-stack.js';
import { pool, send } from './support/http.js';

const LIMIT = 5;
const WINDOW_MS = 3_000;
const BAD_KEY = 'bl_not-a-key-000000000000000000000000000000';
const ROOT = join(import.meta.dirname, '..', '..');

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Failed authentications (401) are limited per client address: AUTH_FAILURE_LIMIT per AUTH_FAILURE_WINDOW_MS,
 * then 429 with Retry-After for the rest of the block. Decided behaviour (see failed-auth-throttle.ts):
 * successful requests never count (403 and 400 are not failed authentications); while an address is
 * blocked, every request from it that needs a key gets 429 — a valid key too, so a blocked client cannot
 * tell right keys from wrong ones — and public routes stay open; after the block a valid key works again.
 * All requests come from 127.0.0.1, so each test starts from a clean counter by waiting out the window.
 */
describe('rate limit on failed authentication', () => {
  let stack: TestStack;
  const get = (path: string, key?: string) => send(stack.apiUrl, 'GET', path, { key });
  const waitOutTheWindow = () => sleep(WINDOW_MS + 1_200);

  beforeAll(async () => {
    stack = await TestStack.start('security-throttle', ['case-api'], {
      env: { AUTH_FAILURE_LIMIT: String(LIMIT), AUTH_FAILURE_WINDOW_MS: String(WINDOW_MS) },
    });
  }, 120_000);

  afterAll(async () => {
    await stack?.stop();
  });

  it('never counts successful requests, nor 403 or 400 answers to a valid key', async () => {
    const answers = await pool(
      Array.from({ length: 60 }, (_, i) => i),
      10,
      (i) =>
        i % 3 === 0
          ? get('/v1/regulators', TEST_KEYS.pr) // 200
          : i % 3 === 1
            ? get('/v1/feed', TEST_KEYS.investigator) // 403: wrong role, but a valid key
            : get('/v1/cases?limit=1000', TEST_KEYS.investigator), // 400
    );
    expect(new Set(answers.map((a) => a.status))).toEqual(new Set([200, 403, 400]));
    for (let i = 0; i < LIMIT; i++) expect((await get('/v1/regulators', BAD_KEY)).status).toBe(401);
    await waitOutTheWindow();
  });

  it(`answers 429 with Retry-After after ${LIMIT} failures, to every keyed request, and lets a valid key in after the block`, async () => {
    for (let i = 0; i < LIMIT; i++) expect((await get('/v1/regulators', BAD_KEY)).status).toBe(401);
    const blocked = await get('/v1/regulators', BAD_KEY);
    expect(blocked.status).toBe(429);
    const retryAfter = Number(blocked.headers.get('retry-after'));
    expect(retryAfter).toBeGreaterThanOrEqual(1);
    expect(retryAfter).toBeLessThanOrEqual(Math.ceil(WINDOW_MS / 1000));
    expect(blocked.headers.get('content-type')).toContain('application/problem+json');
    expect(blocked.json).toMatchObject({ status: 429 });
    expect(blocked.text).not.toContain(BAD_KEY);

    // While blocked: no key, a revoked-looking key and a valid key alike get 429 (no oracle), before any lookup.
    for (const key of [undefined, BAD_KEY, TEST_KEYS.admin, TEST_KEYS.investigator]) {
      const answer = await get('/v1/regulators', key);
      expect({ key, status: answer.status, retryAfter: answer.headers.has('retry-after') }).toEqual({
        key,
        status: 429,
        retryAfter: true,
      });
    }
    // Public routes are not throttled.
    expect((await get('/health/live')).status).toBe(200);
    expect((await get('/metrics')).status).toBe(200);

    await sleep(retryAfter * 1000 + 300);
    expect((await get('/v1/regulators', TEST_KEYS.investigator)).status).toBe(200);
    // The counter starts again from nothing after the block.
    expect((await get('/v1/regulators', BAD_KEY)).status).toBe(401);
    await waitOutTheWindow();
  });

  it('counts failures in a sliding window: old failures expire', async () => {
    for (let i = 0; i < LIMIT - 1; i++) expect((await get('/v1/regulators', BAD_KEY)).status).toBe(401);
    await waitOutTheWindow();
    for (let i = 0; i < LIMIT - 1; i++) expect((await get('/v1/regulators', BAD_KEY)).status).toBe(401);
    expect((await get('/v1/regulators', TEST_KEYS.pr)).status).toBe(200);
    await waitOutTheWindow();
  });

  it('holds under a concurrent burst of bad keys: at most the limit get 401, the rest 429, no 5xx', async () => {
    const burst = await pool(
      Array.from({ length: 40 }, (_, i) => i),
      20,
      (i) =>
        send(stack.apiUrl, i % 2 ? 'GET' : 'POST', i % 2 ? '/v1/cases' : '/v1/cases', {
          key: `${BAD_KEY}-${i}`,
          ...(i % 2 ? {} : { body: {} }),
        }),
    );
    const statuses = burst.map((a) => a.status);
    expect(statuses.filter((s) => s !== 401 && s !== 429)).toEqual([]);
    expect(statuses.filter((s) => s === 401).length).toBeLessThanOrEqual(LIMIT);
    expect(statuses.filter((s) => s === 429).length).toBeGreaterThanOrEqual(40 - LIMIT);
    await waitOutTheWindow();
    expect((await get('/v1/regulators', TEST_KEYS.admin)).status).toBe(200);
  });

  it('refuses to start with an invalid limit, naming the variable', async () => {
    const child = spawn(process.execPath, [join(ROOT, 'dist/apps/case-api/src/main.js')], {
      cwd: ROOT,
      env: { ...process.env, ...stack.env, PORT: '0', AUTH_FAILURE_LIMIT: 'twenty' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (chunk) => (output += chunk));
    child.stderr.on('data', (chunk) => (output += chunk));
    const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
    expect(code).not.toBe(0);
    expect(output).toContain('AUTH_FAILURE_LIMIT');
  }, 30_000);
});
