// Random case streams for the read models' property tests (read-models.property.spec.ts). Streams come from the
// domain's own decide over random commands, so every generated stream is one the event store could really hold;
// commands the case refuses are simply left out.
import fc from 'fast-check';
import {
  type Actor,
  CASE_RESOLUTIONS,
  type CaseCommand,
  type CaseCommandType,
  type CaseState,
  AVAILABILITY_LOSSES,
  CONFIDENTIALITY_LOSSES,
  DATA_CATEGORIES,
  DEFAULT_REGULATORS,
  decide,
  DomainValidationError,
  evolve as evolveCase,
  ForbiddenActionError,
  IllegalTransitionError,
  initialCaseState,
  REPORT_CHANNELS,
  RISK_LEVELS,
  RISKS_TO_INDIVIDUALS,
  SAMPLE_VERDICTS,
  SOURCE_VECTORS,
  STATEMENT_LANGUAGES,
  STATEMENT_STAGES,
  SUBJECT_NOTIFICATION_CHANNELS,
  TRACE_CONFIDENCE_LEVELS,
} from '#libs/domain';
import type { CaseStoredEvent } from '../projection.js';
import { ana, regulatorFeed } from './case-stream.fixture.js';

// Streams come from the domain's own decide over random commands, so every generated stream is one the
// event store could really hold; commands the case refuses are simply left out.

const caseId = 'case-1';
const receivedAt = '2021-05-20T06:00:00.000Z';
const now = new Date('2021-05-22T06:00:00.000Z');
const minutesAfterReport = (min: number, max: number) =>
  fc.integer({ min, max }).map((minutes) => new Date(Date.parse(receivedAt) + minutes * 60_000).toISOString());
const early = minutesAfterReport(0, 12 * 60);
const late = minutesAfterReport(12 * 60, 24 * 60);
const text = fc.string({ minLength: 1, maxLength: 16, unit: 'binary' }).filter((s) => s.trim() !== '');
const content = fc.dictionary(
  text.filter((key) => !key.includes('.') && !key.includes('$')),
  text,
  { minKeys: 1, maxKeys: 3, noNullPrototype: true },
);
const notificationId = fc.constantFrom('n-1', 'n-2');
const regulatorId = fc.constantFrom('id-komdigi', 'sg-pdpc');
const actor = fc.constantFrom<Actor>(ana, regulatorFeed, { name: 'rina', role: 'pr' });

/** The id of what a command creates is the command's own (metadata.id); the generators draw it with the data. */
const CREATED_ID: Partial<Record<CaseCommandType, string>> = {
  NotifyRegulator: 'notificationId',
  SupplementRegulatorNotification: 'supplementId',
  DraftHoldingStatement: 'statementId',
};

const command =
  <T extends CaseCommandType>(type: T) =>
  (data: object): CaseCommand => {
    const { [CREATED_ID[type] ?? '']: id = '', ...rest } = data as Record<string, unknown>;
    const metadata = { now, actor: ana, id: String(id) };
    return { type, data: { caseId, ...rest }, metadata, regulators: DEFAULT_REGULATORS } as CaseCommand;
  };

const receiveReport = fc
  .record({
    title: text,
    jurisdictions: fc.uniqueArray(fc.constantFrom('ID', 'EU', 'SG', 'AU', 'US'), { minLength: 1, maxLength: 3 }),
    report: fc.record(
      {
        receivedAt: fc.constant(receivedAt),
        channel: fc.constantFrom(...REPORT_CHANNELS),
        summary: text,
        sourceUrl: text,
        claimedRecordCount: fc.nat(),
        dataCategories: fc.uniqueArray(fc.constantFrom(...DATA_CATEGORIES), { minLength: 1, maxLength: 4 }),
      },
      { requiredKeys: ['receivedAt', 'channel', 'summary', 'dataCategories'], noNullPrototype: true },
    ),
  })
  .map(command('ReceiveReport'));

