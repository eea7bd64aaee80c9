import fc from 'fast-check';
import type { Role } from '#libs/domain';
import { seedCase } from '../../fixtures/seed-case.js';
import { api, eventually } from '../../support/http-client.js';
import { TEST_KEYS, type TestStack } from '../../support/test-stack.js';
import type { Overrides } from './dto-arbitraries.js';
import { type DiscoveredRoute, routeKey } from './routes.js';

/** One key per role, for requests that need "some caller allowed here". */
export const KEY_FOR_ROLE: Record<Role, string> = {
  investigator: TEST_KEYS.investigator,
  pr: TEST_KEYS.pr,
  regulator: TEST_KEYS.regulatorPdp,
  admin: TEST_KEYS.admin,
};

/** A key of the first role the route allows (investigator before admin, so commands run as a normal user). */
export const keyFor = (route: DiscoveredRoute) => KEY_FOR_ROLE[route.roles[0]];

/** The README's API table: discovery must find at least these, with these roles (a broken discovery fails). */
export const KNOWN_ROUTES: Record<string, Role[]> = {
  'POST /v1/cases': ['investigator', 'admin'],
  'POST /v1/cases/:caseId/assignments': ['investigator', 'admin'],
  'POST /v1/cases/:caseId/risk-assessments': ['investigator', 'admin'],
  'POST /v1/cases/:caseId/notifiability-assessments': ['investigator', 'admin'],
  'POST /v1/cases/:caseId/sample-verifications': ['investigator', 'admin'],
  'POST /v1/cases/:caseId/source-traces': ['investigator', 'admin'],
  'POST /v1/cases/:caseId/regulator-notifications': ['investigator', 'admin'],
  'POST /v1/cases/:caseId/regulator-notifications/:notificationId/supplements': ['investigator', 'admin'],
  'POST /v1/cases/:caseId/regulator-notifications/:notificationId/acknowledgement': ['investigator', 'admin'],
  'POST /v1/cases/:caseId/data-subject-notifications': ['investigator', 'admin'],
  'POST /v1/cases/:caseId/closure': ['investigator', 'admin'],
  'POST /v1/cases/:caseId/reopening': ['investigator', 'admin'],
  'GET /v1/cases': ['investigator', 'pr', 'admin'],
  'GET /v1/cases/:caseId/status': ['investigator', 'pr', 'admin'],
  'GET /v1/cases/:caseId/timeline': ['investigator', 'pr', 'admin'],
  'GET /v1/regulators': ['investigator', 'pr', 'admin'],
  'GET /v1/regulators/:regulatorId': ['investigator', 'pr', 'admin'],
  'POST /v1/regulators': ['admin'],
  'PUT /v1/regulators/:regulatorId/webhook': ['admin'],
  'DELETE /v1/regulators/:regulatorId/webhook': ['admin'],
  'GET /v1/feed': ['regulator'],
  'GET /v1/feed/stream': ['regulator'],
  'POST /v1/feed/:notificationId/acknowledgement': ['regulator'],
  'GET /v1/cases/:caseId/regulator-notifications/:notificationId/letter': ['investigator', 'admin', 'regulator'],
  'GET /v1/cases/:caseId/report': ['investigator', 'pr', 'admin'],
  'GET /v1/cases/:caseId/holding-statements/:statementId': ['pr', 'admin', 'investigator'],
};
export const KNOWN_PUBLIC_ROUTES = ['GET /health/live', 'GET /health/ready', 'GET /metrics'];

export const UNKNOWN_ID = '00000000-0000-4000-8000-000000000000';

/** Fills a route's path parameters; parameters nobody has a value for get an id that exists nowhere. */
export const pathFor = (route: Pick<DiscoveredRoute, 'path'>, params: Record<string, string>) =>
  route.path.replace(/:(\w+)/g, (_, name: string) => encodeURIComponent(params[name] ?? UNKNOWN_ID));

/** A case with a confirmed sample and a notification to id-pdp (so every command has something to act on). */
export async function seedNotifiedCase(
  stack: TestStack,
): Promise<{ caseId: string; notificationId: string; version: number }> {
  const post = (path: string, body: unknown) => api(stack.apiUrl, 'POST', path, { key: TEST_KEYS.investigator, body });
  const created = await post('/v1/cases', seedCase.report);
  if (created.status !== 201) throw new Error(`seed case: ${created.status} ${JSON.stringify(created.body)}`);
  const { caseId } = created.body;
  await post(`/v1/cases/${caseId}/sample-verifications`, seedCase.sampleVerification);
  const notified = await post(`/v1/cases/${caseId}/regulator-notifications`, seedCase.regulatorNotification);
  if (notified.status !== 201)
    throw new Error(`seed notification: ${notified.status} ${JSON.stringify(notified.body)}`);
  return { caseId, notificationId: notified.body.notificationId, version: notified.body.version };
}

