import { describe, expect, it } from '@jest/globals';
import { evolve, evolveAll } from './case-decider.js';
import type { CaseCommandType } from './case-commands.js';
import { CASE_EVENT_DEFINITIONS, CaseReopened, InvestigatorAssigned, HoldingStatementDrafted } from './case-events.js';
import { initialCaseState } from './case-state.js';
import {
  metadata,
  report,
  valid,
  command,
  received,
  notified,
  acknowledged,
  closed,
  confirmedBreach,
  given,
  clockTime,
  drafted,
  approved,
  published,
} from './case-decider.fixtures.js';

// The case decider, given/when/then: receiving a report, the lifecycle guards, event times, the state and the event definitions.

type CommandOnExistingCase = Exclude<CaseCommandType, 'ReceiveReport'>;
const allButReceive = Object.keys(valid).filter((t) => t !== 'ReceiveReport') as CommandOnExistingCase[];
const statementCommandTypes: readonly CaseCommandType[] = [
  'DraftHoldingStatement',
  'ApproveHoldingStatement',
  'PublishHoldingStatement',
  'WithdrawHoldingStatement',
];

describe('case decider: ReceiveReport', () => {
  it('opens a case from a report', () => {
    given([])
      .when(command('ReceiveReport'))
      .thenEvents([{ type: 'ReportReceived', schemaVersion: 1, payload: report }]);
  });

  it('refuses a second report on an existing case', () => {
    given([received]).when(command('ReceiveReport')).thenIllegal('case-already-exists');
  });

  it('refuses a report received in the future', () => {
    given([])
      .when(command('ReceiveReport', { report: { ...report.report, receivedAt: '2021-05-23T00:00:00Z' } }))
      .thenInvalid('report.receivedAt', 'not-in-future');
  });
});

describe('case decider: lifecycle guards', () => {
  it.each(allButReceive)('%s on an absent case is case-not-found', (type) => {
    given([]).when(command(type)).thenIllegal('case-not-found');
  });

  // Left out: statement commands (a closed case may still get a closing statement, see holding statements) and
  // EraseCaseData (retention erases closed cases, see erasure).
  const refusedWhenClosed = allButReceive.filter(
    (t) => t !== 'ReopenCase' && t !== 'EraseCaseData' && !statementCommandTypes.includes(t),
  );
  it.each(refusedWhenClosed)('%s on a closed case is refused as case-closed', (type) => {
    given([received, closed()]).when(command(type)).thenIllegal('case-closed');
  });

  it('drafts a holding statement on a closed case (a closing statement)', () => {
    given([received, closed()])
      .when(command('DraftHoldingStatement', { factsVersion: 2 }))
      .thenEvents([
        HoldingStatementDrafted.create({
          ...valid.DraftHoldingStatement,
          statementId: 'statement-1',
          factsVersion: 2,
          composedAt: metadata.now.toISOString(),
          draftedBy: 'ana',
        }),
      ]);
  });

  it('refuses to reopen an open case', () => {
    given([received]).when(command('ReopenCase')).thenIllegal('case-not-closed');
  });

  it('refuses a command addressed to another case', () => {
    given([received])
      .when(command('AssignInvestigator', { caseId: 'case-2' }))
      .thenInvalid('caseId', 'matches-case');
  });
});

describe('case decider: event times', () => {
  const timeFields = [
    ['AssignInvestigator', 'assignedAt'],
    ['AssessRisk', 'assessedAt'],
    ['AssessNotifiability', 'assessedAt'],
    ['VerifySample', 'verifiedAt'],
    ['TraceSource', 'tracedAt'],
    ['NotifyRegulator', 'notifiedAt'],
    ['SupplementRegulatorNotification', 'supplementedAt'],
    ['RecordRegulatorAcknowledgement', 'acknowledgedAt'],
    ['NotifyDataSubjects', 'notifiedAt'],
    ['CloseCase', 'closedAt'],
    ['ReopenCase', 'reopenedAt'],
  ] as const;
  const caseWhere = (type: CaseCommandType) =>
    type === 'ReopenCase' ? [received, closed()] : [...confirmedBreach, notified()];

  it.each(timeFields)('%s.%s before the report was received is refused', (type, field) => {
    given(caseWhere(type))
      .when(command(type, { [field]: '2021-05-20T05:59:59Z' }))
      .thenInvalid(field, 'not-before-report');
  });

  it.each(timeFields)('%s.%s more than 5 minutes in the future is refused', (type, field) => {
    given(caseWhere(type))
      .when(command(type, { [field]: '2021-05-22T12:05:01Z' }))
      .thenInvalid(field, 'not-in-future');
  });

  it('accepts a time up to 5 minutes ahead of the clock (skew)', () => {
    given([received])
      .when(command('AssignInvestigator', { assignedAt: '2021-05-22T12:05:00Z' }))
      .thenEvents([InvestigatorAssigned.create({ ...valid.AssignInvestigator, assignedAt: '2021-05-22T12:05:00Z' })]);
  });

  it.each(['yesterday', '2021-05-20 10:00', '2021-05-20T10:00:00', 1621500000000])(
    'refuses %p, which is not an ISO-8601 instant with a time zone',
    (verifiedAt) => {
      given([received]).when(command('VerifySample', { verifiedAt })).thenInvalid('verifiedAt', 'iso-8601-instant');
    },
  );
});

describe('case state', () => {
  it('counts the events folded into it as its version', () => {
    expect(evolveAll([...confirmedBreach, notified(), acknowledged]).version).toBe(4);
    expect(initialCaseState().version).toBe(0);
  });

  it('survives a JSON snapshot round trip through close and reopen', () => {
    const states = [
      [],
      [received],
      [...confirmedBreach, notified(), acknowledged],
      [received, closed()],
      [received, closed(), CaseReopened.create(valid.ReopenCase)],
      [
        received,
        drafted(),
        approved(),
        published(),
        drafted({ statementId: 'statement-2', nextUpdateDueAt: clockTime }),
      ],
      [received, drafted(), closed(), CaseReopened.create(valid.ReopenCase)],
    ].map((events) => evolveAll(events));
    for (const state of states) expect(JSON.parse(JSON.stringify(state))).toStrictEqual(state);
  });

  it('refuses to fold a stream that does not start with ReportReceived', () => {
    expect(() => evolve(initialCaseState(), closed())).toThrow(/Corrupt case stream/);
    expect(() => evolveAll([received, received])).toThrow(/Corrupt case stream/);
  });
});

describe('case event definitions', () => {
  it('has exactly one definition per event type, each with a one-sentence description', () => {
    const types = CASE_EVENT_DEFINITIONS.map((d) => d.type);
    expect(new Set(types).size).toBe(types.length);
    expect(types).toHaveLength(17);
    for (const definition of CASE_EVENT_DEFINITIONS) {
      expect(definition.schemaVersion).toBeGreaterThanOrEqual(1);
      expect(definition.description).toMatch(/^[A-Z][^.]*\.$/);
    }
  });
});
