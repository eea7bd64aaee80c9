import {
  type Actor,
  type CaseEvent,
  type CaseEventType,
  DEFAULT_REGULATORS,
  evaluateNotifiability,
  type NotifiabilityFacts,
  regulatorsReaching,
  runSeedCase,
  SEED_ACTORS,
  SEED_IDS,
} from '#libs/domain';
import type { CaseDocumentProjection, CaseStoredEvent } from '../projection.js';

// Test-only helpers: stored events for given/when/then, the projection writer's version rule
// without a database, and the checks a document must pass to be stored by every supported server.

export type PayloadOf<T extends CaseEventType> = Extract<CaseEvent, { type: T }>['payload'];

/** One event of a stream to build: the stream gives it its version. */
export type EventStep = {
  [T in CaseEventType]: { type: T; payload: PayloadOf<T>; at: string; actor?: Actor };
}[CaseEventType];
export type StepOf<T extends CaseEventType> = Extract<EventStep, { type: T }>;

export const ana: Actor = SEED_ACTORS.investigator;
/** The regulator acknowledging through its own feed. */
export const regulatorFeed: Actor = SEED_ACTORS.regulator;

export function storedEvent(step: EventStep, caseId: string, version: number): CaseStoredEvent {
  return {
    eventId: `event-${caseId}-${version}`,
    type: step.type,
    schemaVersion: 1,
    caseId,
    version,
    occurredAt: step.at,
    recordedAt: new Date(Date.parse(step.at) + 250).toISOString(),
    actor: step.actor ?? ana,
    correlationId: `correlation-${version}`,
    causationId: `command-${version}`,
    payload: step.payload,
  } as CaseStoredEvent;
}

/** Versions 1..n of one case, in order (or from `firstVersion` to continue a stream). */
export function storedStream(caseId: string, steps: readonly EventStep[], firstVersion = 1): CaseStoredEvent[] {
  return steps.map((step, index) => storedEvent(step, caseId, firstVersion + index));
}

export const SEED_CASE_ID = SEED_IDS.caseId;

// The seed case's events as the real decider decides them (libs/domain/src/seed-case), so that no figure, id,
// title or time here can disagree with the demo, the OpenAPI examples or the README's tour.
const SEED_EVENTS = runSeedCase();

/** The event the decider decided for the seed step `name`, as a step of a stream to build. */
export function seedEventStep<T extends CaseEventType>(name: string, type: T): StepOf<T> {
  const event = SEED_EVENTS.find((candidate) => candidate.step === name && candidate.type === type);
  if (!event) throw new Error(`The seed step ${name} decides no ${type}`);
  return { type, payload: event.payload, at: new Date(event.at).toISOString(), actor: event.actor } as StepOf<T>;
}

export const seedReport = seedEventStep('receiveReport', 'ReportReceived');
export const seedSampleConfirmed = seedEventStep('verifySample', 'SampleVerified');
export const seedSourceTraced = seedEventStep('traceSource', 'SourceTraced');
export const seedRegulatorNotified = seedEventStep('notifyRegulator', 'RegulatorNotified');
export const seedAcknowledged = seedEventStep('acknowledgeNotification', 'RegulatorAcknowledged');
export const seedAssigned = seedEventStep('assignInvestigator', 'InvestigatorAssigned');
const seedNotifiability = seedEventStep('assessNotifiability', 'NotifiabilityAssessed').payload;

export const SEED_NOTIFIABILITY_FACTS: NotifiabilityFacts = {
  affectedSubjects: seedNotifiability.affectedSubjects,
  dataCategories: seedNotifiability.dataCategories,
  confidentiality: seedNotifiability.confidentiality,
  integrity: seedNotifiability.integrity,
  availability: seedNotifiability.availability,
  dataUnintelligible: seedNotifiability.dataUnintelligible,
  harmRemediated: seedNotifiability.harmRemediated,
  riskToIndividuals: seedNotifiability.riskToIndividuals,
};

/** A notifiability assessment of the seed case (jurisdiction ID), with the outcomes the seeded registry gives. */
export const notifiabilityAssessed = (
  at: string,
  facts: NotifiabilityFacts,
  changes: PayloadOf<'NotifiabilityAssessed'>['changes'] = [],
): StepOf<'NotifiabilityAssessed'> => ({
  type: 'NotifiabilityAssessed',
  at,
  payload: {
    caseId: SEED_CASE_ID,
    assessedAt: at,
    ...facts,
    outcomes: evaluateNotifiability(facts, regulatorsReaching(['ID'], facts.affectedSubjects, DEFAULT_REGULATORS)),
    changes,
  },
});