const followUp: fc.Arbitrary<CaseCommand> = fc.oneof(
  fc
    .record({ investigator: text, assignedAt: early, note: text }, { requiredKeys: ['investigator', 'assignedAt'] })
    .map(command('AssignInvestigator')),
  fc
    .record(
      {
        assessedAt: early,
        riskLevel: fc.constantFrom(...RISK_LEVELS),
        likelyConsequences: text,
        estimatedAffectedSubjects: fc.nat(),
        notes: text,
      },
      { requiredKeys: ['assessedAt', 'riskLevel', 'likelyConsequences', 'estimatedAffectedSubjects'] },
    )
    .map(command('AssessRisk')),
  fc
    .record(
      {
        assessedAt: early,
        affectedSubjects: fc.nat({ max: 2_000 }),
        dataCategories: fc.uniqueArray(fc.constantFrom(...DATA_CATEGORIES), { minLength: 1, maxLength: 4 }),
        confidentiality: fc.constantFrom(...CONFIDENTIALITY_LOSSES),
        integrity: fc.boolean(),
        availability: fc.constantFrom(...AVAILABILITY_LOSSES),
        dataUnintelligible: fc.boolean(),
        harmRemediated: fc.boolean(),
        riskToIndividuals: fc.constantFrom(...RISKS_TO_INDIVIDUALS),
        notes: text,
      },
      { requiredKeys: ['assessedAt', 'affectedSubjects', 'dataCategories', 'confidentiality', 'integrity'] },
    )
    .map((data) => ({
      availability: 'none',
      dataUnintelligible: false,
      harmRemediated: false,
      riskToIndividuals: 'risk',
      ...data,
    }))
    .map(command('AssessNotifiability')),
  {
    weight: 3,
    arbitrary: fc
      .integer({ min: 1, max: 1_000_000 })
      .chain((sampleSize) =>
        fc.record({
          verifiedAt: early,
          sampleSize: fc.constant(sampleSize),
          matchedRecords: fc.integer({ min: 0, max: sampleSize }),
          confirmedDataCategories: fc.uniqueArray(fc.constantFrom(...DATA_CATEGORIES), { maxLength: 4 }),
          method: text,
          verdict: fc.constantFrom('confirmed', ...SAMPLE_VERDICTS),
        }),
      )
      .map(command('VerifySample')),
  },
  fc
    .record(
      {
        tracedAt: early,
        sourceSystem: text,
        vector: fc.constantFrom(...SOURCE_VECTORS),
        confidence: fc.constantFrom(...TRACE_CONFIDENCE_LEVELS),
        summary: text,
        containment: text,
      },
      { requiredKeys: ['tracedAt', 'sourceSystem', 'vector', 'confidence', 'summary'] },
    )
    .map(command('TraceSource')),
  {
    weight: 3,
    arbitrary: fc.record({ notificationId, regulatorId, notifiedAt: early, content }).map(command('NotifyRegulator')),
  },
  {
    weight: 3,
    arbitrary: fc
      .record(
        {
          notificationId,
          supplementId: fc.constantFrom('s-1', 's-2'),
          supplementedAt: late,
          content,
          reasonForDelay: text,
        },
        { requiredKeys: ['notificationId', 'supplementId', 'supplementedAt', 'content'] },
      )
      .map(command('SupplementRegulatorNotification')),
  },
  {
    weight: 3,
    arbitrary: fc
      .record(
        { notificationId, regulatorId, acknowledgedAt: late, reference: text },
        { requiredKeys: ['notificationId', 'regulatorId', 'acknowledgedAt'] },
      )
      .map(command('RecordRegulatorAcknowledgement')),
  },
  fc
    .record({
      notifiedAt: early,
      channel: fc.constantFrom(...SUBJECT_NOTIFICATION_CHANNELS),
      subjectCount: fc.nat(),
      messageSummary: text,
    })
    .map(command('NotifyDataSubjects')),
  fc
    .record(
      { closedAt: early, resolution: fc.constantFrom(...CASE_RESOLUTIONS), note: text },
      { requiredKeys: ['closedAt', 'resolution'] },
    )
    .map((data) => (data.resolution === 'duplicate' ? { ...data, duplicateOfCaseId: 'case-0' } : data))
    .map(command('CloseCase')),
  fc.record({ reopenedAt: late, reason: text }).map(command('ReopenCase')),
);

/**
 * A command, or one written against the case as it stands: the shell composes a draft from the facts it
 * reads at that moment, and PR acts on the statements the case has.
 */
type Step = CaseCommand | ((state: CaseState) => CaseCommand);

// Two PR users, so four-eyes sometimes allows an approval and sometimes refuses it.
const prUser = fc.constantFrom<Actor>({ name: 'rina', role: 'pr' }, { name: 'dewi', role: 'admin' });
const asActor = (actor: Actor, cmd: CaseCommand): CaseCommand => ({ ...cmd, metadata: { ...cmd.metadata, actor } });
const statementsOf = (state: CaseState) => (state.status === 'absent' ? [] : state.statements);

const draftStatement = fc
  .record({
    actor: prUser,
    versionsBehind: fc.constantFrom(0, 0, 0, 1),
    data: fc.record(
      {
        statementId: fc.constantFrom('st-1', 'st-2', 'st-3', 'st-4'),
        language: fc.constantFrom(...STATEMENT_LANGUAGES),
        stage: fc.constantFrom(...STATEMENT_STAGES),
        heading: text,
        points: fc.array(text, { minLength: 1, maxLength: 3 }),
        text,
        includeSourceDetails: fc.boolean(),
        nextUpdateDueAt: late,
      },
      {
        requiredKeys: ['statementId', 'language', 'stage', 'heading', 'points', 'text', 'includeSourceDetails'],
        noNullPrototype: true,
      },
    ),
  })
  .map(({ actor, versionsBehind, data }) => (state: CaseState) => {
    const factsVersion = (state.status === 'absent' ? 0 : state.factsVersion) - versionsBehind;
    return asActor(actor, command('DraftHoldingStatement')({ ...data, factsVersion }));
  });

