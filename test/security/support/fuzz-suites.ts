import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Type } from '@nestjs/common';
import fc from 'fast-check';
import { api } from '../../support/http-client.js';
import { TEST_KEYS, TestStack } from '../../support/test-stack.js';
import { unknownRules, validBody } from './dto-arbitraries.js';
import { bodyText, junkBody, nestingDepth } from './junk-values.js';
import { junkQuery, validQuery } from './query-strings.js';
import {
  describeRoute,
  keyFor,
  ORGANISATION_PROFILE,
  pathFor,
  seedNotifiedCase,
  VALID_OVERRIDES,
  VALID_ROUTE_BODIES,
  waitForFeed,
} from './fixtures.js';
import { histogram, pool, send, type Sent, truncate } from './http.js';
import { changedCollections, commitCorrelations, fingerprint, settledFingerprint } from './store.js';
import { type DiscoveredRoute, discoverCaseApiRoutes, routeKey } from './routes.js';

const ofOneCase = (route: DiscoveredRoute) => route.path.startsWith('/v1/cases/:caseId');

/**
 * The body-fuzz suites, one spec file each, by a rule on the path that together cover every route (a new route
 * always lands in one of them) while keeping each file short.
 */
export const BODY_FUZZ_PARTS = {
  /** Not about one case: reports, regulators, webhooks, feed acknowledgements, settings. */
  other: (route: DiscoveredRoute) => !ofOneCase(route),
  /** Holding statements of a case (drafts re-read the whole stream: the slowest commands). */
  statements: (route: DiscoveredRoute) => ofOneCase(route) && route.path.includes('/holding-statements'),
  /** Regulator notifications of a case: notify, supplement, acknowledge. */
  notifications: (route: DiscoveredRoute) => ofOneCase(route) && route.path.includes('/regulator-notifications'),
  /** Every other command on a case: investigation facts, closure, reopening. */
  facts: (route: DiscoveredRoute) =>
    ofOneCase(route) && !route.path.includes('/holding-statements') && !route.path.includes('/regulator-notifications'),
};

/** The query-fuzz suites: the case list and everything under one case, and the rest (feed, stream, deliveries…). */
export const QUERY_FUZZ_PARTS = {
  cases: (route: DiscoveredRoute) => route.path.startsWith('/v1/cases'),
  other: (route: DiscoveredRoute) => !route.path.startsWith('/v1/cases'),
};

const SECRETS_KEY = Buffer.alloc(32, 7).toString('base64');
/** 503 with Retry-After is the designed answer when the database cannot be reached in time (reported, not failed). */
const isFailure = (answer: Sent) =>
  answer.status === 0 || (answer.status >= 500 && !(answer.status === 503 && answer.headers.has('retry-after')));

export interface BodyFuzzOptions {
  junkRuns: number;
  validRuns: number;
  junkConcurrency: number;
  validConcurrency: number;
  seed: number;
}

/**
 * Every route with a body (matching `include`), fuzzed from its DTO's own validation metadata:
 *   - no answer is a 5xx (or a hang / reset), except 503 with Retry-After;
 *   - a 4xx stored nothing: no commit carries the correlation id of a refused request, and a phase without
 *     any 2xx leaves every collection exactly as it was (caches and leases aside);
 *   - each 2xx command appended exactly one commit (none when it answers Idempotent-Replayed: true).
 */
