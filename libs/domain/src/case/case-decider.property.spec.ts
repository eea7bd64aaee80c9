import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { decide, evolveAll } from './case-decider.js';
import type { CaseCommand, CaseCommandType } from './case-commands.js';
import { type CaseEvent, STATEMENT_EVENT_TYPES } from './case-events.js';
import { initialCaseState, type CaseState, type ExistingCaseState } from './case-state.js';
import {
  CASE_RESOLUTIONS,
  DATA_CATEGORIES,
  RISK_LEVELS,
  SOURCE_VECTORS,
  SUBJECT_NOTIFICATION_CHANNELS,
  TRACE_CONFIDENCE_LEVELS,
} from './vocabulary.js';
import type { Actor } from '../shared/actor.js';
import { ForbiddenActionError, IllegalTransitionError } from '../shared/domain-errors.js';
import { STATEMENT_LANGUAGES } from '../holding-statement/index.js';

const caseId = 'case-1';
const receivedAt = '2021-05-20T06:00:00Z';
const metadata = {
  now: new Date('2021-05-21T06:00:00Z'),
  actor: { name: 'ana', role: 'investigator' as const },
  id: '',
};
const receiveReport: CaseCommand = {
  type: 'ReceiveReport',
  data: {
    caseId,
    title: 'Alleged sale of member records',
    jurisdictions: ['ID', 'EU'],
    report: { receivedAt, channel: 'dark-web-forum', summary: 'Sample offered', dataCategories: ['national-id'] },
  },
  metadata,
};

// Commands whose values are valid by construction, so only the case's state decides whether they
// are accepted. Follow-ups (supplement, acknowledgement, reopen) are dated in the second half of the
// window and what they follow in the first, so time-order rules never refuse them.
const minutesAfterReport = (min: number, max: number) =>
  fc.integer({ min, max }).map((minutes) => new Date(Date.parse(receivedAt) + minutes * 60_000).toISOString());
const early = minutesAfterReport(0, 12 * 60);
const late = minutesAfterReport(12 * 60, 24 * 60);
const text = fc.string({ minLength: 1, maxLength: 20, unit: 'binary' }).filter((s) => s.trim() !== '');
const regulatorId = fc.constantFrom('komdigi', 'pdpc');
const notificationId = fc.constantFrom('n-1', 'n-2');
const content = fc.dictionary(
  text.filter((key) => !key.includes('.') && !key.includes('$')),
  text,
  { minKeys: 1, maxKeys: 3 },
);

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
    return { type, data: { caseId, ...rest }, metadata: { ...metadata, id: String(id) } } as CaseCommand;
  };

/**
 * A command, or one that is written against the case as it stands: the shell composes a draft from the
 * facts it reads at that moment, so a draft names the current facts version (or, sometimes, an older one).
 */
type Step = CaseCommand | ((state: CaseState) => CaseCommand);

const assignInvestigator = fc
  .record({ investigator: text, assignedAt: early, note: text }, { requiredKeys: ['investigator', 'assignedAt'] })
  .map(command('AssignInvestigator'));

const assessRisk = fc
  .record({
    assessedAt: early,
    riskLevel: fc.constantFrom(...RISK_LEVELS),
    likelyConsequences: text,
    estimatedAffectedSubjects: fc.nat(),
  })
  .map(command('AssessRisk'));

const verifySample = fc
  .integer({ min: 1, max: 1_000_000 })
  .chain((sampleSize) =>
    fc.record({
      verifiedAt: early,
      sampleSize: fc.constant(sampleSize),
      matchedRecords: fc.integer({ min: 0, max: sampleSize }),
      confirmedDataCategories: fc.uniqueArray(fc.constantFrom(...DATA_CATEGORIES), { minLength: 1, maxLength: 4 }),
      method: text,
      verdict: fc.constantFrom('confirmed', 'confirmed', 'not-ours', 'inconclusive'),
    }),
  )
  .map(command('VerifySample'));

const traceSource = fc
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
  .map(command('TraceSource'));

const notifyRegulator = fc
  .record({ notificationId, regulatorId, notifiedAt: early, content })
  .map(command('NotifyRegulator'));

const supplementNotification = fc
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
  .map(command('SupplementRegulatorNotification'));

const acknowledgeNotification = fc
  .record(
    { notificationId, regulatorId, acknowledgedAt: late, reference: text },
    { requiredKeys: ['notificationId', 'regulatorId', 'acknowledgedAt'] },
  )
  .map(command('RecordRegulatorAcknowledgement'));

