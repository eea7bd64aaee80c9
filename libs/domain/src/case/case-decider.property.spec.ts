import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { decide, evolveAll } from './case-decider.js';
import type { CaseCommand, CaseCommandType } from './case-commands.js';
import type { CaseEvent } from './case-events.js';
import { initialCaseState, type CaseState } from './case-state.js';
import {
  CASE_RESOLUTIONS,
  DATA_CATEGORIES,
  RISK_LEVELS,
  SOURCE_VECTORS,
  SUBJECT_NOTIFICATION_CHANNELS,
  TRACE_CONFIDENCE_LEVELS,
} from './vocabulary.js';
import { IllegalTransitionError } from '../shared/domain-errors.js';

const caseId = 'case-1';
const receivedAt = '2021-05-20T06:00:00Z';
const metadata = { now: new Date('2021-05-21T06:00:00Z'), actor: { name: 'ana', role: 'investigator' as const } };
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

const command =
  <T extends CaseCommandType>(type: T) =>
  (data: object): CaseCommand =>
    ({ type, data: { caseId, ...data }, metadata }) as CaseCommand;

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

const anyCommand: fc.Arbitrary<CaseCommand> = fc.oneof(
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
);

/** Accepted events, or the rule that refused the command; a value rule refusing a valid command fails the test. */
type Outcome = { accepted: CaseEvent[] } | { refused: string };

function outcome(command: CaseCommand, state: CaseState): Outcome {
  try {
    return { accepted: decide(command, state) };
  } catch (error) {
    if (error instanceof IllegalTransitionError) return { refused: error.rule };
    throw error;
  }
}

const jsonRoundTrip = <T>(value: T): T => JSON.parse(JSON.stringify(value)) as T;

describe('case decider: properties', () => {
  it('for any sequence of valid commands, state snapshots round-trip through JSON and versions count the events', () => {
    const acceptedTypes = new Set<CaseCommandType>();

    fc.assert(
      fc.property(fc.array(anyCommand, { maxLength: 40, size: 'max' }), (commands) => {
        let state = initialCaseState();
        let eventCount = 0;
        for (const command of [receiveReport, ...commands]) {
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
      ].sort(),
    );
  });
});