/** Mostly one of the latest statements of the case, sometimes one it does not have. */
const statementRef = fc.oneof(
  {
    weight: 5,
    arbitrary: fc.nat({ max: 3 }).map((fromLatest) => (state: CaseState) => {
      const statements = statementsOf(state);
      return statements.at(-1 - (fromLatest % Math.max(statements.length, 1)))?.statementId ?? 'st-1';
    }),
  },
  fc.constant(() => 'st-unknown'),
);
const latestStatement = fc.constant((state: CaseState) => statementsOf(state).at(-1)?.statementId ?? 'st-1');

const onStatement = (
  type: CaseCommandType,
  fields: Record<string, fc.Arbitrary<unknown>>,
  ref: fc.Arbitrary<(state: CaseState) => string> = statementRef,
) =>
  fc.record({ actor: prUser, ref, data: fc.record(fields, { noNullPrototype: true }) }).map(
    ({ actor, ref, data }) =>
      (state: CaseState) =>
        asActor(actor, command(type)({ ...data, statementId: ref(state) })),
  );

const statementStep: fc.Arbitrary<Step> = fc.oneof(
  draftStatement,
  onStatement('ApproveHoldingStatement', {}),
  onStatement('PublishHoldingStatement', {}),
  onStatement('WithdrawHoldingStatement', { reason: text }),
);

/** Draft, approve, publish in a row, as PR and legal do it: facts rarely move in between. */
const statementWorkflow: fc.Arbitrary<Step[]> = fc.tuple(
  draftStatement,
  onStatement('ApproveHoldingStatement', {}, latestStatement),
  onStatement('PublishHoldingStatement', {}, latestStatement),
);

const followUps: fc.Arbitrary<Step[]> = fc
  .array(
    fc.oneof(
      { weight: 8, arbitrary: followUp.map((step): Step[] => [step]) },
      { weight: 2, arbitrary: statementStep.map((step) => [step]) },
      { weight: 1, arbitrary: statementWorkflow },
    ),
    { maxLength: 36, size: 'max' },
  )
  .map((groups) => groups.flat());

interface GeneratedCase {
  events: CaseStoredEvent[];
  /** The domain's own state after the events: an independent account of what the case is. */
  state: CaseState;
}

/** An erased case accepts nothing more: erasure, when drawn, comes last. */
const erasure = fc.option(fc.record({ reason: text }).map(command('EraseCaseData')), { freq: 4, nil: undefined });

export const generatedCase: fc.Arbitrary<GeneratedCase> = fc
  .tuple(receiveReport, followUps, erasure, fc.infiniteStream(actor))
  .map(([report, steps, erase, actors]) => {
    let state = initialCaseState();
    const events: CaseStoredEvent[] = [];
    for (const step of [report, ...steps, ...(erase ? [erase] : [])]) {
      const next = typeof step === 'function' ? step(state) : step;
      let accepted;
      try {
        accepted = decide(next, state);
      } catch (error) {
        if (
          error instanceof IllegalTransitionError ||
          error instanceof DomainValidationError ||
          error instanceof ForbiddenActionError
        ) {
          continue;
        }
        throw error;
      }
      for (const event of accepted) {
        state = evolveCase(state, event);
        const occurredAt = new Date(Date.parse(receivedAt) + state.version * 60_000).toISOString();
        events.push({
          ...event,
          eventId: `event-${state.version}`,
          caseId,
          version: state.version,
          occurredAt,
          recordedAt: occurredAt,
          actor: actors.next().value,
          correlationId: `correlation-${state.version}`,
          causationId: `command-${state.version}`,
        } as CaseStoredEvent);
      }
    }
    return { events, state };
  });

/** At-least-once delivery: after any event, Kafka may hand over again a run of events already seen. */
export const redelivered = (events: CaseStoredEvent[]) =>
  fc
    .array(fc.option(fc.nat(), { nil: undefined }), { minLength: events.length, maxLength: events.length })
    .map((rewinds) =>
      events.flatMap((event, index) => {
        const rewind = rewinds[index];
        return rewind === undefined ? [event] : [event, ...events.slice(index - (rewind % (index + 1)), index + 1)];
      }),
    );

export const jsonRoundTrip = <T>(value: T): T => JSON.parse(JSON.stringify(value)) as T;
