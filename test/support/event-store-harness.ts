// What the event-store suites (test/event-store*.e2e-spec.ts) share: a store on a database of its own, the case
// decider, commands and helpers. The event store and command handler straight against the database server: no
// HTTP, no Kafka.
import { randomUUID } from 'node:crypto';
import { type Db, MongoClient } from 'mongodb';
import {
  type CaseCommand,
  type CaseEvent,
  type CaseState,
  type DomainEvent,
  decide,
  evolve,
  initialCaseState,
  seedBody,
} from '#libs/domain';
import {
  COMMITS_COLLECTION,
  DecideAndAppend,
  type CommitDocument,
  type Decider,
  EventStore,
  type HandleOptions,
  StateCache,
} from '#libs/event-store';

export const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[1-8][0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
export const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/;
export const actor = { name: 'ana', role: 'investigator' as const };
export const STATE_SCHEMA = 'test-case-state-1';

export type CaseHandler = DecideAndAppend<CaseCommand, CaseEvent, CaseState>;
export const caseDecider: Decider<CaseCommand, CaseEvent, CaseState> = {
  decide,
  evolve,
  initialState: initialCaseState,
};

export const context = (overrides: Partial<HandleOptions> = {}): HandleOptions => ({
  actor,
  correlationId: `corr-${randomUUID()}`,
  causationId: `req-${randomUUID()}`,
  occurredAt: new Date(),
  ...overrides,
});

export const metadata = () => ({ now: new Date(), actor, id: randomUUID() });

export const receiveReport = (caseId: string): CaseCommand => ({
  type: 'ReceiveReport',
  data: { caseId, ...seedBody('receiveReport', 'ReceiveReport') },
  metadata: metadata(),
});

export const assignInvestigator = (caseId: string, investigator = 'Ana Putri'): CaseCommand => ({
  type: 'AssignInvestigator',
  data: { caseId, investigator, assignedAt: '2021-05-20T07:00:00Z' },
  metadata: metadata(),
});

/** A made-up event for tests that need the store only, not the case decider. */
export const noteEvent = (n: number): DomainEvent => ({ type: 'TestNoted', schemaVersion: 1, payload: { n } });

/** Settles all promises and sorts them into results and errors. */
export async function settle<T>(promises: Promise<T>[]): Promise<{ ok: T[]; errors: unknown[] }> {
  const settled = await Promise.allSettled(promises);
  return {
    ok: settled.filter((s): s is PromiseFulfilledResult<Awaited<T>> => s.status === 'fulfilled').map((s) => s.value),
    errors: settled.filter((s): s is PromiseRejectedResult => s.status === 'rejected').map((s) => s.reason),
  };
}

/** An EventStore that records each readStream call: which version it read after and how many events it got. */
export class RecordingEventStore extends EventStore {
  readonly reads: { streamId: string; afterVersion: number; events: number }[] = [];

  override async readStream(streamId: string, range: { afterVersion?: number; toVersion?: number } = {}) {
    const events = await super.readStream(streamId, range);
    this.reads.push({ streamId, afterVersion: range.afterVersion ?? 0, events: events.length });
    return events;
  }
}

export interface TestStore {
  client: MongoClient;
  db: Db;
  store: EventStore;
}

/** A fresh database (`t_<name>_<test run>`) with the event store's indexes. */
export async function openTestStore(name: string): Promise<TestStore> {
  const client = new MongoClient(process.env.MONGO_URL!, { retryWrites: false });
  await client.connect();
  const db = client.db(`t_${name}_${process.env.BREACHLINE_TEST_RUN ?? 'local'}`.replace(/[^A-Za-z0-9_]/g, '_'));
  await db.dropDatabase();
  const store = new EventStore(db);
  await store.ensureIndexes();
  return { client, db, store };
}

export async function closeTestStore(opened: Partial<TestStore>): Promise<void> {
  await opened.db?.dropDatabase();
  await opened.client?.close();
}

/** Handlers and reads on the store `current()` returns when a test runs. */
export function storeHelpers(current: () => TestStore) {
  const newHandler = (cacheSchema = STATE_SCHEMA, eventStore: EventStore = current().store): CaseHandler =>
    new DecideAndAppend(eventStore, caseDecider, new StateCache<CaseState>(current().db, cacheSchema));
  const commitsOf = (streamId: string) =>
    current().db.collection<CommitDocument>(COMMITS_COLLECTION).find({ streamId }).sort({ fromVersion: 1 }).toArray();
  const versionsOf = async (streamId: string) => (await current().store.readStream(streamId)).map((e) => e.version);
  return { newHandler, commitsOf, versionsOf };
}

export const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => from + i);
