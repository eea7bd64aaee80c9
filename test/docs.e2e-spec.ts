import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type BrowserContext, chromium } from 'playwright-core';
import { commandPath } from '../scripts/test-tools.mjs';
import { api } from './support/http-client.js';
import { TEST_KEYS, TestStack } from './support/test-stack.js';

const ROOT = join(import.meta.dirname, '..');
const RUN = process.env.BREACHLINE_TEST_RUN ?? 'local';
const LOG_DIR = join(ROOT, '.local', 'test-logs', RUN);
/** Debian's chromium, which `npm test` installs when it is missing (scripts/test-tools.mjs). */
const CHROMIUM = commandPath('chromium');
const CHROMIUM_FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];
const METHODS = ['get', 'put', 'post', 'delete', 'patch', 'options', 'head', 'trace'];
const ROLE_KEYS = {
  investigator: TEST_KEYS.investigator,
  pr: TEST_KEYS.pr,
  regulator: TEST_KEYS.regulatorPdp,
  admin: TEST_KEYS.admin,
};

interface Operation {
  operationId: string;
  summary?: string;
  description?: string;
  security?: Record<string, string[]>[];
  'x-roles'?: (keyof typeof ROLE_KEYS)[];
  parameters?: { name: string; in: string; example?: string }[];
  requestBody?: { content: Record<string, { example?: unknown }> };
  responses: Record<string, { $ref?: string; content?: Record<string, { example?: unknown }> }>;
}
interface Document {
  paths: Record<string, Record<string, Operation>>;
  components: { responses: Record<string, { content: Record<string, { example: Record<string, unknown> }> }> };
}

const operationsOf = (document: Document) =>
  Object.entries(document.paths).flatMap(([path, item]) =>
    METHODS.filter((method) => item[method]).map((method) => ({
      method: method.toUpperCase(),
      path,
      operation: item[method],
    })),
  );
const routeKey = (method: string, path: string) => `${method} ${path}`;
/** A request path for a documented path, with the documented example of each path parameter. */
const concrete = (path: string, operation: Operation) =>
  path.replace(/\{(\w+)\}/g, (_, name: string) => operation.parameters?.find((p) => p.name === name)?.example ?? name);

