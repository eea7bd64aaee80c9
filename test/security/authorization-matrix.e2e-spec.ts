import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Role } from '#libs/domain';
import { runCli } from '../support/cli.js';
import { api } from '../support/http-client.js';
import { TEST_KEYS, TestStack } from '../support/test-stack.js';
import {
  describeRoute,
  KNOWN_PUBLIC_ROUTES,
  KNOWN_ROUTES,
  ORGANISATION_PROFILE,
  pathFor,
  seedNotifiedCase,
  UNKNOWN_ID,
  waitForFeed,
} from './support/fixtures.js';
import { send, type Sent } from './support/http.js';
import { type DiscoveredRoute, discoverCaseApiRoutes, routeKey } from './support/routes.js';

/**
 * Every route of case-api × every caller: the seven test keys (four roles, two regulators), no key, a revoked
 * admin key, a revoked regulator key, an unknown key and malformed Authorization headers. The expected answer
 * comes from the same @Roles/@Public metadata the guard reads (routes without @Roles: admins only):
 *
 *   public route                       → 2xx for everyone, with or without a key
 *   valid key, role allowed            → neither 401 nor 403 (2xx, or 4xx from validation / unknown ids)
 *   valid key, role not allowed        → 403
 *   no, unknown, revoked or malformed  → 401
 *
 * Plus: no answer is a 5xx, no answer echoes the presented key, and for regulator routes the other
 * regulator's key neither sees nor changes the first regulator's notifications.
 */

const routes = await discoverCaseApiRoutes();

type Caller = { name: string; authorization?: string; role?: Role; secret?: string };

const ROLE_OF_TEST_KEY: Record<keyof typeof TEST_KEYS, Role> = {
  investigator: 'investigator',
  investigator2: 'investigator',
  pr: 'pr',
  pr2: 'pr',
  admin: 'admin',
  regulatorPdp: 'regulator',
  regulatorOther: 'regulator',
};