export async function defineBodyFuzzSuite(
  suite: string,
  include: (route: DiscoveredRoute) => boolean,
  options: BodyFuzzOptions,
) {
  const routes = (await discoverCaseApiRoutes()).filter((route) => route.body && !route.public && include(route));

  describe(`request DTO fuzzing (${suite}): no 5xx, nothing stored on 4xx`, () => {
    let stack: TestStack;
    const reports: string[] = [];
    const started = Date.now();

    beforeAll(async () => {
      stack = await TestStack.start(suite, ['case-api'], {
        env: { AUTH_FAILURE_LIMIT: '0', BREACHLINE_SECRETS_KEY: SECRETS_KEY },
      });
      const profile = await api(stack.apiUrl, 'PUT', '/v1/organisation-profile', {
        key: TEST_KEYS.admin,
        body: ORGANISATION_PROFILE,
      });
      expect(profile.status).toBeLessThan(300);
    }, 120_000);

    afterAll(async () => {
      console.log(
        `DTO fuzzing (${suite}): ${routes.length} routes in ${Math.round((Date.now() - started) / 1000)} s (incl. stack start)\n${reports.join('\n')}`,
      );
      await stack?.stop();
    });

    it('finds body routes, each with a DTO the generators understand', () => {
      expect(routes.length).toBeGreaterThan(0);
      const unknown = routes.flatMap((route) =>
        route.body && route.body !== Object ? unknownRules(route.body, VALID_OVERRIDES) : [],
      );
      // Not a failure: such fields are left out of valid bodies (so those come out 400). Listed to add an override.
      if (unknown.length > 0) console.log(`fields without a valid-value generator: ${unknown.join('; ')}`);
      expect(
        routes.filter((route) => route.body === Object && !VALID_ROUTE_BODIES[routeKey(route)]).map(routeKey),
      ).toEqual([]);
    });

    async function phase(
      route: DiscoveredRoute,
      index: number,
      name: string,
      bodies: unknown[],
      params: Record<string, string>,
      concurrency: number,
    ) {
      const id = (i: number) => `fuzz-${index}-${name}-${i}`;
      const fingerprintBefore = await fingerprint(stack.db);
      const commitsBefore = await commitCorrelations(stack.db);
      const begin = Date.now();
      const answers = await pool(bodies, concurrency, (body, i) =>
        send(stack.apiUrl, route.method, pathFor(route, params), {
          key: keyFor(route),
          rawBody: bodyText(body),
          headers: { 'x-correlation-id': id(i) },
          timeoutMs: 30_000,
        }),
      );
      const ms = Date.now() - begin;
      const commitsAfter = await commitCorrelations(stack.db);
      const fingerprintAfter = await fingerprint(stack.db);

      const failures: string[] = [];
      const deep: number[] = [];
      answers.forEach((answer, i) => {
        if (!isFailure(answer)) return;
        const text = bodyText(bodies[i]);
        const depth = nestingDepth(text);
        // One line for all deeply nested bodies (one cause), one per other body.
        if (depth >= 500) deep.push(depth);
        else failures.push(`${answer.status} for ${truncate(text, 200)} → ${truncate(answer.text, 160)}`);
      });
      if (deep.length > 0)
        failures.unshift(`5xx for ${deep.length} bodies nested ${Math.min(...deep)}–${Math.max(...deep)} levels deep`);
      const answerOf = new Map(answers.map((answer, i) => [id(i), answer]));
      const late: string[] = [];
      for (const [correlationId, count] of commitsAfter) {
        const added = count - (commitsBefore.get(correlationId) ?? 0);
        if (added <= 0) continue;
        const answer = answerOf.get(correlationId);
        // A request of an earlier phase that the client gave up on (status 0, already a failure there) and that
        // the server finished later: not this phase's doing.
        if (!answer && correlationId.startsWith('fuzz-')) late.push(correlationId);
        else if (!answer || answer.status >= 300)
          failures.push(`stored ${added} commit(s) for a ${answer?.status ?? 'foreign'} answer (${correlationId})`);
        else if (added !== 1) failures.push(`stored ${added} commits for one command (${correlationId})`);
      }
      answers.forEach((answer, i) => {
        const appended = (commitsAfter.get(id(i)) ?? 0) - (commitsBefore.get(id(i)) ?? 0);
        // A replay (an erasure repeated answers the first one's record) appends nothing and says so.
        const replayed = answer.headers.get('idempotent-replayed') === 'true';
        if (answer.status < 300 && typeof answer.json?.version === 'number' && appended !== (replayed ? 0 : 1)) {
          failures.push(
            `a ${answer.status} command answered version ${answer.json.version} but appended ${appended} commits (${id(i)})`,
          );
        }
      });
      if (late.length === 0 && !answers.some((answer) => answer.status >= 200 && answer.status < 300)) {
        const changed = changedCollections(fingerprintBefore, fingerprintAfter);
        if (changed.length > 0) failures.push(`no request succeeded, yet ${changed.join(', ')} changed`);
      }
      const unavailable = answers.filter((answer) => answer.status === 503).length;
      const shown = failures.slice(0, 12);
      if (failures.length > 12) shown.push(`… and ${failures.length - 12} more`);
      reports.push(
        `  ${routeKey(route)} ${name} ×${bodies.length}: ${histogram(answers.map((a) => a.status))}` +
          `${unavailable ? ' (503: database not reachable in time, with Retry-After)' : ''} in ${ms} ms` +
          (late.length ? ` (${late.length} late commits of requests an earlier phase gave up on)` : '') +
          (shown.length ? `\n    ${shown.join('\n    ')}` : ''),
      );
      return failures;
    }

    describe.each(routes.map((route, index) => [describeRoute(route), route, index] as const))(
      '%s',
      (_, route, index) => {
        it(`survives ${options.junkRuns} hostile bodies and ${options.validRuns} valid random ones`, async () => {
          const seeded = await seedNotifiedCase(stack);
          const params = { caseId: seeded.caseId, notificationId: seeded.notificationId, regulatorId: 'id-pdp' };
          const dto = route.body === Object ? undefined : (route.body as Type<unknown>);
          const valid = VALID_ROUTE_BODIES[routeKey(route)] ?? (dto ? validBody(dto, VALID_OVERRIDES) : undefined);
          const extraNames = valid ? Object.keys(fc.sample(valid, { numRuns: 1, seed: options.seed })[0]) : [];
          const junk = fc.sample(junkBody(dto, valid, VALID_OVERRIDES, extraNames), {
            numRuns: options.junkRuns,
            seed: options.seed + index,
          });
          const failures = await phase(route, index, 'junk', junk, params, options.junkConcurrency);
          if (valid) {
            const bodies = fc.sample(valid, { numRuns: options.validRuns, seed: options.seed + 1_000 + index });
            failures.push(...(await phase(route, index, 'valid', bodies, params, options.validConcurrency)));
          }
          expect(failures).toEqual([]);
        }, 300_000);
      },
    );
  });
}

