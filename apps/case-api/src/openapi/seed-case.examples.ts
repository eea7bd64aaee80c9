import {
  computeDeadlines,
  computeNotifiability,
  DEFAULT_REGULATORS,
  type RegulatorDefinition,
  runSeedCase,
  SEED_AFTERWARDS,
  SEED_IDS,
  SEED_ORGANISATION,
  SEED_STORY,
  type SeedEvent,
  seedStep,
} from '#libs/domain';
import {
  caseListProjection,
  caseStatusProjection,
  type CaseStoredEvent,
  holdingStatementsProjection,
  isStatementStale,
  toTimelineEntry,
} from '#libs/read-models';
import { toRegulatorCloudEvent } from '#libs/regulators';
import { toPage } from '../queries/page-cursor.js';
import { composeCaseReport } from '../documents/case-report.composer.js';
import { renderMarkdown } from '../documents/markdown.renderer.js';
import { requests } from './seed-case.requests.js';

export { requests } from './seed-case.requests.js';

// The seed case (libs/domain/src/seed-case) run through the domain's own decider and projections, so that every
// response example is what the API answers for the seed case's requests. Everything is fixed (ids, clocks), so the
// generated document is the same on every run.

const { caseId: CASE_ID, notificationId: NOTIFICATION_ID, supplementId: SUPPLEMENT_ID } = SEED_IDS;
const STATEMENT_ID = SEED_IDS.statementId;
/** When the read examples are read: deadlines and `hoursRemaining` are computed against it. */
const READ_AT = new Date('2021-05-25T06:00:00Z');

/** As the event store keeps it: ids and the recording time derived from the version, 42 ms after the command. */
function stored(event: SeedEvent): CaseStoredEvent {
  const suffix = String(event.version).padStart(12, '0');
  return {
    eventId: `6a1f0c9e-2b7d-4e5a-8c3f-${suffix}`,
    type: event.type,
    schemaVersion: 1,
    caseId: event.caseId,
    version: event.version,
    occurredAt: new Date(event.at).toISOString(),
    recordedAt: new Date(Date.parse(event.at) + 42).toISOString(),
    actor: event.actor,
    correlationId: `1d9b7e3a-5c2f-4a86-b0e4-${suffix}`,
    causationId: `f4c2a8d6-3e1b-4970-a5d8-${suffix}`,
    payload: event.payload,
  } as CaseStoredEvent;
}

const fold = <D>(projection: { evolve(current: D | null, event: CaseStoredEvent): D }, events: CaseStoredEvent[]) =>
  events.reduce<D | null>((document, event) => projection.evolve(document, event), null) as D;
const withoutId = <D extends { _id: string }>({ _id, ...rest }: D) => rest;

export interface SeedCase {
  caseId: string;
  /** Success answers, keyed by what they answer. */
  responses: Record<string, unknown>;
  /** Examples of the path parameters, by name: all of the same case. */
  pathParameters: Record<string, string>;
  /** What the decider refused: an assessment of the closed case. */
  closedCaseRefusal: Error;
}

let built: SeedCase | undefined;

/** Built on first use (not on import): a fault here fails the document, never the app that imports it. */
export function seedCase(): SeedCase {
  return (built ??= buildSeedCase());
}