export async function waitForFeed(stack: TestStack, key: string, count: number) {
  return eventually(
    () => api(stack.apiUrl, 'GET', '/v1/feed', { key }),
    (r) => (r.body?.events?.length ?? 0) >= count,
  );
}

/** An organisation profile so that holding statements can be drafted. */
export const ORGANISATION_PROFILE = {
  name: 'BPJS Kesehatan',
  memberCount: { count: 222_000_000, asOf: '2021-05', noun: 'members' },
  spokesperson: { name: 'Humas', email: 'humas@example.org', phone: '+62 21 555 0100' },
  nextUpdateWithinHours: 24,
  timeZone: 'Asia/Jakarta',
};

export const regulatorDefinition = fc.record({
  id: fc.stringMatching(/^[a-z]{2}-[a-z0-9]{2,12}$/),
  name: fc.string({ minLength: 1, maxLength: 80 }).filter((s) => s.trim().length > 0),
  jurisdiction: fc.constantFrom('ID', 'EU', 'SG', 'AU', 'US'),
  legalBasis: fc.string({ minLength: 1, maxLength: 80 }).filter((s) => s.trim().length > 0),
  deadline: fc.record({
    amount: fc.integer({ min: 1, max: 8760 }),
    unit: fc.constantFrom('hours', 'calendar-days', 'business-days'),
    clockStartsAt: fc.constantFrom('awareness', 'knowledge-of-failure', 'assessed-notifiable', 'discovery'),
    description: fc.string({ minLength: 1, maxLength: 80 }).filter((s) => s.trim().length > 0),
  }),
  requiredContent: fc.uniqueArray(
    fc.record({ field: fc.stringMatching(/^[a-z][a-zA-Z0-9]{0,20}$/), label: fc.constant('A field') }),
    { minLength: 1, maxLength: 4, selector: (c) => c.field },
  ),
  delivery: fc.constant({ mode: 'feed' }),
});

/** A built-in noun, or the organisation's own in both languages (or, now and then, in one: drafts in the other get 409). */
const subjectNoun = fc.oneof(
  fc.constantFrom('members', 'customers', 'users'),
  fc.constant({ en: 'policyholders', id: 'pemegang polis' }),
  fc.constantFrom({ en: 'patients' }, { id: 'siswa' }),
);

/** Valid values for rules the metadata-driven generator cannot invert (@Matches) or that need real ids. */
export const VALID_OVERRIDES: Overrides = {
  'NotifyRegulatorDto.regulatorId': fc.constantFrom('id-pdp', 'id-pdp', 'id-pdp', 'sg-pdpc', 'nowhere'),
  'NotifyRegulatorDto.content': fc.oneof(
    fc.constant(seedCase.regulatorNotification.content),
    fc.record({
      dataExposed: fc.string({ minLength: 1, maxLength: 200 }),
      whenAndHow: fc.string({ minLength: 1, maxLength: 200 }),
      handlingAndRecovery: fc.string({ minLength: 1, maxLength: 200 }),
    }),
  ),
  'RecordRegulatorAcknowledgementDto.regulatorId': fc.constantFrom('id-pdp', 'sg-pdpc'),
  'SetWebhookDto.url': fc.webUrl({ validSchemes: ['https'] }).filter((u) => u.length <= 2_000),
  'SetWebhookDto.secret': fc
    .uint8Array({ minLength: 24, maxLength: 64 })
    .map((b) => `whsec_${Buffer.from(b).toString('base64')}`),
  'MemberCountDto.asOf': fc.constantFrom('2021-05', '2020-12-31', '2019-01'),
  'OrganisationProfileDto.timeZone': fc.constantFrom('UTC', 'Asia/Jakarta', 'Europe/Berlin'),
  'SpokespersonDto.phone': fc.constantFrom('+62 21 555 0100', '(021) 555-0100'),
  'MemberCountDto.noun': subjectNoun,
  'OrganisationProfileDto.subjectNoun': subjectNoun,
  'WorkingHoursDto.start': fc.constantFrom('00:00', '07:00', '09:00'),
  'WorkingHoursDto.end': fc.constantFrom('17:00', '18:00', '23:00'),
  'WorkingHoursDto.days': fc.uniqueArray(fc.constantFrom('mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'), {
    minLength: 1,
    maxLength: 7,
  }),
  'DraftHoldingStatementDto.nextUpdateAt': fc
    .integer({ min: 3_600_000, max: 7 * 24 * 3_600_000 })
    .map((ahead) => new Date(Date.now() + ahead).toISOString()),
};

/** Whole valid bodies for routes whose body is not a DTO class. */
export const VALID_ROUTE_BODIES: Record<string, fc.Arbitrary<Record<string, unknown>>> = {
  'POST /v1/regulators': regulatorDefinition as fc.Arbitrary<Record<string, unknown>>,
};

export const describeRoute = (route: DiscoveredRoute) => `${routeKey(route)} [${route.roles.join(', ')}]`;
