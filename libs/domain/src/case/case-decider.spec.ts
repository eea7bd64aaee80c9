import { describe, expect, it } from '@jest/globals';
import { decide, evolve } from './case-decider.js';
import type { CaseCommand } from './case-commands.js';
import type { CaseEvent } from './case-events.js';
import { initialCaseState } from './case-state.js';
import { IllegalTransitionError } from '../shared/domain-errors.js';

const metadata = { now: new Date('2021-05-20T08:00:00Z'), actor: { name: 'ana', role: 'investigator' as const } };
const report = {
  caseId: 'case-1',
  title: 'Alleged sale of 279M member records',
  jurisdictions: ['ID' as const],
  report: {
    receivedAt: '2021-05-20T06:00:00Z',
    channel: 'social-media' as const,
    summary: 'Forum post offers member data',
    dataCategories: ['national-id' as const],
  },
};

const given = (events: CaseEvent[]) => ({
  when: (command: CaseCommand) => () => decide(command, events.reduce(evolve, initialCaseState())),
});

describe('case decider: ReceiveReport', () => {
  it('opens a case from a report', () => {
    expect(given([]).when({ type: 'ReceiveReport', data: report, metadata })()).toEqual([
      { type: 'ReportReceived', schemaVersion: 1, payload: report },
    ]);
  });

  it('refuses a second report on an existing case', () => {
    const existing = [{ type: 'ReportReceived' as const, schemaVersion: 1, payload: report }];
    expect(given(existing).when({ type: 'ReceiveReport', data: report, metadata })).toThrow(IllegalTransitionError);
  });
});
