import {
  type Actor,
  type CaseCommand,
  type CaseEvent,
  type CaseState,
  composeHoldingStatement,
  computeDeadlines,
  computeNotifiability,
  decide,
  DEFAULT_REGULATORS,
  evolve,
  holdingStatementFactsFromEvents,
  initialCaseState,
  type OrganisationProfile,
  regulatorName,
  type RegulatorDefinition,
  type StatementLanguage,
  type VersionedCaseEvent,
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
import type {
  AssessNotifiabilityDto,
  AssessRiskDto,
  AssignInvestigatorDto,
  CloseCaseDto,
  NotifyDataSubjectsDto,
  NotifyRegulatorDto,
  RecordRegulatorAcknowledgementDto,
  ReopenCaseDto,
  SupplementRegulatorNotificationDto,
  TraceSourceDto,
  VerifySampleDto,
} from '../cases/dto/case-fact.dtos.js';
import type { ReceiveReportDto } from '../cases/dto/receive-report.dto.js';
import type { AcknowledgeNotificationDto } from '../feed/feed.dto.js';
import type {
  DraftHoldingStatementDto,
  WithdrawHoldingStatementDto,
} from '../holding-statements/holding-statement.dtos.js';
import type { OrganisationProfileDto } from '../holding-statements/organisation-profile.dto.js';
import type { SetWebhookDto } from '../regulators/regulators.dto.js';

// The seed case of DOMAIN.md (BPJS Kesehatan, May 2021) as request bodies, run through the domain's own
// decider and projections so that every response example is what the API answers for those requests.
// Everything is fixed (ids, clocks), so the generated document is the same on every run.

const ana: Actor = { name: 'ana', role: 'investigator' };
const citra: Actor = { name: 'citra', role: 'pr' };
const dewi: Actor = { name: 'dewi', role: 'pr' };
const pdpAgency: Actor = { name: 'pdp-agency', role: 'regulator', regulatorId: 'id-pdp' };

const CASE_ID = '0b6f3c1e-5d2a-4c8e-9f47-2a1d8e6b7c35';
const NOTIFICATION_ID = '5e2c8a41-7b3d-4f19-8c6e-d0a9b1f24e76';
const SUPPLEMENT_ID = 'a7d4e2b9-1c6f-4e83-b5a0-93f7c2d18e64';
const STATEMENT_ID = 'c3e9a7f2-4b1d-4d6a-8e25-6f0b9d3c1a87';
/** When the read examples are read: deadlines and `hoursRemaining` are computed against it. */
const READ_AT = new Date('2021-05-25T06:00:00Z');

export const requests = {
  receiveReport: {
    title: 'Alleged sale of data of 279 million Indonesians on an online forum',
    jurisdictions: ['ID'],
    report: {
      receivedAt: '2021-05-20T03:00:00Z',
      channel: 'social-media',
      summary:
        'Posts allege that data of 279 million Indonesians, including deceased, is for sale; a free sample is offered.',
      sourceUrl: 'https://forum.example/thread/279m',
      claimedRecordCount: 279_000_000,
      dataCategories: [
        'national-id',
        'name',
        'phone',
        'address',
        'email',
        'tax-id',
        'birth-place-date',
        'gender',
        'photo',
        'family-members',
        'salary',
        'card-number',
        'office-code',
        'dependants',
        'payment-status',
      ],
    },
  } satisfies ReceiveReportDto,
  assignInvestigator: {
    investigator: 'ana',
    assignedAt: '2021-05-20T03:15:00Z',
    note: 'Lead investigator for the forum claim.',
  } satisfies AssignInvestigatorDto,
  verifySample: {
    verifiedAt: '2021-05-21T10:00:00Z',
    sampleSize: 100_002,
    matchedRecords: 100_002,
    confirmedDataCategories: ['national-id', 'name', 'phone', 'address', 'card-number'],
    method: 'Format and membership check of the free sample against member records',
    verdict: 'confirmed',
  } satisfies VerifySampleDto,
  traceSource: {
    tracedAt: '2021-05-22T08:00:00Z',
    sourceSystem: 'member-data-exchange',
    vector: 'unknown',
    confidence: 'low',
    summary: 'Special team tracing the source; download links taken down.',
    containment: 'Download links taken down; exports from the member data exchange suspended.',
  } satisfies TraceSourceDto,
  assessRisk: {
    assessedAt: '2021-05-22T09:00:00Z',
    riskLevel: 'high',
    likelyConsequences:
      'Identity fraud and targeted phishing using national ID numbers, phone numbers and card numbers.',
    estimatedAffectedSubjects: 100_002,
  } satisfies AssessRiskDto,
  assessNotifiability: {
    assessedAt: '2021-05-22T10:00:00Z',
    affectedSubjects: 100_002,
    dataCategories: ['national-id', 'name', 'phone', 'address', 'card-number'],
    confidentiality: 'exfiltrated',
    integrity: false,
    availability: 'none',
    dataUnintelligible: false,
    harmRemediated: false,
    riskToIndividuals: 'high',
    notes: 'The verified sample was offered for sale on an online forum; identity fraud is likely.',
  } satisfies AssessNotifiabilityDto,
  notifyRegulator: {
    regulatorId: 'id-pdp',
    notifiedAt: '2021-05-22T12:00:00Z',
    content: {
      dataExposed: 'Member identity data: NIK, name, phone, address, card number (sample of 100,002 rows verified).',
      whenAndHow: 'Offered for sale on an online forum around 20 May 2021; the source is being traced.',
      handlingAndRecovery: 'Special team formed, download links taken down, layered security reinforced.',
    },
  } satisfies NotifyRegulatorDto,
  supplementRegulatorNotification: {
    supplementedAt: '2021-05-24T09:00:00Z',
    content: { handlingAndRecovery: 'Exports from the member data exchange suspended pending the forensic review.' },
  } satisfies SupplementRegulatorNotificationDto,
  recordRegulatorAcknowledgement: {
    regulatorId: 'id-pdp',
    acknowledgedAt: '2021-05-24T10:00:00Z',
    reference: 'PDP-2021-0524-017',
  } satisfies RecordRegulatorAcknowledgementDto,
  acknowledgeNotification: {
    acknowledgedAt: '2021-05-24T10:00:00Z',
    reference: 'PDP-2021-0524-017',
  } satisfies AcknowledgeNotificationDto,
  notifyDataSubjects: {
    notifiedAt: '2021-05-25T02:00:00Z',
    channel: 'public-notice',
    subjectCount: 100_002,
    messageSummary:
      'Public notice to members on the claim, what is confirmed and how to spot phishing that uses leaked data.',
  } satisfies NotifyDataSubjectsDto,
  draftHoldingStatement: { language: 'id', includeSourceDetails: false } satisfies DraftHoldingStatementDto,
  withdrawHoldingStatement: {
    reason: 'Replaced by the joint statement agreed with the authorities.',
  } satisfies WithdrawHoldingStatementDto,
  closeCase: {
    closedAt: '2021-07-30T08:00:00Z',
    resolution: 'breach-remediated',
    note: 'Source export closed; members and regulators informed.',
  } satisfies CloseCaseDto,
  reopenCase: {
    reopenedAt: '2021-08-02T08:00:00Z',
    reason: 'A second sample from the same export surfaced on another forum.',
  } satisfies ReopenCaseDto,
  organisationProfile: {
    name: 'BPJS Kesehatan',
    memberCount: { count: 222_400_000, asOf: '2021-05', noun: 'members' },
    spokesperson: { name: 'Humas BPJS Kesehatan', email: 'humas@bpjs-kesehatan.example' },
    nextUpdateWithinHours: 24,
    timeZone: 'Asia/Jakarta',
    workingHours: { start: '09:00', end: '18:00' },
  } satisfies OrganisationProfileDto,
  setWebhook: {
    url: 'https://pdp-agency.example/breachline/webhooks',
    secret: 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw',
  } satisfies SetWebhookDto,
  addRegulator: {
    id: 'id-ojk',
    name: { en: 'Financial Services Authority (OJK)', id: 'Otoritas Jasa Keuangan (OJK)' },
    jurisdiction: 'ID',
    legalBasis: 'Illustrative entry: financial-services reporting rule',
    deadline: { amount: 24, unit: 'hours', clockStartsAt: 'awareness', description: '24 hours from awareness' },
    requiredContent: [
      { field: 'incidentSummary', label: 'Incident summary', description: 'What happened and when it was found.' },
      { field: 'affectedServices', label: 'Affected services' },
    ],
    delivery: { mode: 'webhook', url: 'https://ojk.example/breachline/webhooks' },
  } satisfies RegulatorDefinition,
};

type Data<T extends CaseCommand['type']> = Extract<CaseCommand, { type: T }>['data'];

/** Runs commands through decide/evolve like the command handler, keeping the stored events. */
class Scenario {
  state: CaseState = initialCaseState();
  readonly events: CaseStoredEvent[] = [];

  /** `id`: the command's own id, the one given to what it creates (a notification, a supplement, a statement). */
  run<T extends CaseCommand['type']>(type: T, data: Data<T>, actor: Actor, at: string, id = ''): CaseStoredEvent[] {
    const now = new Date(at);
    const metadata = { now, actor, id };
    const command = { type, data, metadata, regulators: DEFAULT_REGULATORS } as CaseCommand;
    const decided = decide(command, this.state);
    const stored = decided.map((event) => this.store(event, actor, now));
    for (const event of decided) this.state = evolve(this.state, event);
    return stored;
  }

  get version(): number {
    return this.events.length;
  }

  private store(event: CaseEvent, actor: Actor, now: Date): CaseStoredEvent {
    const version = this.events.length + 1;
    const suffix = String(version).padStart(12, '0');
    const stored = {
      eventId: `6a1f0c9e-2b7d-4e5a-8c3f-${suffix}`,
      type: event.type,
      schemaVersion: 1,
      caseId: CASE_ID,
      version,
      occurredAt: now.toISOString(),
      recordedAt: new Date(now.getTime() + 42).toISOString(),
      actor,
      correlationId: `1d9b7e3a-5c2f-4a86-b0e4-${suffix}`,
      causationId: `f4c2a8d6-3e1b-4970-a5d8-${suffix}`,
      payload: event.payload,
    } as CaseStoredEvent;
    this.events.push(stored);
    return stored;
  }
}

const nameOfRegulator = (id: string, language: StatementLanguage) => {
  const regulator = DEFAULT_REGULATORS.find((candidate) => candidate.id === id);
  return regulator ? regulatorName(regulator, language) : id;
};
const accepted = (scenario: Scenario) => ({ caseId: CASE_ID, version: scenario.version });
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
  const s = new Scenario();
  const r = requests;
  const responses: Record<string, unknown> = {};
  let closedCaseRefusal: Error | undefined;

  s.run('ReceiveReport', { caseId: CASE_ID, ...r.receiveReport }, ana, '2021-05-20T03:05:00Z');
  responses.receiveReport = accepted(s);
  s.run('AssignInvestigator', { caseId: CASE_ID, ...r.assignInvestigator }, ana, '2021-05-20T03:16:00Z');
  responses.assignInvestigator = accepted(s);
  s.run('VerifySample', { caseId: CASE_ID, ...r.verifySample }, ana, '2021-05-21T10:05:00Z');
  responses.verifySample = accepted(s);
  s.run('TraceSource', { caseId: CASE_ID, ...r.traceSource }, ana, '2021-05-22T08:05:00Z');
  responses.traceSource = accepted(s);
  s.run('AssessRisk', { caseId: CASE_ID, ...r.assessRisk }, ana, '2021-05-22T09:05:00Z');
  responses.assessRisk = accepted(s);
  s.run('AssessNotifiability', { caseId: CASE_ID, ...r.assessNotifiability }, ana, '2021-05-22T10:05:00Z');
  responses.assessNotifiability = accepted(s);
  const notified = s.run(
    'NotifyRegulator',
    { caseId: CASE_ID, ...r.notifyRegulator },
    ana,
    '2021-05-22T12:05:00Z',
    NOTIFICATION_ID,
  );
  responses.notifyRegulator = { ...accepted(s), notificationId: NOTIFICATION_ID };
  const supplemented = s.run(
    'SupplementRegulatorNotification',
    { caseId: CASE_ID, notificationId: NOTIFICATION_ID, ...r.supplementRegulatorNotification },
    ana,
    '2021-05-24T09:05:00Z',
    SUPPLEMENT_ID,
  );
  responses.supplementRegulatorNotification = { ...accepted(s), supplementId: SUPPLEMENT_ID };
  // The regulator's own acknowledgement through its feed; investigators may record one that came by mail.
  const acknowledged = s.run(
    'RecordRegulatorAcknowledgement',
    { caseId: CASE_ID, notificationId: NOTIFICATION_ID, ...r.recordRegulatorAcknowledgement },
    pdpAgency,
    '2021-05-24T10:00:05Z',
  );
  responses.recordRegulatorAcknowledgement = accepted(s);
  responses.acknowledgeNotification = {
    notificationId: NOTIFICATION_ID,
    acknowledged: true,
    replayed: false,
    ...accepted(s),
  };
  s.run('NotifyDataSubjects', { caseId: CASE_ID, ...r.notifyDataSubjects }, ana, '2021-05-25T02:05:00Z');
  responses.notifyDataSubjects = accepted(s);
  const factsEvents = [...s.events];

  // Read models as the projector builds them from these events.
  const { clockFacts, ...status } = withoutId(fold(caseStatusProjection, factsEvents));
  responses.status = {
    ...status,
    deadlines: computeDeadlines(clockFacts, DEFAULT_REGULATORS, READ_AT),
    notifiability: computeNotifiability(clockFacts, DEFAULT_REGULATORS),
  };
  const { searchText: _searchText, ...listed } = withoutId(fold(caseListProjection, factsEvents));
  responses.list = toPage([listed], 20, (row) => row.sortKey);
  const timeline = factsEvents.map((event) => withoutId(toTimelineEntry(event)));
  responses.timeline = toPage(timeline.slice(0, 4), 3, (entry) => entry.version);

  // Holding statement: drafted by one PR officer from the facts, approved and published by another.
  const drafted = draftStatement(s, 'id', '2021-05-25T03:00:00Z');
  responses.draftHoldingStatement = {
    caseId: CASE_ID,
    version: s.version,
    statementId: STATEMENT_ID,
    statement: drafted,
  };
  s.run('ApproveHoldingStatement', { caseId: CASE_ID, statementId: STATEMENT_ID }, dewi, '2021-05-25T03:20:00Z');
  responses.approve = accepted(s);
  s.run('PublishHoldingStatement', { caseId: CASE_ID, statementId: STATEMENT_ID }, dewi, '2021-05-25T03:30:00Z');
  responses.publish = accepted(s);
  const statements = fold(holdingStatementsProjection, s.events);
  const views = statements.statements.map((statement) => ({
    ...statement,
    stale: isStatementStale(statement, statements),
  }));
  responses.history = { caseId: CASE_ID, factsVersion: statements.factsVersion, statements: views };
  responses.latest = views.at(-1);
  s.run(
    'WithdrawHoldingStatement',
    {
      caseId: CASE_ID,
      statementId: STATEMENT_ID,
      ...r.withdrawHoldingStatement,
    },
    dewi,
    '2021-05-26T01:00:00Z',
  );
  responses.withdraw = accepted(s);
  s.run('CloseCase', { caseId: CASE_ID, ...r.closeCase }, ana, '2021-07-30T08:05:00Z');
  responses.closeCase = accepted(s);
  try {
    s.run('AssessRisk', { caseId: CASE_ID, ...r.assessRisk }, ana, '2021-07-31T08:00:00Z');
  } catch (error) {
    closedCaseRefusal = error as Error;
  }
  s.run('ReopenCase', { caseId: CASE_ID, ...r.reopenCase }, ana, '2021-08-02T08:05:00Z');
  responses.reopenCase = accepted(s);
  const organisation = requests.organisationProfile as OrganisationProfile;
  const report = composeCaseReport(
    { events: s.events, regulators: DEFAULT_REGULATORS, organisation, asOf: READ_AT },
    'en',
  );
  responses.report = renderMarkdown(report);

  // What the regulator id-pdp receives: its own notification, the supplement and its acknowledgement.
  const feed = [...notified, ...supplemented, ...acknowledged].map((event) => toRegulatorCloudEvent(event)!.cloudEvent);
  responses.feed = { events: feed, nextCursor: String(feed.length) };
  responses.feedStream =
    'retry: 2000\n\n' +
    feed.map((event, index) => `id: ${index + 1}\nevent: ${event.type}\ndata: ${JSON.stringify(event)}\n\n`).join('');

  const delivery = {
    webhookId: notified[0].eventId,
    regulatorId: 'id-pdp',
    caseId: CASE_ID,
    caseVersion: notified[0].version,
    type: 'RegulatorNotified',
    state: 'delivered',
    attempts: [
      { attempt: 1, at: '2021-05-22T12:05:01.120Z', durationMs: 10_002, error: 'timeout after 10000 ms' },
      { attempt: 2, at: '2021-05-22T12:05:31.340Z', durationMs: 84, status: 204 },
    ],
    createdAt: '2021-05-22T12:05:00.900Z',
    updatedAt: '2021-05-22T12:05:31.424Z',
    deliveredAt: '2021-05-22T12:05:31.424Z',
  };
  responses.deliveries = { deliveries: [delivery] };
  responses.delivery = { ...delivery, body: JSON.stringify(feed[0]) };
  if (!closedCaseRefusal) throw new Error('The seed case: the closed case accepted a risk assessment');

  const regulatorView = (definition: RegulatorDefinition, source: 'default' | 'admin') => ({ ...definition, source });
  Object.assign(responses, {
    regulators: DEFAULT_REGULATORS.slice(0, 2).map((definition) => regulatorView(definition, 'default')),
    regulator: regulatorView(DEFAULT_REGULATORS[0], 'default'),
    addRegulator: regulatorView(r.addRegulator, 'admin'),
    setWebhook: {
      ...regulatorView(DEFAULT_REGULATORS[0], 'default'),
      delivery: { mode: 'webhook', url: r.setWebhook.url },
      webhook: { url: r.setWebhook.url },
    },
    organisationProfile: r.organisationProfile,
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
      webhookId: notified[0].eventId,
    },
    closedCaseRefusal,
  };

  function draftStatement(scenario: Scenario, language: StatementLanguage, at: string) {
    const now = new Date(at);
    const facts = holdingStatementFactsFromEvents(scenario.events as unknown as VersionedCaseEvent[], (id) =>
      nameOfRegulator(id, language),
    );
    const statement = composeHoldingStatement(facts, requests.organisationProfile as OrganisationProfile, {
      language,
      now,
      includeSourceDetails: false,
    });
    const [event] = scenario.run(
      'DraftHoldingStatement',
      {
        caseId: CASE_ID,
        language: statement.language,
        stage: statement.stage,
        heading: statement.heading,
        points: statement.points,
        text: statement.text,
        factsVersion: statement.factsVersion,
        includeSourceDetails: false,
        ...(statement.nextUpdateDueAt && { nextUpdateDueAt: statement.nextUpdateDueAt }),
      },
      citra,
      at,
      STATEMENT_ID,
    );
    return event.payload;
  }
}