function buildSeedCase(): SeedCase {
  const ofCase = (events: SeedEvent[]) => events.filter((event) => event.caseId === CASE_ID);
  const decided = ofCase(runSeedCase([...SEED_STORY, ...SEED_AFTERWARDS]));
  const story = ofCase(runSeedCase(SEED_STORY)).map(stored);
  const all = decided.map(stored);
  const versionAfter = (step: string) => {
    const version = decided.findLast((event) => event.step === step)?.version;
    if (version === undefined) throw new Error(`The seed case: no event of step ${step}`);
    return version;
  };
  const accepted = (step: string) => ({ caseId: CASE_ID, version: versionAfter(step) });
  const responses: Record<string, unknown> = {};
  for (const name of [
    'receiveReport',
    'assignInvestigator',
    'verifySample',
    'traceSource',
    'assessRisk',
    'assessNotifiability',
    'notifyDataSubjects',
    'closeCase',
    'reopenCase',
  ]) {
    responses[name] = accepted(name);
  }
  responses.notifyRegulator = { ...accepted('notifyRegulator'), notificationId: NOTIFICATION_ID };
  responses.supplementRegulatorNotification = {
    ...accepted('supplementRegulatorNotification'),
    supplementId: SUPPLEMENT_ID,
  };
  responses.recordRegulatorAcknowledgement = accepted('acknowledgeNotification');
  responses.acknowledgeNotification = {
    notificationId: NOTIFICATION_ID,
    acknowledged: true,
    replayed: false,
    ...accepted('acknowledgeNotification'),
  };

  // Read models as the projector builds them from the story's events.
  const { clockFacts, ...status } = withoutId(fold(caseStatusProjection, story));
  responses.status = {
    ...status,
    deadlines: computeDeadlines(clockFacts, DEFAULT_REGULATORS, READ_AT),
    notifiability: computeNotifiability(clockFacts, DEFAULT_REGULATORS),
  };
  const { searchText: _searchText, ...listed } = withoutId(fold(caseListProjection, story));
  responses.list = toPage([listed], 20, (row) => row.sortKey);
  const timeline = story.map((event) => withoutId(toTimelineEntry(event)));
  responses.timeline = toPage(timeline.slice(0, 4), 3, (entry) => entry.version);

  // Holding statements: drafted by one PR officer from the facts, approved and published by another.
  const drafted = story.find(
    (event) => event.type === 'HoldingStatementDrafted' && event.payload.statementId === STATEMENT_ID,
  )!;
  responses.draftHoldingStatement = {
    caseId: CASE_ID,
    version: drafted.version,
    statementId: STATEMENT_ID,
    statement: drafted.payload,
  };
  responses.approve = accepted('approveHoldingStatement');
  responses.publish = accepted('publishHoldingStatement');
  responses.withdraw = accepted('withdrawHoldingStatement');
  const statements = fold(holdingStatementsProjection, story);
  const views = statements.statements.map((statement) => ({
    ...statement,
    stale: isStatementStale(statement, statements),
  }));
  responses.history = { caseId: CASE_ID, factsVersion: statements.factsVersion, statements: views };
  responses.latest = views.find((view) => view.statementId === STATEMENT_ID);

  const report = composeCaseReport(
    { events: all, regulators: DEFAULT_REGULATORS, organisation: SEED_ORGANISATION, asOf: READ_AT },
    'en',
  );
  responses.report = renderMarkdown(report);

  // What the regulator id-pdp receives: its own notification, the supplement and its acknowledgement.
  const feed = story.flatMap((event) => toRegulatorCloudEvent(event)?.cloudEvent ?? []);
  responses.feed = { events: feed, nextCursor: String(feed.length) };
  responses.feedStream =
    'retry: 2000\n\n' +
    feed.map((event, index) => `id: ${index + 1}\nevent: ${event.type}\ndata: ${JSON.stringify(event)}\n\n`).join('');

  const notified = story.find((event) => event.type === 'RegulatorNotified')!;
  const delivered = (seconds: number, ms: number) =>
    new Date(Date.parse(notified.occurredAt) + seconds * 1000 + ms).toISOString();
  const delivery = {
    webhookId: notified.eventId,
    regulatorId: 'id-pdp',
    caseId: CASE_ID,
    caseVersion: notified.version,
    type: 'RegulatorNotified',
    state: 'delivered',
    attempts: [
      { attempt: 1, at: delivered(1, 120), durationMs: 10_002, error: 'timeout after 10000 ms' },
      { attempt: 2, at: delivered(31, 340), durationMs: 84, status: 204 },
    ],
    createdAt: delivered(0, 900),
    updatedAt: delivered(31, 424),
    deliveredAt: delivered(31, 424),
  };
  responses.deliveries = { deliveries: [delivery] };
  responses.delivery = { ...delivery, body: JSON.stringify(feed[0]) };

  const regulatorView = (definition: RegulatorDefinition, source: 'default' | 'admin') => ({ ...definition, source });
  Object.assign(responses, {
    regulators: DEFAULT_REGULATORS.slice(0, 2).map((definition) => regulatorView(definition, 'default')),
    regulator: regulatorView(DEFAULT_REGULATORS[0], 'default'),
    addRegulator: regulatorView(requests.addRegulator, 'admin'),
    setWebhook: {
      ...regulatorView(DEFAULT_REGULATORS[0], 'default'),
      delivery: { mode: 'webhook', url: requests.setWebhook.url },
      webhook: { url: requests.setWebhook.url },
    },
    organisationProfile: requests.organisationProfile,
    live: { status: 'ok' },
    ready: { ready: true, checks: { mongodb: { ok: true }, kafka: { ok: true } } },
    metrics:
      '# HELP breachline_process_cpu_user_seconds_total Total user CPU time spent in seconds.\n' +
      '# TYPE breachline_process_cpu_user_seconds_total counter\n' +
      'breachline_process_cpu_user_seconds_total{app="case-api"} 1.52\n',
  });
  return {
    caseId: CASE_ID,
    responses,
    pathParameters: {
      caseId: CASE_ID,
      notificationId: NOTIFICATION_ID,
      statementId: STATEMENT_ID,
      regulatorId: 'id-pdp',
      webhookId: notified.eventId,
    },
    closedCaseRefusal: closedCaseRefusal(),
  };
}

/** What the decider answers to a risk assessment of the closed case. */
function closedCaseRefusal(): Error {
  const closed = SEED_AFTERWARDS.slice(0, SEED_AFTERWARDS.indexOf(seedStep('closeCase')) + 1);
  try {
    runSeedCase([...SEED_STORY, ...closed, { ...seedStep('assessRisk'), at: '2021-07-31T08:00:00Z' }]);
  } catch (error) {
    return error as Error;
  }
  throw new Error('The seed case: the closed case accepted a risk assessment');
}