const notifyDataSubjects = fc
  .record({
    notifiedAt: early,
    channel: fc.constantFrom(...SUBJECT_NOTIFICATION_CHANNELS),
    subjectCount: fc.nat(),
    messageSummary: text,
  })
  .map(command('NotifyDataSubjects'));

const closeCase = fc
  .record(
    { closedAt: early, resolution: fc.constantFrom(...CASE_RESOLUTIONS), note: text },
    {
      requiredKeys: ['closedAt', 'resolution'],
    },
  )
  .map((data) => (data.resolution === 'duplicate' ? { ...data, duplicateOfCaseId: 'case-0' } : data))
  .map(command('CloseCase'));

const reopenCase = fc.record({ reopenedAt: late, reason: text }).map(command('ReopenCase'));

// Statements, as the shell gives them: two PR users, so four-eyes sometimes allows an approval and
// sometimes refuses it; drafts composed from the facts the case has at that moment (now and then from
// older ones); approvals, publications and withdrawals mostly naming a statement the case has.
const prUser = fc.constantFrom<Actor>({ name: 'rina', role: 'pr' }, { name: 'dewi', role: 'admin' });
const asActor = (actor: Actor, cmd: CaseCommand): CaseCommand => ({ ...cmd, metadata: { ...cmd.metadata, actor } });
const factsVersionOf = (state: CaseState) => (state.status === 'absent' ? 0 : state.factsVersion);

const draftStatement = fc
  .record({
    actor: prUser,
    versionsBehind: fc.constantFrom(0, 0, 0, 1),
    data: fc.record(
      {
        statementId: fc.constantFrom('st-1', 'st-2', 'st-3', 'st-4'),
        language: fc.constantFrom(...STATEMENT_LANGUAGES),
        stage: text,
        heading: text,
        points: fc.array(text, { minLength: 1, maxLength: 3 }),
        text,
        includeSourceDetails: fc.boolean(),
        nextUpdateDueAt: late,
      },
      {
        requiredKeys: ['statementId', 'language', 'stage', 'heading', 'points', 'text', 'includeSourceDetails'],
      },
    ),
  })
  .map(
    ({ actor, versionsBehind, data }) =>
      (state: CaseState) =>
        asActor(
          actor,
          command('DraftHoldingStatement')({ ...data, factsVersion: factsVersionOf(state) - versionsBehind }),
        ),
  );

/** Mostly a statement the case has, the latest ones most often; sometimes one it does not have. */
const statementRef = fc.oneof(
  {
    weight: 5,
    arbitrary: fc.nat({ max: 3 }).map((fromLatest) => (state: CaseState) => {
      const statements = state.status === 'absent' ? [] : state.statements;
      return statements.at(-1 - (fromLatest % Math.max(statements.length, 1)))?.statementId ?? 'st-1';
    }),
  },
  fc.constant(() => 'st-unknown'),
);

const onStatement = (
  type: CaseCommandType,
  fields: Record<string, fc.Arbitrary<unknown>>,
  ref: fc.Arbitrary<(state: CaseState) => string> = statementRef,
) =>
  fc.record({ actor: prUser, ref, data: fc.record(fields) }).map(
    ({ actor, ref, data }) =>
      (state: CaseState) =>
        asActor(actor, command(type)({ ...data, statementId: ref(state) })),
  );

const approveStatement = onStatement('ApproveHoldingStatement', {});
const publishStatement = onStatement('PublishHoldingStatement', {});
const withdrawStatement = onStatement('WithdrawHoldingStatement', { reason: text });

/** Draft, approve, publish in a row, as PR and legal do it: facts rarely move in between, four-eyes may refuse. */
const latestStatement = fc.constant((state: CaseState) =>
  state.status === 'absent' ? 'st-1' : (state.statements.at(-1)?.statementId ?? 'st-1'),
);
const statementWorkflow = fc.tuple(
  draftStatement,
  onStatement('ApproveHoldingStatement', {}, latestStatement),
  onStatement('PublishHoldingStatement', {}, latestStatement),
);