/** The seed case from DOMAIN.md: report → sample confirmed (100,002) → source traced → regulator notified → acknowledged. */
export const SEED_CASE_STEPS: readonly EventStep[] = [
  seedReport,
  seedSampleConfirmed,
  seedSourceTraced,
  seedRegulatorNotified,
  seedAcknowledged,
];
export const seedCase = (): CaseStoredEvent[] => storedStream(SEED_CASE_ID, SEED_CASE_STEPS);

/** Continues the seed case (versions 6..11) with the seed's events of every type its first five lack. */
export const seedRiskAssessed = seedEventStep('assessRisk', 'RiskAssessed');
export const seedSupplemented = seedEventStep('supplementRegulatorNotification', 'RegulatorNotificationSupplemented');
export const seedSubjectsNotified = seedEventStep('notifyDataSubjects', 'DataSubjectsNotified');
export const seedReopened = seedEventStep('reopenCase', 'CaseReopened');
export const SEED_CASE_FOLLOW_UPS: readonly EventStep[] = [
  seedAssigned,
  seedRiskAssessed,
  seedSupplemented,
  seedSubjectsNotified,
  seedEventStep('closeCase', 'CaseClosed'),
  seedReopened,
];
export const seedCaseWithFollowUps = (): CaseStoredEvent[] =>
  storedStream(SEED_CASE_ID, [...SEED_CASE_STEPS, ...SEED_CASE_FOLLOW_UPS]);

/** The PR team: Rina drafts holding statements, Dewi (legal, admin key) approves them. */
export const rinaPr: Actor = { name: 'rina', role: 'pr' };
export const dewiLegal: Actor = { name: 'dewi', role: 'admin' };

type StatementDraft = Omit<PayloadOf<'HoldingStatementDrafted'>, 'caseId' | 'includeSourceDetails' | 'draftedBy'>;

export const statementDrafted = (at: string, draft: StatementDraft): StepOf<'HoldingStatementDrafted'> => ({
  type: 'HoldingStatementDrafted',
  at,
  actor: rinaPr,
  payload: { caseId: SEED_CASE_ID, ...draft, includeSourceDetails: false, draftedBy: rinaPr.name },
});
export const statementApproved = (at: string, statementId: string): StepOf<'HoldingStatementApproved'> => ({
  type: 'HoldingStatementApproved',
  at,
  actor: dewiLegal,
  payload: { caseId: SEED_CASE_ID, statementId, approvedAt: at, approvedBy: dewiLegal.name },
});
export const statementPublished = (at: string, statementId: string): StepOf<'HoldingStatementPublished'> => ({
  type: 'HoldingStatementPublished',
  at,
  actor: dewiLegal,
  payload: { caseId: SEED_CASE_ID, statementId, publishedAt: at },
});
export const statementWithdrawn = (
  at: string,
  statementId: string,
  reason: string,
): StepOf<'HoldingStatementWithdrawn'> => ({
  type: 'HoldingStatementWithdrawn',
  at,
  actor: rinaPr,
  payload: { caseId: SEED_CASE_ID, statementId, withdrawnAt: at, reason },
});

const firstIndonesianStatement = statementDrafted('2021-05-20T10:20:00.000Z', {
  statementId: 'hs-id-1',
  language: 'id',
  stage: 'sample-confirmed',
  heading: 'Pernyataan Sementara BPJS Kesehatan',
  points: [
    'Kami mengetahui informasi yang beredar tentang dugaan penjualan data 279 juta peserta.',
    'Pemeriksaan sampel mengonfirmasi 100.002 data cocok dengan data kami.',
  ],
  text: 'Pernyataan Sementara BPJS Kesehatan\n1. Kami mengetahui informasi yang beredar tentang dugaan penjualan data 279 juta peserta.\n2. Pemeriksaan sampel mengonfirmasi 100.002 data cocok dengan data kami.',
  factsVersion: 2,
  composedAt: '2021-05-20T10:20:00.000Z',
  nextUpdateDueAt: '2021-05-21T10:20:00.000Z',
});

/**
 * The seed case with the PR team's holding statements between its facts (versions 1..12): hs-id-1 is
 * published on the confirmed sample and goes stale when the source is traced; hs-id-2 replaces it; the
 * English draft hs-en-1 goes stale before approval and is withdrawn.
 */
