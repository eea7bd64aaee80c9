import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { READ_MODEL_NAMES } from '#libs/read-models';
import { repeatableFact } from './fixtures/seed-case.js';
import { collectionDocuments, expectedReadModels } from './support/expected-read-models.js';
import { api } from './support/http-client.js';
import { projectorPosition, waitForProjector } from './support/projector-sync.js';
import { TEST_KEYS, TestStack } from './support/test-stack.js';

// The projector as a real process, SIGKILLed while a command load flows through relay and Kafka, then
// restarted: everything it had applied but not committed is delivered again, and everything after the
// kill waits on Kafka. The read models must end up exactly as the event store says, with no duplicates.

const CASES = 15;
const COMMANDS = 150; // 15 reports + 135 facts
const IN_FLIGHT = 5;
const KILL_AFTER_ACCEPTED = 40;
const RESTART_AFTER_ACCEPTED = 110;

/** What every read-model document has: its key and the case version it reflects. */
type Versioned = { _id: string; version: number };

describe('projector faults', () => {
  let stack: TestStack;

  beforeAll(async () => {
    stack = await TestStack.start('projector-faults');
  }, 120_000);

  afterAll(async () => {
    await stack?.stop();
  });

  it('loses and doubles nothing when SIGKILLed mid-stream and restarted', async () => {
    const projector = stack.app('projector');
    const post = (path: string, body: unknown) =>
      api(stack.apiUrl, 'POST', path, { key: TEST_KEYS.investigator, body });

    let accepted = 0;
    const refusals: string[] = [];
    let killed: Promise<{ committed: number; applied: number }> | undefined;
    let restarted: Promise<void> | undefined;
    const onAccepted = () => {
      accepted++;
      if (accepted === KILL_AFTER_ACCEPTED) {
        killed = (async () => {
          await projector.kill('SIGKILL');
          // The process is gone: what it had applied and what it had committed are frozen until the restart.
          const position = await projectorPosition(stack);
          const applied = await stack.db.collection('case_timeline').countDocuments();
          return { committed: position.partitions.reduce((sum, p) => sum + Math.max(p.committed, 0), 0), applied };
        })();
      }
      if (accepted === RESTART_AFTER_ACCEPTED) restarted = killed!.then(() => projector.start());
    };

    // Worker w owns cases w, w+5 and w+10: each case gets its commands one at a time, five run at once.
    const caseIds: string[] = [];
    const worker = async (w: number) => {
      for (let c = w; c < CASES; c += IN_FLIGHT) {
        const created = await post('/v1/cases', {
          title: `Fault load case ${c}`,
          jurisdictions: ['ID'],
          report: { receivedAt: '2021-05-20T03:00:00Z', channel: 'dark-web-forum', summary: `Load ${c}` },
        });
        if (created.status !== 201) refusals.push(`report ${c}: ${created.status}`);
        else {
          caseIds[c] = created.body.caseId;
          onAccepted();
        }
      }
      for (let i = w; i < COMMANDS - CASES; i += IN_FLIGHT) {
        const caseId = caseIds[(w + IN_FLIGHT * Math.floor(i / IN_FLIGHT)) % CASES];
        const [path, body] = repeatableFact(i);
        const response = await post(`/v1/cases/${caseId}/${path}`, body);
        if (response.status !== 200) refusals.push(`fact ${i}: ${response.status} ${JSON.stringify(response.body)}`);
        else onAccepted();
      }
    };
    const started = Date.now();
    await Promise.all(Array.from({ length: IN_FLIGHT }, (_, w) => worker(w)));
    const loadMs = Date.now() - started;
    expect(refusals).toEqual([]);
    expect(accepted).toBe(COMMANDS);
    expect(killed).toBeDefined();
    const atKill = await killed!;
    if (!restarted) restarted = killed!.then(() => projector.start());
    await restarted;
    const position = await waitForProjector(stack, { timeoutMs: 45_000 });
    const catchUpMs = Date.now() - started;

    const expected = await expectedReadModels(stack.db, stack.env);
    const events = [...expected.streams.values()].reduce((sum, stream) => sum + stream.length, 0);
    expect(expected.streams.size).toBe(CASES);
    expect(events).toBe(COMMANDS);
    // Most of the load came after the kill: only the restarted projector can have applied it.
    expect(atKill.committed).toBeLessThan(events - (COMMANDS - KILL_AFTER_ACCEPTED) + IN_FLIGHT);

    const status = await collectionDocuments<Versioned>(stack.db, 'case_status');
    const list = await collectionDocuments<Versioned>(stack.db, 'case_list');
    const timeline = await collectionDocuments<Versioned & { caseId: string }>(stack.db, 'case_timeline');
    let duplicates = 0;
    let lost = 0;
    for (const [caseId, stream] of expected.streams) {
      const versions = timeline.filter((e) => e.caseId === caseId).map((e) => e.version as number);
      const distinct = new Set(versions);
      duplicates += versions.length - distinct.size;
      lost += stream.filter((e) => !distinct.has(e.version)).length;
      expect({
        caseId,
        status: status.find((d) => d._id === caseId)?.version,
        list: list.find((d) => d._id === caseId)?.version,
        timeline: [...versions].sort((a, b) => a - b),
      }).toEqual({
        caseId,
        status: stream.length,
        list: stream.length,
        timeline: stream.map((_, i) => i + 1),
      });
    }
    const rows = {
      'commands accepted': accepted,
      'events in store': events,
      'case_status docs': status.length,
      'case_list docs': list.length,
      'timeline entries': timeline.length,
      duplicates,
      lost,
      'committed at SIGKILL': atKill.committed,
      'applied at SIGKILL': atKill.applied,
      'load ms': loadMs,
      'load → caught up ms': catchUpMs,
      'final lag': position.lag,
    };
    console.log(
      `projector SIGKILL after ${KILL_AFTER_ACCEPTED} accepted commands\n` +
        Object.entries(rows)
          .map(([name, value]) => `  ${name.padEnd(22)} ${value}`)
          .join('\n'),
    );
    expect({ duplicates, lost, timeline: timeline.length, status: status.length, list: list.length }).toEqual({
      duplicates: 0,
      lost: 0,
      timeline: events,
      status: CASES,
      list: CASES,
    });
    // Whole documents, not just versions: exactly what the projections compute from the event store.
    expect(status).toEqual(expected.collections.case_status);
    expect(list).toEqual(expected.collections.case_list);
    expect(timeline).toEqual(expected.collections.case_timeline);
    // And every other read model the projector keeps.
    for (const name of READ_MODEL_NAMES.filter((n) => !['case_status', 'case_list', 'case_timeline'].includes(n))) {
      expect({ name, documents: await collectionDocuments(stack.db, name) }).toEqual({
        name,
        documents: expected.collections[name],
      });
    }
  });
});