const anyCommand: fc.Arbitrary<Step> = fc.oneof(
  fc.constant(receiveReport),
  assignInvestigator,
  assessRisk,
  { weight: 3, arbitrary: verifySample },
  traceSource,
  { weight: 3, arbitrary: notifyRegulator },
  { weight: 3, arbitrary: supplementNotification },
  { weight: 3, arbitrary: acknowledgeNotification },
  notifyDataSubjects,
  closeCase,
  reopenCase,
  { weight: 2, arbitrary: draftStatement },
  { weight: 2, arbitrary: approveStatement },
  { weight: 2, arbitrary: publishStatement },
  withdrawStatement,
);

const anySteps: fc.Arbitrary<Step[]> = fc.oneof(
  { weight: 9, arbitrary: anyCommand.map((step) => [step]) },
  { weight: 1, arbitrary: statementWorkflow },
);

/** Accepted events, or the rule that refused the command; a value rule refusing a valid command fails the test. */
type Outcome = { accepted: CaseEvent[] } | { refused: string };

function outcome(command: CaseCommand, state: CaseState): Outcome {
  try {
    return { accepted: decide(command, state) };
  } catch (error) {
    if (error instanceof IllegalTransitionError || error instanceof ForbiddenActionError)
      return { refused: error.rule };
    throw error;
  }
}

const jsonRoundTrip = <T>(value: T): T => JSON.parse(JSON.stringify(value)) as T;

describe('case decider: properties', () => {
  it('for any sequence of valid commands, state snapshots round-trip through JSON and versions count the events', () => {
    const acceptedTypes = new Set<CaseCommandType>();

    fc.assert(
      fc.property(fc.array(anySteps, { maxLength: 40, size: 'max' }), (groups) => {
        const commands = groups.flat();
        let state = initialCaseState();
        let eventCount = 0;
        for (const step of [receiveReport, ...commands]) {
          const command = typeof step === 'function' ? step(state) : step;
          const before = structuredClone(state);
          const result = outcome(command, state);
          expect(state).toStrictEqual(before);
          expect(outcome(command, jsonRoundTrip(state))).toStrictEqual(result);
          if ('refused' in result) continue;

          expect(result.accepted.length).toBeGreaterThanOrEqual(1);
          for (const event of result.accepted) expect(event.payload.caseId).toBe(caseId);
          expect(jsonRoundTrip(result.accepted)).toStrictEqual(result.accepted);

          state = evolveAll(result.accepted, state);
          eventCount += result.accepted.length;
          acceptedTypes.add(command.type);
          expect(state.version).toBe(eventCount);
          expect(jsonRoundTrip(state)).toStrictEqual(state);
          if (state.status !== 'absent') expectStatementInvariants(state, result.accepted);
        }
      }),
      { numRuns: 300 },
    );

    // Guards against a generator that never reaches the interesting states.
    expect([...acceptedTypes].sort()).toEqual(
      [
        'ReceiveReport',
        'AssignInvestigator',
        'AssessRisk',
        'VerifySample',
        'TraceSource',
        'NotifyRegulator',
        'SupplementRegulatorNotification',
        'RecordRegulatorAcknowledgement',
        'NotifyDataSubjects',
        'CloseCase',
        'ReopenCase',
        'DraftHoldingStatement',
        'ApproveHoldingStatement',
        'PublishHoldingStatement',
        'WithdrawHoldingStatement',
      ].sort(),
    );
  });
});

/** Statement events never move the facts; at most one statement per language is published; four-eyes on current facts. */
function expectStatementInvariants(state: ExistingCaseState, accepted: CaseEvent[]) {
  const last = accepted[accepted.length - 1]!;
  if ((STATEMENT_EVENT_TYPES as readonly string[]).includes(last.type)) {
    expect(state.factsVersion).toBeLessThan(state.version);
  } else {
    expect({ factsVersion: state.factsVersion, lastFactType: state.lastFactType }).toEqual({
      factsVersion: state.version,
      lastFactType: last.type,
    });
  }
  for (const language of STATEMENT_LANGUAGES) {
    const inForce = state.statements.filter((s) => s.language === language && s.status === 'published');
    expect(inForce.length).toBeLessThanOrEqual(1);
  }
  if (last.type === 'HoldingStatementApproved' || last.type === 'HoldingStatementPublished') {
    const statement = state.statements.find((s) => s.statementId === last.payload.statementId)!;
    // Approved and published only on the facts the case has now, and approved only by another person.
    expect(statement.factsVersion).toBe(state.factsVersion);
    if (last.type === 'HoldingStatementApproved') expect(last.payload.approvedBy).not.toBe(statement.draftedBy);
  }
}