export interface QueryFuzzOptions {
  junkRuns: number;
  validRuns: number;
  concurrency: number;
  seed: number;
}

/** A valid minVersion above the case's version waits 2 s by design: left out of the valid phase. */
const SLOW_FIELDS = ['minVersion'];

/**
 * Every GET route with a query DTO (matching `include`), fuzzed from the DTO's metadata on a stack with read
 * models (so cursors, filters and the regex search run for real): no 5xx, no hang, and a GET stores nothing.
 */
export async function defineQueryFuzzSuite(
  suite: string,
  include: (route: DiscoveredRoute) => boolean,
  options: QueryFuzzOptions,
) {
  const routes = (await discoverCaseApiRoutes()).filter(
    (route) => route.query && !route.public && route.method === 'GET' && include(route),
  );

  describe(`query-string fuzzing (${suite}): no 5xx, no hang, GETs store nothing`, () => {
    let stack: TestStack;
    let params: Record<string, string>;
    const lines: string[] = [];
    const started = Date.now();

    beforeAll(async () => {
      stack = await TestStack.start(suite, undefined, { env: { AUTH_FAILURE_LIMIT: '0' } });
      await api(stack.apiUrl, 'PUT', '/v1/organisation-profile', { key: TEST_KEYS.admin, body: ORGANISATION_PROFILE });
      const seeded = await seedNotifiedCase(stack);
      for (let i = 0; i < 3; i++) await seedNotifiedCase(stack);
      const drafted = await api(stack.apiUrl, 'POST', `/v1/cases/${seeded.caseId}/holding-statements`, {
        key: TEST_KEYS.pr,
        body: { language: 'id' },
      });
      params = {
        caseId: seeded.caseId,
        notificationId: seeded.notificationId,
        regulatorId: 'id-pdp',
        statementId: drafted.body?.statementId,
      };
      await waitForFeed(stack, TEST_KEYS.regulatorPdp, 4);
      // Let the projector settle, so that any change during a phase is the API's doing.
      await settledFingerprint(stack.db, { intervalMs: 1_500 });
    }, 120_000);

    afterAll(async () => {
      console.log(
        `query fuzzing (${suite}): ${routes.length} routes in ${Math.round((Date.now() - started) / 1000)} s (incl. stack start)\n  ${lines.join('\n  ')}`,
      );
      await stack?.stop();
    });

    it('finds query routes', () => {
      expect(routes.length).toBeGreaterThan(0);
    });

    describe.each(routes.map((route, index) => [describeRoute(route), route, index] as const))(
      '%s',
      (_, route, index) => {
        it(`survives ${options.junkRuns} hostile and ${options.validRuns} valid random query strings`, async () => {
          const dto = route.query as Type<unknown>;
          const queries = [
            ...fc.sample(junkQuery(dto, VALID_OVERRIDES), { numRuns: options.junkRuns, seed: options.seed + index }),
            ...fc.sample(validQuery(dto, VALID_OVERRIDES, SLOW_FIELDS), {
              numRuns: options.validRuns,
              seed: options.seed + 1_000 + index,
            }),
          ];
          const before = await fingerprint(stack.db);
          const begin = Date.now();
          const answers = await pool(queries, options.concurrency, (query) =>
            send(stack.apiUrl, 'GET', `${pathFor(route, params)}${query ? `?${query}` : ''}`, {
              key: keyFor(route),
              timeoutMs: 30_000,
            }),
          );
          const ms = Date.now() - begin;
          const changed = changedCollections(before, await fingerprint(stack.db));
          const failures = [
            ...new Set(
              answers
                .map((answer, i) => ({ answer, query: queries[i] }))
                .filter(({ answer }) => isFailure(answer))
                .map(
                  ({ answer, query }) =>
                    `${answer.status} for ?${truncate(query, 160)} → ${truncate(answer.text, 160)}`,
                ),
            ),
          ];
          const slowest = answers.reduce((a, b) => (b.ms > a.ms ? b : a));
          lines.push(
            `${routeKey(route)}: ${histogram(answers.map((a) => a.status))} in ${ms} ms; slowest ${Math.round(slowest.ms)} ms (${truncate(slowest.path, 100)})` +
              (failures.length ? `\n    ${failures.slice(0, 12).join('\n    ')}` : ''),
          );
          expect({ failures, changed }).toEqual({ failures: [], changed: [] });
        }, 300_000);
      },
    );
  });
}
