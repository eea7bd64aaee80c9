import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Db } from 'mongodb';
import {
  type Actor,
  type CaseCommand,
  type CaseEvent,
  type CaseState,
  decide,
  evolve,
  initialCaseState,
} from '#libs/domain';
import { type AppendContext, type EventStore, StateCache } from '#libs/event-store';
import { seedCase } from '../../test/fixtures/seed-case.js';

export const BENCH_ACTOR: Actor = { name: 'bench', role: 'investigator' };

/** The request body of POST /v1/cases: the seed case of the fixtures, numbered. */
export const reportBody = (n: number) => ({ ...seedCase.report, title: `${seedCase.report.title} (bench ${n})` });

/** The request body of POST /v1/cases/:id/assignments: the bench's one command type. */
export const assignmentBody = (n: number) => ({
  investigator: `investigator-${n % 7}`,
  assignedAt: '2021-05-21T00:00:00Z',
  note: `bench assignment ${n}`,
});

const metadata = () => ({ now: new Date(), actor: BENCH_ACTOR, id: randomUUID() });

export const receiveReportCommand = (caseId: string, n: number): CaseCommand => ({
  type: 'ReceiveReport',
  data: { caseId, ...reportBody(n), report: { ...seedCase.report.report } } as never,
  metadata: metadata(),
});

export const assignCommand = (caseId: string, n: number): CaseCommand => ({
  type: 'AssignInvestigator',
  data: { caseId, ...assignmentBody(n) },
  metadata: metadata(),
});

export const appendContext = (): AppendContext => ({
  actor: BENCH_ACTOR,
  correlationId: randomUUID(),
  causationId: randomUUID(),
  occurredAt: new Date(),
});

export interface AppendCaseOptions {
  /** Puts the state after each commit as DecideAndAppend does, so snapshots land every 25 versions as case-api writes them. */
  cache?: StateCache<CaseState>;
  /** Events per commit for all but the last `singleTail` events (a commit holds at most 100). */
  eventsPerCommit?: number;
  singleTail?: number;
  /** Stops (returning the events appended so far) once passed. */
  deadline?: number;
}

/**
 * Appends a case of up to `length` events (a report, then assignments) with EventStore.append. By default one event
 * per commit, as the API writes them; `eventsPerCommit` packs older events to make long streams quick to build
 * (with snapshots, case-api's load reads only the snapshot and the commits after it, so how older events were
 * committed does not change the path measured). Returns the number of events appended.
 */
export async function appendCase(
  store: EventStore,
  caseId: string,
  length: number,
  { cache, eventsPerCommit = 1, singleTail = length, deadline = Number.POSITIVE_INFINITY }: AppendCaseOptions = {},
): Promise<number> {
  let state: CaseState = initialCaseState();
  let n = 0;
  while (n < length) {
    if (Date.now() > deadline) return n;
    const size = n < length - singleTail ? Math.min(eventsPerCommit, length - singleTail - n) : 1;
    const events: CaseEvent[] = [];
    let next = state;
    for (let i = 0; i < size; i++, n++) {
      const decided = decide(n === 0 ? receiveReportCommand(caseId, n) : assignCommand(caseId, n), next);
      events.push(...decided);
      next = decided.reduce(evolve, next);
    }
    const from = state.version;
    await store.append(caseId, from, events, appendContext());
    state = next;
    await cache?.put(caseId, { version: state.version, state }, from);
  }
  return n;
}

/** The state schema case-api snapshots under (read from its source, so that the bench's snapshots are the ones it uses). */
export function caseStateSchema(root: string): string {
  const source = readFileSync(join(root, 'apps', 'case-api', 'src', 'cases', 'case-command-runner.ts'), 'utf8');
  const match = /CASE_STATE_SCHEMA\s*=\s*'([^']+)'/.exec(source);
  if (!match) throw new Error('cannot find CASE_STATE_SCHEMA in apps/case-api/src/cases/case-command-runner.ts');
  return match[1];
}

/** A state cache like case-api's (same collection, schema and snapshot period), for seeding. */
export const caseStateCache = (db: Db, root: string) => new StateCache<CaseState>(db, caseStateSchema(root));
