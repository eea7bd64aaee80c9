import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { StoredEvent } from '#libs/event-store';
import { withPersonalData } from '#libs/privacy';
import { seedCase } from './fixtures/seed-case.js';
import { api } from './support/http-client.js';
import { TEST_KEYS, TestStack } from './support/test-stack.js';

const WRITERS = 50;

interface Outcome {
  writer: string;
  pinned: boolean;
  status: number;
  version?: number;
  correlationId: string;
}

/**
 * Many writers on one case at once: the unique commit key is the only lock, so the stream must stay
 * contiguous, every winner must own exactly one version and every loser must have appended nothing.
 */
describe('concurrent writers on one case', () => {
  let stack: TestStack;
  const distributions: string[] = [];

  const commitsOf = async (caseId: string) =>
    (await stack.db.collection('case_commits').find({ streamId: caseId }).toArray()).sort(
      (a, b) => a.fromVersion - b.fromVersion,
    );

  const currentVersion = async (caseId: string) => {
    const commits = await commitsOf(caseId);
    return commits.length === 0 ? 0 : commits[commits.length - 1].toVersion;
  };

  /** 25 writers pin the version they read (If-Match), 25 do not; all send an assignment that can always apply. */
  async function storm(caseId: string, round: number): Promise<Outcome[]> {
    const readVersion = await currentVersion(caseId);
    const start = Date.now();
    const outcomes = await Promise.all(
      Array.from({ length: WRITERS }, async (_, index): Promise<Outcome> => {
        const pinned = index % 2 === 0;
        const writer = `writer-r${round}-${String(index).padStart(2, '0')}`;
        const correlationId = `concurrency-${writer}`;
        const response = await api(stack.apiUrl, 'POST', `/v1/cases/${caseId}/assignments`, {
          key: index % 3 === 0 ? TEST_KEYS.investigator2 : TEST_KEYS.investigator,
          body: { investigator: writer, assignedAt: '2021-05-20T04:00:00Z', note: `round ${round}` },
          headers: { 'x-correlation-id': correlationId, ...(pinned && { 'if-match': `"${readVersion}"` }) },
        });
        return { writer, pinned, status: response.status, version: response.body?.version, correlationId };
      }),
    );
    const count = (status: number, pinned: boolean) =>
      outcomes.filter((o) => o.status === status && o.pinned === pinned).length;
    distributions.push(
      `round ${round} (${Date.now() - start} ms, from v${readVersion}): ` +
        `If-Match: ${count(200, true)}×200 ${count(412, true)}×412 ${count(409, true)}×409; ` +
        `no If-Match: ${count(200, false)}×200 ${count(412, false)}×412 ${count(409, false)}×409`,
    );
    return outcomes;
  }

  async function expectConsistent(caseId: string, outcomes: Outcome[], fromVersion: number) {
    expect(outcomes.filter((o) => ![200, 409, 412].includes(o.status))).toEqual([]);
    const winners = outcomes.filter((o) => o.status === 200);
    const losers = outcomes.filter((o) => o.status !== 200);
    // A pinned writer can only win at the version it read; at most one of them does.
    expect(winners.filter((o) => o.pinned).length).toBeLessThanOrEqual(1);
    expect(losers.filter((o) => o.pinned).every((o) => o.status === 412)).toBe(true);

    const stored = (await commitsOf(caseId)).flatMap((commit) => commit.events) as StoredEvent[];
    // Read as the apps read them: the investigator's name is a personal field, stored encrypted.
    const events = await withPersonalData(stack.db, stack.env, ({ codec }) => codec.decode(stored));
    // Contiguous 1..N, each version once, and exactly one new version per winner.
    expect(events.map((e) => e.version)).toEqual(Array.from({ length: events.length }, (_, i) => i + 1));
    expect(events.length).toBe(fromVersion + winners.length);

    const added = events.filter((e) => e.version > fromVersion);
    const byCorrelation = new Map(added.map((e) => [e.correlationId, e]));
    for (const winner of winners) {
      expect(byCorrelation.get(winner.correlationId)).toMatchObject({
        version: winner.version,
        payload: expect.objectContaining({ investigator: winner.writer }),
      });
    }
    // Every loser appended nothing: none of their correlation ids or names is in the stream.
    for (const loser of losers) {
      expect(byCorrelation.has(loser.correlationId)).toBe(false);
      expect(added.some((e) => (e.payload as { investigator?: string }).investigator === loser.writer)).toBe(false);
    }
    expect(new Set(winners.map((o) => o.version)).size).toBe(winners.length);

    // The cached decision state was not corrupted: the next pinned write lands right after the storm.
    const next = await api(stack.apiUrl, 'POST', `/v1/cases/${caseId}/assignments`, {
      key: TEST_KEYS.investigator,
      body: { investigator: 'after-the-storm', assignedAt: '2021-05-20T05:00:00Z' },
      headers: { 'if-match': `"${events.length}"` },
    });
    expect(next).toMatchObject({ status: 200, body: { version: events.length + 1 } });
  }

  beforeAll(async () => {
    stack = await TestStack.start('concurrency', ['case-api']);
  }, 120_000);

  afterAll(async () => {
    console.log(`concurrency distribution (${WRITERS} writers per round):\n  ${distributions.join('\n  ')}`);
    await stack?.stop();
  });

  it('keeps versions contiguous with 50 writers, twice; losers get 409 or 412, never a 5xx', async () => {
    const created = await api(stack.apiUrl, 'POST', '/v1/cases', {
      key: TEST_KEYS.investigator,
      body: seedCase.report,
    });
    expect(created.status).toBe(201);
    const { caseId } = created.body;
    for (const round of [1, 2]) {
      const before = await currentVersion(caseId);
      const outcomes = await storm(caseId, round);
      await expectConsistent(caseId, outcomes, before);
    }
  });

  it('lets one of 20 concurrent requests with the same Idempotency-Key append, and answers all with its version', async () => {
    const created = await api(stack.apiUrl, 'POST', '/v1/cases', {
      key: TEST_KEYS.investigator,
      body: seedCase.report,
    });
    const { caseId } = created.body;
    const body = { investigator: 'same-key', assignedAt: '2021-05-20T04:00:00Z' };
    const answers = await Promise.all(
      Array.from({ length: 20 }, () =>
        api(stack.apiUrl, 'POST', `/v1/cases/${caseId}/assignments`, {
          key: TEST_KEYS.investigator,
          body,
          headers: { 'idempotency-key': `same-${caseId}` },
        }),
      ),
    );
    const statuses = answers.map((a) => a.status);
    distributions.push(
      `same Idempotency-Key ×20: ${[...new Set(statuses)].map((s) => `${statuses.filter((x) => x === s).length}×${s}`).join(' ')}`,
    );
    expect(statuses.filter((s) => s >= 500)).toEqual([]);
    const stored = (await commitsOf(caseId)).flatMap((commit) => commit.events) as StoredEvent[];
    // Read as the apps read them: the investigator's name is a personal field, stored encrypted.
    const events = await withPersonalData(stack.db, stack.env, ({ codec }) => codec.decode(stored));
    expect(events.map((e) => e.version)).toEqual([1, 2]);
    expect(answers.filter((a) => a.status === 200).every((a) => a.body.version === 2)).toBe(true);
  });
});