describe('API docs: OpenAPI 3 at /docs/openapi.json, Swagger UI at /docs', () => {
  let stack: TestStack;
  let document: Document;

  beforeAll(async () => {
    // Counting failed authentications would turn this suite's deliberate 401s into 429s.
    stack = await TestStack.start('docs', ['case-api'], { env: { AUTH_FAILURE_LIMIT: '0' } });
    const served = await api<Document>(stack.apiUrl, 'GET', '/docs/openapi.json');
    expect(served.status).toBe(200);
    expect(served.headers.get('content-type')).toMatch(/^application\/json/);
    document = served.body;
  }, 120_000);

  afterAll(async () => {
    await stack?.stop();
  });

  it('documents every route the running app mapped, and no other', () => {
    // Nest logs each route it registers on Fastify ("Mapped {/v1/cases/:caseId/status, GET} route").
    const log = readFileSync(join(LOG_DIR, 'docs-case-api.log'), 'utf8');
    const mapped = log
      .split('\n')
      .filter((line) => line.startsWith('{'))
      .map((line) => JSON.parse(line) as { context?: string; msg?: string })
      .filter((entry) => entry.context === 'RouterExplorer')
      .map((entry) => /^Mapped \{(\S+), (\w+)\} route$/.exec(entry.msg ?? ''))
      .filter((match): match is RegExpExecArray => match !== null)
      .map(([, path, method]) => routeKey(method, path.replace(/:(\w+)/g, '{$1}')));
    expect(mapped.length).toBeGreaterThan(30);
    const documented = operationsOf(document).map(({ method, path }) => routeKey(method, path));
    expect([...documented].sort()).toEqual([...new Set(mapped)].sort());
  });

  it('is the committed docs/openapi.json (after a change: npm run docs:generate)', () => {
    const committed = JSON.parse(readFileSync(join(ROOT, 'docs', 'openapi.json'), 'utf8')) as unknown;
    expect(document).toEqual(committed);
  });

  it('gives every operation a summary, its roles, the API-key scheme, error schemas and examples', () => {
    for (const { method, path, operation } of operationsOf(document)) {
      const where = routeKey(method, path);
      expect({ where, summary: typeof operation.summary }).toEqual({ where, summary: 'string' });
      const roles = operation['x-roles'];
      if (path.startsWith('/v1/')) {
        expect({ where, security: operation.security }).toEqual({ where, security: [{ bearer: [] }] });
        expect(operation.description).toContain(`Roles: ${roles!.join(', ')}.`);
        expect({ where, 401: operation.responses['401'], 403: operation.responses['403'] }).toEqual({
          where,
          401: { $ref: '#/components/responses/Unauthorized' },
          403: { $ref: '#/components/responses/Forbidden' },
        });
      } else {
        expect({ where, security: operation.security, roles }).toEqual({ where, security: [], roles: undefined });
      }
      const [success, answer] = Object.entries(operation.responses).find(([status]) => status.startsWith('2'))!;
      if (success !== '204')
        expect({ where, example: Object.values(answer.content ?? {})[0]?.example !== undefined }).toEqual({
          where,
          example: true,
        });
      if (operation.requestBody) expect(operation.requestBody.content['application/json'].example).toBeDefined();
      for (const [status, response] of Object.entries(operation.responses)) {
        if (Number(status) >= 400 && response.$ref) expect(response.$ref).toMatch(/^#\/components\/responses\/\w+$/);
      }
    }
  });

  it('lets through no key (401) and no role outside x-roles (403), answering the documented problem bodies', async () => {
    const { responses } = document.components;
    const example = (name: string) => responses[name].content['application/problem+json'].example;
    for (const { method, path, operation } of operationsOf(document)) {
      const roles = operation['x-roles'];
      if (!roles) continue;
      const url = concrete(path, operation);
      const anonymous = await api(stack.apiUrl, method, url, { body: method === 'GET' ? undefined : {} });
      expect({ where: routeKey(method, path), status: anonymous.status }).toEqual({
        where: routeKey(method, path),
        status: 401,
      });
      expect(anonymous.body).toEqual(example('Unauthorized'));
      const outsider = (Object.keys(ROLE_KEYS) as (keyof typeof ROLE_KEYS)[]).find((role) => !roles.includes(role));
      if (!outsider) continue;
      const refused = await api(stack.apiUrl, method, url, {
        key: ROLE_KEYS[outsider],
        body: method === 'GET' ? undefined : {},
      });
      expect({ where: routeKey(method, path), outsider, status: refused.status }).toEqual({
        where: routeKey(method, path),
        outsider,
        status: 403,
      });
    }
    // The examples of the error responses are what the API sends.
    const forbidden = await api(stack.apiUrl, 'POST', '/v1/cases', { key: TEST_KEYS.pr, body: {} });
    expect(forbidden.body).toEqual(example('Forbidden'));
    const notJson = await api(stack.apiUrl, 'POST', '/v1/cases', {
      key: TEST_KEYS.investigator,
      body: '<case/>',
      headers: { 'content-type': 'application/xml' },
    });
    expect(notJson.status).toBe(415);
    expect(notJson.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(notJson.body).toEqual(example('UnsupportedMediaType'));
    const huge = await api(stack.apiUrl, 'POST', '/v1/cases', {
      key: TEST_KEYS.investigator,
      body: { title: 'x'.repeat(1_100_000) },
    });
    expect(huge.status).toBe(413);
    expect(huge.body).toEqual(example('PayloadTooLarge'));
    const report = document.paths['/v1/cases'].post.requestBody!.content['application/json'].example as object;
    const invalid = await api(stack.apiUrl, 'POST', '/v1/cases', {
      key: TEST_KEYS.investigator,
      body: { ...report, report: { channel: 'fax' } },
    });
    expect(invalid.status).toBe(400);
    expect(invalid.body).toMatchObject({ type: example('BadRequest').type, title: 'Invalid request' });
  });

  describe('in headless Chromium', () => {
    let context: BrowserContext;
    let profile: string;
    const elsewhere: string[] = [];

    beforeAll(async () => {
      if (!CHROMIUM) throw new Error('chromium is not on PATH: `npm test -- test/docs` installs it');
      profile = mkdtempSync(join(tmpdir(), 'breachline-docs-chromium-'));
      context = await chromium.launchPersistentContext(profile, {
        executablePath: CHROMIUM,
        headless: true,
        args: CHROMIUM_FLAGS,
        viewport: { width: 1400, height: 1000 },
      });
      // Swagger UI must come from the app itself (swagger-ui-dist): no CDN, nothing else.
      await context.route('**/*', (route) => {
        if (route.request().url().startsWith(`${stack.apiUrl}/`)) return route.continue();
        elsewhere.push(route.request().url());
        return route.abort();
      });
    }, 60_000);

    afterAll(async () => {
      await context?.close();
      if (profile) rmSync(profile, { recursive: true, force: true });
    });

    it('renders every operation of /docs/openapi.json in Swagger UI (screenshot: .local/test-logs/<run>/docs.png)', async () => {
      const page = await context.newPage();
      const problems: string[] = [];
      page.on('pageerror', (error) => problems.push(error.message));
      await page.goto(`${stack.apiUrl}/docs`);
      const operations = operationsOf(document);
      await page
        .locator('.opblock')
        .nth(operations.length - 1)
        .waitFor({ timeout: 30_000 });
      const rendered = await page.$$eval('.opblock', (blocks) =>
        blocks.map((block) => ({
          method: block.querySelector('.opblock-summary-method')?.textContent?.trim() ?? '',
          path: block.querySelector('.opblock-summary-path')?.getAttribute('data-path') ?? '',
        })),
      );
      expect(rendered.map(({ method, path }) => routeKey(method, path)).sort()).toEqual(
        operations.map(({ method, path }) => routeKey(method, path)).sort(),
      );
      expect(await page.locator('.opblock .authorization__btn').count()).toBe(
        operations.filter(({ operation }) => operation.security?.length).length,
      );
      await expect(page.locator('.info .title').textContent()).resolves.toContain('Breachline case API');
      // Opening an operation shows its request example and every documented answer.
      await page.locator('#operations-Cases-CaseCommandsController_receiveReport .opblock-summary').click();
      const opened = page.locator('#operations-Cases-CaseCommandsController_receiveReport');
      await opened.locator('.responses-table').first().waitFor();
      const statuses = await opened.locator('.responses-table tr.response .response-col_status').allTextContents();
      expect(statuses.map((status) => status.trim())).toEqual([
        '201',
        '400',
        '401',
        '403',
        '409',
        '412',
        '413',
        '415',
        '422',
      ]);
      await expect(opened.locator('.body-param__example, .microlight').first().textContent()).resolves.toContain(
        '279 million',
      );

      mkdirSync(LOG_DIR, { recursive: true });
      await page.screenshot({ path: join(LOG_DIR, 'docs.png'), fullPage: true });
      expect(problems).toEqual([]);
      expect(elsewhere).toEqual([]);
    }, 90_000);
  });
});
