// Idempotency keys on the command handler against the database server: a replay appends nothing, a reused key
// with another request is refused.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { type CaseCommand } from '#libs/domain';
import { COMMITS_COLLECTION, IdempotencyKeyReusedError } from '#libs/event-store';
import {
  assignInvestigator,
  closeTestStore,
  context,
  metadata,
  openTestStore,
  range,
  receiveReport,
  settle,
  storeHelpers,
  type TestStore,
} from './support/event-store-harness.js';

describe('event store: idempotency', () => {
  let opened: TestStore;
  let db: TestStore['db'];
  const { newHandler, versionsOf } = storeHelpers(() => opened);

  beforeAll(async () => {
    opened = await openTestStore('es_idem');
    ({ db } = opened);
  });

  afterAll(async () => {
    await closeTestStore(opened ?? {});
  });

  it('replays the same key and request without appending; refuses the key with another request', async () => {
    const caseId = randomUUID();
    const handler = newHandler();
    await handler.handle(caseId, receiveReport(caseId), context());
    const idempotency = { key: `ana:${randomUUID()}`, requestHash: 'hash-a' };

    const first = await handler.handle(caseId, assignInvestigator(caseId), context({ idempotency }));
    const commitsAfterFirst = await db.collection(COMMITS_COLLECTION).countDocuments();
    // A fresh handler (another API instance, empty cache) must replay just the same.
    const second = await newHandler().handle(caseId, assignInvestigator(caseId), context({ idempotency }));

    expect(first).toMatchObject({ version: 2, replayed: false });
    expect(second).toStrictEqual({ ...first, replayed: true });
    expect(await db.collection(COMMITS_COLLECTION).countDocuments()).toBe(commitsAfterFirst);
    expect(await versionsOf(caseId)).toEqual([1, 2]);

    await expect(
      handler.handle(
        caseId,
        assignInvestigator(caseId, 'someone else'),
        context({ idempotency: { ...idempotency, requestHash: 'hash-b' } }),
      ),
    ).rejects.toBeInstanceOf(IdempotencyKeyReusedError);
    expect(await db.collection(COMMITS_COLLECTION).countDocuments()).toBe(commitsAfterFirst);
  });

  it('commits once for 10 parallel calls with the same key', async () => {
    const caseId = randomUUID();
    const handlers = range(1, 3).map(() => newHandler());
    await handlers[0].handle(caseId, receiveReport(caseId), context());
    const idempotency = { key: `ana:${randomUUID()}`, requestHash: 'hash-parallel' };

    const { ok, errors } = await settle(
      range(1, 10).map((n) =>
        handlers[n % handlers.length].handle(caseId, assignInvestigator(caseId), context({ idempotency })),
      ),
    );

    expect(errors).toEqual([]);
    expect(ok).toHaveLength(10);
    expect(ok.filter((r) => !r.replayed)).toHaveLength(1);
    expect(new Set(ok.map((r) => r.version))).toEqual(new Set([2]));
    expect(new Set(ok.map((r) => r.events[0].eventId)).size).toBe(1);
    expect(await db.collection(COMMITS_COLLECTION).countDocuments({ idempotencyKey: idempotency.key })).toBe(1);
    expect(await versionsOf(caseId)).toEqual([1, 2]);
  });

  it('replays parallel retries of a command that cannot apply twice (CloseCase, pinned or not)', async () => {
    // A client retrying on a timeout while its first request is still in flight must get the original
    // answer, not a refusal decided on the state that the first request produced.
    const outcomes = [];
    for (const pinned of [false, true]) {
      const caseId = randomUUID();
      const handlers = range(1, 3).map(() => newHandler());
      await handlers[0].handle(caseId, receiveReport(caseId), context());
      const idempotency = { key: `ana:${randomUUID()}`, requestHash: 'hash-close' };
      const close: CaseCommand = {
        type: 'CloseCase',
        data: { caseId, closedAt: '2021-05-21T00:00:00Z', resolution: 'false-report' },
        metadata: metadata(),
      };

      const { ok, errors } = await settle(
        range(1, 10).map((n) =>
          handlers[n % handlers.length].handle(
            caseId,
            close,
            context({ idempotency, ...(pinned && { expectedVersion: 1 }) }),
          ),
        ),
      );
      outcomes.push({
        pinned,
        errors: errors.map((e) => (e as Error).name),
        originals: ok.filter((r) => !r.replayed).length,
        versions: [...new Set(ok.map((r) => r.version))],
        stream: await versionsOf(caseId),
      });
    }

    const replayedOnce = { errors: [], originals: 1, versions: [2], stream: [1, 2] };
    expect(outcomes).toEqual([
      { pinned: false, ...replayedOnce },
      { pinned: true, ...replayedOnce },
    ]);
  });
});
