import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from '@jest/globals';
import { type CaseCommand, type CaseEvent, type CaseState, decide, evolve, initialCaseState } from '#libs/domain';
import { DecideAndAppend, EventStore, StateCache, type StoredEvent } from '#libs/event-store';
import { AppProcess } from './support/app-process.js';
import { api, eventually } from './support/http-client.js';
import { byCase, firstOccurrences, readTopic, type ReadMessage } from './support/kafka-reader.js';
import { TestStack } from './support/test-stack.js';
import { freePort } from './support/free-port.js';

// The relay as a real process between FerretDB and Kafka. Commands are appended through the command
// handler straight into each stack's database (the investigator HTTP endpoints are not all there yet);
// what reaches Kafka is read back from offset 0.

const ROOT = join(import.meta.dirname, '..');
const RUN = process.env.BREACHLINE_TEST_RUN ?? 'local';
const actor = { name: 'ana', role: 'investigator' as const };

type CaseHandler = DecideAndAppend<CaseCommand, CaseEvent, CaseState>;

/** Stacks without apps (own DB and topics), relays spawned here so that a suite can run several. */
const stacks: TestStack[] = [];
const relays: AppProcess[] = [];

async function newStack(suite: string): Promise<{ stack: TestStack; store: EventStore; handler: CaseHandler }> {
  const stack = await TestStack.start(suite, []);
  stacks.push(stack);
  const store = new EventStore(stack.db);
  await store.ensureIndexes();
  const handler: CaseHandler = new DecideAndAppend(
    store,
    { decide, evolve, initialState: initialCaseState },
    new StateCache<CaseState>(stack.db, 'test-case-state-1'),
  );
  return { stack, store, handler };
}

async function startRelay(stack: TestStack, label: string, extraEnv: Record<string, string> = {}): Promise<AppProcess> {
  const relay = new AppProcess(
    'relay',
    await freePort(),
    { ...stack.env, ...extraEnv },
    join(ROOT, '.local', 'test-logs', RUN, `${stack.name}-${label}.log`),
  );
  relays.push(relay);
  await relay.start();
  return relay;
}

const isAlive = (app: AppProcess) =>
  fetch(`${app.url}/health/live`).then(
    () => true,
    () => false,
  );

/** `id`: the command's own, given to what it creates (a notification, a supplement). */
const record = (
  handler: CaseHandler,
  caseId: string,
  type: CaseCommand['type'],
  data: object,
  id: string = randomUUID(),
) =>
  handler.handle(caseId, { type, data: { caseId, ...data }, metadata: { now: new Date(), actor, id } } as CaseCommand, {
    actor,
    correlationId: `corr-${caseId}`,
    causationId: `req-${randomUUID()}`,
    occurredAt: new Date(),
  });

/** A case of `events` single-event commits: the report, then assignments. */
async function appendSimpleCase(handler: CaseHandler, caseId: string, events: number): Promise<void> {
  await record(handler, caseId, 'ReceiveReport', {
    title: `Claim ${caseId}`,
    jurisdictions: ['ID'],
    report: {
      receivedAt: '2021-05-20T06:00:00Z',
      channel: 'dark-web-forum',
      summary: 'Sample posted',
      dataCategories: ['email'],
    },
  });
  for (let i = 2; i <= events; i++) {
    await record(handler, caseId, 'AssignInvestigator', {
      investigator: `inv-${i}`,
      assignedAt: '2021-05-20T07:00:00Z',
    });
  }
}

const waitAllPublished = (store: EventStore, timeoutMs: number) =>
  eventually(
    () => store.countUnpublished(),
    (n) => n === 0,
    { timeoutMs, intervalMs: 200 },
  );

const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => from + i);