export const SEED_CASE_WITH_STATEMENTS_STEPS: readonly EventStep[] = [
  seedReport,
  seedSampleConfirmed,
  firstIndonesianStatement,
  statementApproved('2021-05-20T10:40:00.000Z', 'hs-id-1'),
  statementPublished('2021-05-20T10:45:00.000Z', 'hs-id-1'),
  seedSourceTraced,
  statementDrafted('2021-05-20T12:30:00.000Z', {
    statementId: 'hs-id-2',
    language: 'id',
    stage: 'source-traced',
    heading: 'Pernyataan Sementara BPJS Kesehatan',
    points: ['Tim khusus telah menelusuri sumber kebocoran.'],
    text: 'Pernyataan Sementara BPJS Kesehatan\n1. Tim khusus telah menelusuri sumber kebocoran.',
    factsVersion: 6,
    composedAt: '2021-05-20T12:30:00.000Z',
  }),
  statementDrafted('2021-05-20T12:35:00.000Z', {
    statementId: 'hs-en-1',
    language: 'en',
    stage: 'source-traced',
    heading: 'BPJS Kesehatan holding statement',
    points: ['A special team has traced the source of the leak.'],
    text: 'BPJS Kesehatan holding statement\n1. A special team has traced the source of the leak.',
    factsVersion: 6,
    composedAt: '2021-05-20T12:35:00.000Z',
    nextUpdateDueAt: '2021-05-21T12:35:00.000Z',
  }),
  statementApproved('2021-05-20T12:50:00.000Z', 'hs-id-2'),
  statementPublished('2021-05-20T13:00:00.000Z', 'hs-id-2'),
  seedRegulatorNotified,
  statementWithdrawn('2021-05-20T14:10:00.000Z', 'hs-en-1', 'The regulator was notified before approval'),
];
export const seedCaseWithStatements = (): CaseStoredEvent[] =>
  storedStream(SEED_CASE_ID, SEED_CASE_WITH_STATEMENTS_STEPS);

/** Every document after each event, in order. */
export function documentsAfterEach<D extends { _id: string; version: number }>(
  projection: CaseDocumentProjection<D>,
  events: readonly CaseStoredEvent[],
): D[] {
  const documents: D[] = [];
  events.reduce<D | null>((current, event) => {
    const next = projection.evolve(current, event);
    documents.push(next);
    return next;
  }, null);
  return documents;
}

export function project<D extends { _id: string; version: number }>(
  projection: CaseDocumentProjection<D>,
  events: readonly CaseStoredEvent[],
): D {
  const documents = documentsAfterEach(projection, events);
  if (documents.length === 0) throw new Error('no events to project');
  return documents[documents.length - 1]!;
}

/** ProjectionWriter's rule without the database: event v applies to version v-1 only; at or below is a duplicate. */
export function applyDeliveries<D extends { _id: string; version: number }>(
  projection: CaseDocumentProjection<D>,
  deliveries: readonly CaseStoredEvent[],
): D | null {
  return deliveries.reduce<D | null>((current, event) => {
    const at = current?.version ?? 0;
    if (event.version <= at) return current;
    if (event.version > at + 1) throw new Error(`gap: version ${event.version} delivered at ${at}`);
    return projection.evolve(current, event);
  }, null);
}

/** Why a document could not be stored unchanged by every supported server; empty when it can. */
export function storageProblems(value: unknown, path = '$root'): string[] {
  if (value === undefined) return [`${path} is undefined`];
  if (typeof value === 'number' && !Number.isFinite(value)) return [`${path} is ${value}`];
  if (Array.isArray(value)) {
    return value.flatMap((item, index) => [
      ...(Array.isArray(item) ? [`${path}[${index}] is an array inside an array`] : []),
      ...storageProblems(item, `${path}[${index}]`),
    ]);
  }
  if (typeof value === 'object' && value !== null) {
    return Object.entries(value).flatMap(([key, item]) => [
      ...(key.includes('.') || key.includes('$') ? [`${path} has the key ${JSON.stringify(key)}`] : []),
      ...storageProblems(item, `${path}.${key}`),
    ]);
  }
  return [];
}

/** Freezes a value and everything in it, so an evolve that mutates its input throws. */
export function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const item of Object.values(value)) deepFreeze(item);
  }
  return value;
}
