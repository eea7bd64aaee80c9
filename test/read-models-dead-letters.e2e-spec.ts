// The read side under failure (case-api, relay and projector as processes on the real servers): a poison message
// is dead-lettered and replayed while its partition keeps being applied, and a rebuild runs beside live commands.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { readWholeTopic } from '#libs/messaging';
import { type CaseStatusDocument, READ_MODEL_NAMES } from '#libs/read-models';
import { repeatableFact } from './fixtures/seed-case.js';
import { runCli } from './support/cli.js';
import { collectionDocuments, expectedReadModels } from './support/expected-read-models.js';
import { waitForProjector } from './support/projector-sync.js';
import { TestStack } from './support/test-stack.js';
import {
  at,
  confirmedSample,
  readModelRequests,
  report,
  sleep,
  type TimelineItem,
  withoutId,
} from './support/read-model-requests.js';

describe('read models: poison messages and rebuilds', () => {
  let stack: TestStack;
  const { get, post, open, record, statusAt, listAll } = readModelRequests(() => stack);

  beforeAll(async () => {
    stack = await TestStack.start('read-models-dead-letters');
  }, 120_000);

  afterAll(async () => {
    await stack?.stop();
  });

  it('dead-letters a poison message and keeps applying its partition; the DLQ CLI lists and replays it', async () => {
    const caseId = await open(report('Poison partition neighbour', 'internal', ['ID']));
    await statusAt(caseId, 1);
    const producer = stack.kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
    await producer.connect();
    let poison: { partition: number; offset: string };
    try {
      const [sent] = await producer.send({
        topic: stack.topics.caseEvents,
        acks: -1,
        messages: [{ key: caseId, value: '{{ not a cloud event', headers: { origin: 'chaos-test' } }],
      });
      poison = { partition: sent.partition, offset: sent.baseOffset! };
    } finally {
      await producer.disconnect();
    }

    // Later facts of the same case (same key, same partition) are still applied.
    const v2 = await record(caseId, 'assignments', { investigator: 'ana', assignedAt: at(2) });
    const v3 = await record(caseId, 'sample-verifications', confirmedSample);
    const status = await statusAt(caseId, v3);
    expect(status).toMatchObject({
      status: 200,
      body: { version: 3, stage: 'sample-verified', assignee: { investigator: 'ana' } },
    });
    expect(v2).toBe(2);
    const position = await waitForProjector(stack);
    expect(position.partitions[poison.partition].committed).toBeGreaterThan(Number(poison.offset) + 2);

    const dlq = await readWholeTopic(stack.kafka, stack.topics.caseEventsDlq);
    expect(dlq).toHaveLength(1);
    const headers = Object.fromEntries(Object.entries(dlq[0].message.headers ?? {}).map(([k, v]) => [k, String(v)]));
    expect(dlq[0].message.value?.toString()).toBe('{{ not a cloud event');
    expect(dlq[0].message.key?.toString()).toBe(caseId);
    expect(headers).toMatchObject({
      origin: 'chaos-test',
      dlq_error: 'UndecodableEventError: missing header ce_specversion',
      dlq_source_topic: stack.topics.caseEvents,
      dlq_source_partition: String(poison.partition),
      dlq_source_offset: poison.offset,
      dlq_consumer: 'projector',
    });
    const letterId = `${dlq[0].partition}:${dlq[0].message.offset}`;

    const listed = await runCli(stack.env, 'dlq', 'list');
    expect(listed.code).toBe(0);
    expect(listed.stdout).toContain(letterId);
    expect(listed.stdout).toContain('UndecodableEventError: missing header ce_specversion');
    expect(listed.stdout).toContain('1 pending of 1');

    const readModelsOfCase = async () => ({
      status: await stack.db.collection('case_status').findOne({ _id: caseId as never }),
      list: await stack.db.collection('case_list').findOne({ _id: caseId as never }),
      timeline: (await collectionDocuments<TimelineItem>(stack.db, 'case_timeline')).filter((e) => e.caseId === caseId),
    });
    const before = await readModelsOfCase();
    expect(before.timeline).toHaveLength(3);

    const replayed = await runCli(stack.env, 'dlq', 'replay');
    expect(replayed).toMatchObject({ code: 0 });
    expect(replayed.stdout).toContain(`Replayed 1: ${letterId}`);
    // Still garbage, so it comes back to the DLQ: one more letter, the replayed one marked as such.
    await waitForProjector(stack);
    const again = await readWholeTopic(stack.kafka, stack.topics.caseEventsDlq);
    expect(again).toHaveLength(2);
    expect(again[1].message.value?.toString()).toBe('{{ not a cloud event');
    expect(again[1].message.headers?.dlq_source_offset?.toString()).not.toBe(poison.offset);
    const relisted = await runCli(stack.env, 'dlq', 'list', '--pending');
    expect(relisted.stdout).toContain('1 pending of 2');
    const rows = relisted.stdout.split('\n').filter((line) => /^\d+:\d+ /.test(line));
    expect(rows.map((line) => line.split(' ')[0])).toEqual([`${again[1].partition}:${again[1].message.offset}`]);
    expect(await readModelsOfCase()).toEqual(before);
  });

  it('rebuilds every read model into a new generation while commands keep arriving', async () => {
    const cases = await Promise.all(
      Array.from({ length: 10 }, (_, i) => open(report(`Rebuild load case ${i}`, 'researcher', ['EU']))),
    );
    // Every case is in every read model before the rebuild starts: from then on no read may find one missing.
    await waitForProjector(stack);

    // Two clients, each on its own cases, read every command back at once with ?minVersion, across every
    // catalog switch. A 409 can mean the projector lags (a busy machine), but for these cases, which are in
    // every generation, a read version of 0 means the API polled a collection without the case at all: a
    // generation the projector no longer wrote and the rebuild then dropped.
    let rebuilding = true;
    const rebuildStarted = Date.now();
    let issued = 0;
    let duringRebuild = 0;
    const behind: string[] = [];
    const readFromDropped: string[] = [];
    const client = async (first: number) => {
      const own = cases.filter((_, index) => index % 2 === first);
      while (issued < 90 && (rebuilding || issued < 30)) {
        const i = issued++;
        const caseId = own[i % own.length];
        const [path, body] = repeatableFact(i);
        const response = await post(`/v1/cases/${caseId}/${path}`, body);
        if (response.status !== 200) {
          throw new Error(`command ${i} answered ${response.status}: ${JSON.stringify(response.body)}`);
        }
        if (rebuilding) duringRebuild++;
        const { version } = response.body;
        const reads = {
          status: `/v1/cases/${caseId}/status?minVersion=${version}`,
          timeline: `/v1/cases/${caseId}/timeline?minVersion=${version}&limit=1`,
        };
        await Promise.all(
          Object.entries(reads).map(async ([model, path]) => {
            const sent = Date.now() - rebuildStarted;
            const read = await get(path);
            if (read.status === 200) return;
            const readVersion = read.headers.get('breachline-read-version');
            const what = `${model} v${version} at +${sent} ms: ${read.status}, read version ${readVersion}`;
            behind.push(what);
            if (model === 'status' && readVersion === '0') readFromDropped.push(what);
          }),
        );
        await sleep(300);
      }
    };
    const load = Promise.all([0, 1].map(client));
    const rebuild = runCli(stack.env, 'projections', 'rebuild').finally(() => (rebuilding = false));
    const [, rebuilt] = await Promise.all([load, rebuild]);
    const accepted = issued;
    console.log(
      `rebuild: ${Date.now() - rebuildStarted} ms, ${accepted} commands (${duringRebuild} during the rebuild), ` +
        `${behind.length} reads behind${behind.map((b) => `\n  ${b}`).join('')}\n${rebuilt.stdout}`,
    );
    expect(rebuilt.stderr).toBe('');
    expect(rebuilt.code).toBe(0);
    for (const name of READ_MODEL_NAMES) {
      expect(rebuilt.stdout).toMatch(
        new RegExp(`${name}: \\d+ events into ${name}_g2 in [\\d.]+ s; reads switched from ${name}\\b`),
      );
    }
    expect(readFromDropped).toEqual([]);
    expect(duringRebuild).toBeGreaterThanOrEqual(20);
    await waitForProjector(stack);

    const catalog = await stack.db.collection('read_model_catalog').find().toArray();
    expect(
      catalog
        .map(({ _id, generation, readFrom, writeTo, rebuilding: r }) => ({ _id, generation, readFrom, writeTo, r }))
        .sort((a, b) => (a._id < b._id ? -1 : 1)),
    ).toEqual(
      [...READ_MODEL_NAMES]
        .sort()
        .map((name) => ({ _id: name, generation: 2, readFrom: `${name}_g2`, writeTo: [`${name}_g2`], r: undefined })),
    );
    const status = await runCli(stack.env, 'projections', 'status');
    expect(status.code).toBe(0);
    for (const name of READ_MODEL_NAMES) {
      expect(status.stdout).toMatch(new RegExp(`^${name}\\s+2\\s+${name}_g2\\s+${name}_g2\\s+\\d+`, 'm'));
    }
    expect(status.stdout).toContain('projector lag: 0 events behind');

    const expected = await expectedReadModels(stack.db, stack.env);
    for (const name of READ_MODEL_NAMES) {
      expect({ name, documents: await collectionDocuments(stack.db, `${name}_g2`) }).toEqual({
        name,
        documents: expected.collections[name],
      });
    }
    const collections = new Set((await stack.db.listCollections().toArray()).map((c) => c.name));
    for (const name of READ_MODEL_NAMES)
      expect({ name, dropped: !collections.has(name) }).toEqual({ name, dropped: true });

    // The API reads the new generation.
    const versions = cases.map((id) => expected.streams.get(id)!.length);
    expect(versions.reduce((a, b) => a + b, 0)).toBe(cases.length + accepted);
    for (const caseId of cases) {
      const response = await get(`/v1/cases/${caseId}/status`);
      expect(response.status).toBe(200);
      // The view adds computed fields (deadlines) and leaves out internal ones (clockFacts); the rest is the document.
      const { _id, clockFacts, ...document } = expected.caseStatus.get(caseId)! as CaseStatusDocument & {
        clockFacts?: unknown;
      };
      expect(response.body).toMatchObject(document);
      expect(response.body.version).toBe(expected.streams.get(caseId)!.length);
    }
    const listed = await listAll(`q=${encodeURIComponent('rebuild load case')}`);
    expect(listed.map((item) => item.caseId).sort()).toEqual([...cases].sort());
    const timeline = await get(`/v1/cases/${cases[0]}/timeline?limit=100`);
    expect(timeline.body.items).toEqual(expected.caseTimeline.get(cases[0])!.map(withoutId));
  }, 120_000);
});