describe('authorization matrix: every route × every caller', () => {
  let stack: TestStack;
  let params: Record<string, string>;
  let callers: Caller[];
  const started = Date.now();
  let requests = 0;

  beforeAll(async () => {
    // Failed authentications are the point here: the throttle's limit is raised so that it stays out of the way.
    stack = await TestStack.start('security-matrix', undefined, { env: { AUTH_FAILURE_LIMIT: '100000' } });
    const seeded = await seedNotifiedCase(stack);
    await waitForFeed(stack, TEST_KEYS.regulatorPdp, 1);
    params = { caseId: seeded.caseId, notificationId: seeded.notificationId, regulatorId: 'id-pdp' };

    const revoked: Record<string, string> = {};
    for (const [name, extra] of [
      ['matrix-revoked-admin', ['--role', 'admin']],
      ['matrix-revoked-regulator', ['--role', 'regulator', '--regulator', 'id-pdp']],
    ] as const) {
      const created = await runCli(stack.env, 'keys', 'create', '--name', name, ...extra);
      const key = created.stdout.trim().split('\n').at(-1) as string;
      expect(created.code).toBe(0);
      // The key worked before it was revoked: a 401 afterwards is the revocation, not a bad key.
      const probe = name.endsWith('admin') ? '/v1/regulators' : '/v1/feed';
      expect((await api(stack.apiUrl, 'GET', probe, { key })).status).toBe(200);
      expect((await runCli(stack.env, 'keys', 'revoke', name)).code).toBe(0);
      revoked[name] = key;
    }

    callers = [
      ...Object.entries(TEST_KEYS).map(([name, key]) => ({
        name,
        authorization: `Bearer ${key}`,
        role: ROLE_OF_TEST_KEY[name as keyof typeof TEST_KEYS],
        secret: key,
      })),
      { name: 'no key' },
      {
        name: 'revoked admin key',
        authorization: `Bearer ${revoked['matrix-revoked-admin']}`,
        secret: revoked['matrix-revoked-admin'],
      },
      {
        name: 'revoked regulator key',
        authorization: `Bearer ${revoked['matrix-revoked-regulator']}`,
        secret: revoked['matrix-revoked-regulator'],
      },
      {
        name: 'unknown key',
        authorization: 'Bearer bl_unknown-key-0000000000000000000000000000',
        secret: 'bl_unknown-key-0000000000000000000000000000',
      },
      { name: 'Basic scheme', authorization: `Basic ${Buffer.from(`admin:${TEST_KEYS.admin}`).toString('base64')}` },
      { name: 'key without scheme', authorization: TEST_KEYS.admin, secret: TEST_KEYS.admin },
      { name: 'empty bearer', authorization: 'Bearer ' },
      { name: 'two keys', authorization: `Bearer ${TEST_KEYS.pr} ${TEST_KEYS.admin}` },
    ];
  }, 120_000);

  afterAll(async () => {
    console.log(
      `authorization matrix: ${routes.length} routes, ${requests} requests in ${Date.now() - started} ms (incl. stack start)`,
    );
    await stack?.stop();
  });

  it('discovers every route of the README (with its roles) and the public health/metrics routes', () => {
    const found = new Map(routes.map((route) => [routeKey(route), route]));
    for (const [key, roles] of Object.entries(KNOWN_ROUTES)) {
      expect({ key, roles: found.get(key)?.roles.slice().sort() }).toEqual({ key, roles: roles.slice().sort() });
      expect(found.get(key)?.public).toBe(false);
    }
    for (const key of KNOWN_PUBLIC_ROUTES)
      expect({ key, public: found.get(key)?.public }).toEqual({ key, public: true });
    console.log(`discovered routes:\n  ${routes.map(describeRoute).join('\n  ')}`);
  });

  const request = async (route: DiscoveredRoute, caller: Caller): Promise<Sent> => {
    requests++;
    const hasBody = route.method === 'POST' || route.method === 'PUT' || route.method === 'PATCH';
    return send(stack.apiUrl, route.method, pathFor(route, params), {
      authorization: caller.authorization,
      ...(hasBody && { body: {} }),
      timeoutMs: 10_000,
    });
  };

  const expectation = (route: DiscoveredRoute, caller: Caller): string => {
    if (route.public) return '2xx';
    if (!caller.role) return '401';
    return route.roles.includes(caller.role) ? 'not 401/403' : '403';
  };

  const verdict = (expected: string, status: number): boolean =>
    expected === '2xx'
      ? status >= 200 && status < 300
      : expected === 'not 401/403'
        ? status !== 401 && status !== 403 && status > 0 && status < 500
        : String(status) === expected;

  describe.each(routes.map((route) => [describeRoute(route), route] as const))('%s', (_, route) => {
    it('answers every caller as its metadata says, never 5xx, never echoing the key', async () => {
      const mismatches: string[] = [];
      for (const caller of callers) {
        const expected = expectation(route, caller);
        const answer = await request(route, caller);
        if (!verdict(expected, answer.status)) {
          mismatches.push(`${caller.name}: expected ${expected}, got ${answer.status} ${answer.text.slice(0, 160)}`);
        }
        if (caller.secret && answer.text.includes(caller.secret))
          mismatches.push(`${caller.name}: the answer echoes the key`);
        if (answer.status === 404 && /Cannot (GET|POST|PUT|PATCH|DELETE) /.test(answer.text)) {
          mismatches.push(`${caller.name}: the running app has no such route (discovery and build disagree)`);
        }
        if (
          expected === '401' &&
          answer.status === 401 &&
          answer.headers.get('content-type')?.includes('problem+json') !== true
        ) {
          mismatches.push(`${caller.name}: 401 is not problem details`);
        }
      }
      expect(mismatches).toEqual([]);
    });
  });

  /** What the other regulator's key must not see or change, per regulator route; a new regulator route needs one. */
  const isolationProbes: Record<string, () => Promise<void>> = {
    'GET /v1/feed': async () => {
      const own = await api(stack.apiUrl, 'GET', '/v1/feed?after=0&limit=100', { key: TEST_KEYS.regulatorPdp });
      expect(own.body.events.length).toBeGreaterThanOrEqual(1);
      for (const query of ['', '?after=0&limit=100', '?after=-1', `?after=${own.body.nextCursor}`]) {
        const other = await api(stack.apiUrl, 'GET', `/v1/feed${query}`, { key: TEST_KEYS.regulatorOther });
        if (other.status === 200) expect(other.body.events).toEqual([]);
        else expect(other.status).toBe(400);
        expect(JSON.stringify(other.body)).not.toContain(params.notificationId);
      }
    },
    'GET /v1/feed/stream': async () => {
      const read = async (key: string) => {
        const controller = new AbortController();
        const timer = setTimeout(() => controller.abort(), 2_000);
        const response = await fetch(`${stack.apiUrl}/v1/feed/stream?after=0`, {
          headers: { authorization: `Bearer ${key}`, 'last-event-id': '0' },
          signal: controller.signal,
        });
        let text = '';
        try {
          for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) {
            text += Buffer.from(chunk).toString('utf8');
            if (text.includes('data: ')) break;
          }
        } catch (error) {
          if ((error as Error).name !== 'AbortError') throw error;
        } finally {
          clearTimeout(timer);
          controller.abort();
        }
        return text;
      };
      expect(await read(TEST_KEYS.regulatorPdp)).toContain(params.notificationId);
      const other = await read(TEST_KEYS.regulatorOther);
      expect(other).not.toContain('data: ');
      expect(other).not.toContain(params.notificationId);
    },
    'POST /v1/feed/:notificationId/acknowledgement': async () => {
      const commits = () => stack.db.collection('case_commits').countDocuments();
      const before = await commits();
      for (const id of [
        params.notificationId,
        params.notificationId.toUpperCase(),
        ` ${params.notificationId}`,
        UNKNOWN_ID,
      ]) {
        const answer = await api(stack.apiUrl, 'POST', `/v1/feed/${encodeURIComponent(id)}/acknowledgement`, {
          key: TEST_KEYS.regulatorOther,
          body: { reference: 'not mine' },
        });
        expect({ id, status: answer.status }).toEqual({ id, status: 404 });
        expect(JSON.stringify(answer.body)).not.toContain(params.caseId);
      }
      expect(await commits()).toBe(before);
    },
  };

  isolationProbes['GET /v1/cases/:caseId/regulator-notifications/:notificationId/letter'] = async () => {
    const letter = (key: string, caseId: string, notificationId: string) =>
      api(stack.apiUrl, 'GET', `/v1/cases/${caseId}/regulator-notifications/${notificationId}/letter`, {
        key,
        headers: { accept: 'text/markdown' },
      });
    await api(stack.apiUrl, 'PUT', '/v1/organisation-profile', { key: TEST_KEYS.admin, body: ORGANISATION_PROFILE });
    const own = await letter(TEST_KEYS.regulatorPdp, params.caseId, params.notificationId);
    expect({ status: own.status, text: String(own.body).includes('Pasal 46 ayat (2) huruf a') }).toEqual({
      status: 200,
      text: true,
    });
    for (const [caseId, notificationId] of [
      [params.caseId, params.notificationId],
      [params.caseId, params.notificationId.toUpperCase()],
      [UNKNOWN_ID, params.notificationId],
    ]) {
      const other = await letter(TEST_KEYS.regulatorOther, caseId, notificationId);
      expect({ notificationId, status: other.status }).toEqual({ notificationId, status: 404 });
      expect(JSON.stringify(other.body)).not.toContain('Pasal 46');
    }
  };

  isolationProbes['GET /v1/cases/:caseId/evidence'] = async () => {
    const other = await api(stack.apiUrl, 'GET', `/v1/cases/${params.caseId}/evidence`, {
      key: TEST_KEYS.regulatorOther,
    });
    expect(other.status).toBe(404);
    expect(JSON.stringify(other.body)).not.toContain(params.notificationId);
  };
  // The log is the same for every caller and names no case: the other regulator learns nothing of the first's cases.
  for (const path of ['/v1/ledger/checkpoint', '/v1/ledger/consistency?from=1&to=1', '/v1/ledger/public-key']) {
    isolationProbes[`GET ${path.split('?')[0]}`] = async () => {
      const other = await api(stack.apiUrl, 'GET', path, { key: TEST_KEYS.regulatorOther });
      expect(other.status).toBeLessThan(500);
      expect(JSON.stringify(other.body)).not.toContain(params.caseId);
      expect(JSON.stringify(other.body)).not.toContain(params.notificationId);
    };
  }

  it("keeps the other regulator's key away from the first regulator's notifications on every regulator route", async () => {
    const regulatorRoutes = routes.filter((route) => !route.public && route.roles.includes('regulator')).map(routeKey);
    expect(regulatorRoutes.length).toBeGreaterThan(0);
    expect(regulatorRoutes.filter((key) => !isolationProbes[key])).toEqual([]);
    for (const key of regulatorRoutes) await isolationProbes[key]();
  });
});