/** Every (caseId, version) on the topic always carries the same event: same id, same payload. */
function expectRepeatsIdentical(messages: readonly ReadMessage[]): void {
  const first = new Map<string, ReadMessage>();
  for (const message of messages) {
    const key = `${message.event.caseId}/${message.event.version}`;
    const earlier = first.get(key);
    if (earlier) expect(message.event).toStrictEqual(earlier.event);
    else first.set(key, message);
  }
}

/** Per case: all on one partition, first occurrences 1..N in order, nothing missing; returns duplicates. */
function expectPerCaseOrder(messages: readonly ReadMessage[], expected: Map<string, StoredEvent[]>): number {
  const cases = byCase(messages);
  let duplicates = 0;
  for (const [caseId, stored] of expected) {
    const onKafka = cases.get(caseId) ?? [];
    expect(new Set(onKafka.map((m) => m.partition)).size).toBe(1);
    const { versions, duplicates: repeats } = firstOccurrences(onKafka);
    expect({ caseId, versions }).toEqual({ caseId, versions: range(1, stored.length) });
    const firstIds = new Map(onKafka.map((m) => [m.event.version, m.event.eventId] as const).reverse());
    expect(stored.map((e) => firstIds.get(e.version))).toEqual(stored.map((e) => e.eventId));
    duplicates += repeats;
  }
  expect([...cases.keys()].sort()).toEqual([...expected.keys()].sort());
  return duplicates;
}

async function storedByCase(store: EventStore, caseIds: readonly string[]): Promise<Map<string, StoredEvent[]>> {
  return new Map(await Promise.all(caseIds.map(async (id) => [id, await store.readStream(id)] as const)));
}

describe('relay: event store → Kafka, at least once, per-case order', () => {
  afterAll(async () => {
    await Promise.all(relays.map((relay) => relay.kill('SIGKILL')));
    for (const stack of stacks) {
      await stack.db.dropDatabase().catch(() => undefined);
      await stack.stop();
    }
  });

  it('publishes the seed case in order as CloudEvents, keyed and subjected by case', async () => {
    const { stack, store, handler } = await newStack('relay-seed');
    await startRelay(stack, 'relay');

    // May 2021: the alleged sale of 279 million records, verified, traced, notified.
    const bpjs = randomUUID();
    const notificationId = randomUUID();
    await record(handler, bpjs, 'ReceiveReport', {
      title: 'Alleged sale of 279 million member records',
      jurisdictions: ['ID'],
      report: {
        receivedAt: '2021-05-20T06:00:00Z',
        channel: 'social-media',
        summary: 'Posts allege data of 279 million Indonesians is for sale on a forum; a free sample is offered',
        claimedRecordCount: 279_000_000,
        dataCategories: ['national-id', 'name', 'phone', 'address', 'email', 'tax-id', 'birth-place-date', 'salary'],
      },
    });
    await record(handler, bpjs, 'AssignInvestigator', {
      investigator: 'Ana Putri',
      assignedAt: '2021-05-20T06:30:00Z',
    });
    await record(handler, bpjs, 'VerifySample', {
      verifiedAt: '2021-05-20T12:00:00Z',
      sampleSize: 100_002,
      matchedRecords: 100_002,
      confirmedDataCategories: ['national-id', 'name', 'phone', 'address'],
      method: 'Format and key match against the membership database; no records kept',
      verdict: 'confirmed',
    });
    await record(handler, bpjs, 'AssessRisk', {
      assessedAt: '2021-05-20T13:00:00Z',
      riskLevel: 'critical',
      likelyConsequences: 'Identity fraud and targeted phishing',
      estimatedAffectedSubjects: 222_400_000,
    });
    await record(handler, bpjs, 'TraceSource', {
      tracedAt: '2021-05-20T15:00:00Z',
      sourceSystem: 'membership-db',
      vector: 'unknown',
      confidence: 'low',
      summary: 'Special team tracing the source',
      containment: 'Download links taken down',
    });
    await record(
      handler,
      bpjs,
      'NotifyRegulator',
      {
        regulatorId: 'id-pdp',
        notifiedAt: '2021-05-21T09:00:00Z',
        content: {
          dataExposed: 'National ID, name, phone, address',
          whenAndHow: 'A sample of 100,002 rows posted on a forum around 20 May 2021; cause under investigation',
          handling: 'Links taken down; special team tracing the source',
        },
      },
      notificationId,
    );
    await record(handler, bpjs, 'RecordRegulatorAcknowledgement', {
      notificationId,
      regulatorId: 'id-pdp',
      acknowledgedAt: '2021-05-21T11:00:00Z',
    });
    await record(
      handler,
      bpjs,
      'SupplementRegulatorNotification',
      {
        notificationId,
        supplementedAt: '2021-05-22T08:00:00Z',
        content: { cause: 'Still under investigation' },
      },
      'supplement-1',
    );
    // Aug 2019, the contrast: a concern, not a breach, triaged and closed without notification.
    const concern = randomUUID();
    await record(handler, concern, 'ReceiveReport', {
      title: 'Press warns a foreign insurer cooperation could expose member data',
      jurisdictions: ['ID'],
      report: {
        receivedAt: '2019-08-01T03:00:00Z',
        channel: 'media',
        summary: 'Press and watchdogs warn of a possible exposure; no breach is claimed',
        dataCategories: ['health'],
      },
    });
    await record(handler, concern, 'AssessRisk', {
      assessedAt: '2019-08-01T06:00:00Z',
      riskLevel: 'low',
      likelyConsequences: 'None: no data has left the organisation',
      estimatedAffectedSubjects: 0,
    });
    await record(handler, concern, 'CloseCase', { closedAt: '2019-08-02T03:00:00Z', resolution: 'false-report' });

    expect(await waitAllPublished(store, 15_000)).toBe(0);
    const expected = await storedByCase(store, [bpjs, concern]);
    expect(expected.get(bpjs)!.map((e) => e.type)).toEqual([
      'ReportReceived',
      'InvestigatorAssigned',
      'SampleVerified',
      'RiskAssessed',
      'SourceTraced',
      'RegulatorNotified',
      'RegulatorAcknowledged',
      'RegulatorNotificationSupplemented',
    ]);

    const messages = await readTopic(stack.kafka, stack.topics.caseEvents);
    const duplicates = expectPerCaseOrder(messages, expected);
    expect(duplicates).toBe(0); // one relay, no crash: nothing to repeat
    for (const [caseId, stored] of expected) {
      const onKafka = byCase(messages).get(caseId)!;
      onKafka.forEach((message, index) => {
        const event = stored[index];
        expect(message.key).toBe(caseId);
        expect(message.headers).toMatchObject({
          ce_specversion: '1.0',
          ce_id: event.eventId,
          ce_type: `breachline.case.${event.type}`,
          ce_subject: caseId,
          ce_source: '/breachline/cases',
          ce_time: event.occurredAt,
          ce_caseversion: String(event.version),
          'content-type': 'application/json',
        });
        // The decoded CloudEvent is the stored event, field for field.
        expect(message.event).toStrictEqual(event);
      });
    }
  });

  it('re-produces after a crash between produce and mark: nothing lost, per-case order kept', async () => {
    const { stack, store, handler } = await newStack('relay-crash');
    // Polls only when nudged, so the crash lands on a batch holding every commit below.
    const faulty = await startRelay(stack, 'faulty', {
      NODE_OPTIONS:
        `${process.env.NODE_OPTIONS ?? ''} --import ${join(import.meta.dirname, 'support', 'kill-after-first-send.mjs')}`.trim(),
      RELAY_POLL_MS: '60000',
    });

    const caseIds = range(1, 5).map(() => randomUUID());
    await Promise.all(caseIds.map((caseId) => appendSimpleCase(handler, caseId, 4)));
    const commits = await store.countUnpublished();
    expect(commits).toBe(20);

    expect((await api(faulty.url, 'POST', '/relay/nudge')).status).toBe(202);
    expect(
      await eventually(
        () => isAlive(faulty),
        (alive) => !alive,
        { timeoutMs: 15_000 },
      ),
    ).toBe(false);

    // Produced but never marked: still unpublished in MongoDB, yet already on Kafka.
    expect(await store.countUnpublished()).toBe(commits);
    const expected = await storedByCase(store, caseIds);
    const storedIds = [...expected.values()]
      .flat()
      .map((e) => e.eventId)
      .sort();
    const afterCrash = await readTopic(stack.kafka, stack.topics.caseEvents);
    expect(afterCrash.map((m) => m.event.eventId).sort()).toEqual(storedIds);

    const restartedAt = Date.now();
    await startRelay(stack, 'restarted');
    // The dead relay's lease slots must run out first (5 s slots): allow a few.
    expect(await waitAllPublished(store, 25_000)).toBe(0);
    const takeoverMs = Date.now() - restartedAt;

    const messages = await readTopic(stack.kafka, stack.topics.caseEvents);
    const onKafka = new Set(messages.map((m) => m.event.eventId));
    expect(storedIds.filter((id) => !onKafka.has(id))).toEqual([]);
    expectRepeatsIdentical(messages);
    const duplicates = expectPerCaseOrder(messages, expected);
    // The restarted relay re-produced the whole unmarked batch.
    expect(duplicates).toBeGreaterThanOrEqual(1);
    console.info(
      `relay crash: ${storedIds.length} events, ${messages.length} messages on Kafka, ${duplicates} duplicates; ` +
        `restarted relay published everything ${takeoverMs} ms after its start`,
    );
  });

  it('publishes group-committed appends exactly once, in per-case order, when many race on the same cases', async () => {
    const { stack, store, handler } = await newStack('relay-group');
    await startRelay(stack, 'relay');

    const caseIds = range(1, 12).map(() => randomUUID());
    await Promise.all(caseIds.map((caseId) => appendSimpleCase(handler, caseId, 1)));
    // Eight writers per case at once: one store, so their appends share round trips and lose races to each other.
    const assignments = caseIds.flatMap((caseId) =>
      range(1, 8).map((n) =>
        record(handler, caseId, 'AssignInvestigator', { investigator: `inv-${n}`, assignedAt: '2021-05-20T07:00:00Z' }),
      ),
    );
    const versions = (await Promise.all(assignments)).map(({ version }) => version);
    expect(versions).toHaveLength(96);
    expect(await waitAllPublished(store, 30_000)).toBe(0);

    const expected = await storedByCase(store, caseIds);
    for (const stored of expected.values()) expect(stored.map((e) => e.version)).toEqual(range(1, 9));
    const messages = await readTopic(stack.kafka, stack.topics.caseEvents);
    expect(expectPerCaseOrder(messages, expected)).toBe(0);
    expect(messages).toHaveLength(12 * 9);
  });

  it('keeps per-case order with two relays on the same store and topic', async () => {
    const { stack, store, handler } = await newStack('relay-pair');
    const [first, second] = await Promise.all([startRelay(stack, 'relay-a'), startRelay(stack, 'relay-b')]);

    const caseIds = range(1, 20).map(() => randomUUID());
    await Promise.all(caseIds.map((caseId) => appendSimpleCase(handler, caseId, 10)));
    expect(await waitAllPublished(store, 30_000)).toBe(0);
    expect([await isAlive(first), await isAlive(second)]).toEqual([true, true]);

    const expected = await storedByCase(store, caseIds);
    expect([...expected.values()].flat()).toHaveLength(200);
    const messages = await readTopic(stack.kafka, stack.topics.caseEvents);
    expectRepeatsIdentical(messages);
    const duplicates = expectPerCaseOrder(messages, expected);
    console.info(`two relays: 200 events, ${messages.length} messages on Kafka, ${duplicates} duplicates`);
  });
});
