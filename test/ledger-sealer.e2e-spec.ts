import { createPrivateKey } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import {
  COMMITS_COLLECTION,
  type CommitDocument,
  EventStore,
  LEDGER_CHECKPOINTS_COLLECTION,
  LEDGER_LEAVES_COLLECTION,
  LEDGER_NODES_COLLECTION,
  LEDGER_SEALED_COLLECTION,
  type LeafDocument,
  LedgerLog,
  LedgerSealer,
} from '#libs/event-store';
import { type SignedCheckpoint, leafHash, TreeFrontier, verifyConsistency } from '#libs/ledger';
import { AppProcess } from './support/app-process.js';
import { freePort } from './support/free-port.js';
import { api, eventually } from './support/http-client.js';
import {
  ledgerDir,
  ledgerEnv,
  newNotifiedCase,
  sealedEvidence,
  verifyFile,
  writeKeyPair,
} from './support/ledger-stack.js';
import { TEST_KEYS, TestStack } from './support/test-stack.js';

// The sealer inside the relay process: resuming after a sealer died between writing leaves and the rest; the consistency route;
// and a log re-sealed from scratch caught by a checkpoint kept from before.

describe('ledger sealer and consistency', () => {
  let stack: TestStack;
  let dir: string;
  let keys: { privateKeyFile: string; publicKeyFile: string };
  /** The relay running now (the stack's first, until a test replaces it). */
  let running: AppProcess;
  const latest = () =>
    api<SignedCheckpoint>(stack.apiUrl, 'GET', '/v1/ledger/checkpoint', { key: TEST_KEYS.regulatorPdp });
  const leaves = () => stack.db.collection<LeafDocument>(LEDGER_LEAVES_COLLECTION).find().sort({ _id: 1 }).toArray();
  const countCommits = () => stack.db.collection(COMMITS_COLLECTION).countDocuments();
  const relay = async (label: string, env: Record<string, string> = {}) =>
    new AppProcess('relay', await freePort(), { ...stack.env, ...env }, join(dir, `relay-${label}.log`));

  beforeAll(async () => {
    dir = ledgerDir('ledger-sealer');
    keys = writeKeyPair(dir, 'log');
    stack = await TestStack.start('ledger-sealer', ['case-api', 'relay'], { env: ledgerEnv(keys) });
    running = stack.app('relay');
  });

  afterAll(async () => {
    await running?.kill('SIGTERM');
    await stack?.db.dropDatabase();
    await stack?.stop();
  });

  it('proves over HTTP that the log only grew, and names the field of a bad query', async () => {
    const { caseId } = await newNotifiedCase(stack, 0);
    const first = (await sealedEvidence(stack, caseId)).checkpoint;
    const { caseId: later } = await newNotifiedCase(stack, 0);
    const second = (await sealedEvidence(stack, later)).checkpoint;
    expect(second.treeSize).toBeGreaterThan(first.treeSize);

    const proof = await api(
      stack.apiUrl,
      'GET',
      `/v1/ledger/consistency?from=${first.treeSize}&to=${second.treeSize}`,
      {
        key: TEST_KEYS.regulatorPdp,
      },
    );
    expect(proof.status).toBe(200);
    const hashes = (proof.body.proof as string[]).map((hex) => Buffer.from(hex, 'hex'));
    const roots = [first, second].map((checkpoint) => Buffer.from(checkpoint.rootHash, 'hex'));
    expect(verifyConsistency(first.treeSize, second.treeSize, roots[0], roots[1], hashes)).toBe(true);

    for (const [query, field] of [
      ['from=abc&to=2', 'from'],
      ['from=1', 'to'],
      [`from=1&to=${second.treeSize + 100}`, 'to'],
      [`from=${second.treeSize}&to=1`, 'from'],
    ]) {
      const refused = await api(stack.apiUrl, 'GET', `/v1/ledger/consistency?${query}`, { key: TEST_KEYS.admin });
      expect([query, refused.status, refused.body.detail]).toEqual([query, 400, expect.stringContaining(field)]);
    }
  });

  it('resumes without a fork after a sealer dies between writing leaves and the rest', async () => {
    await running.kill('SIGKILL');
    const before = (await latest()).body;
    const sealedBefore = (await leaves()).length;
    const { caseId } = await newNotifiedCase(stack, 3);
    // A sealer that dies right after its leaves are written: its subtrees, commit records and checkpoint never are.
    class DiesAfterLeaves extends LedgerLog {
      private wroteLeaves = false;
      override async appendLeaves(batch: LeafDocument[]): Promise<void> {
        await super.appendLeaves(batch);
        this.wroteLeaves = batch.length > 0;
      }
      override async writeNodes(...args: Parameters<LedgerLog['writeNodes']>): Promise<void> {
        if (this.wroteLeaves) throw new Error('killed after writing leaves');
        await super.writeNodes(...args);
      }
    }
    const dying = new LedgerSealer(new DiesAfterLeaves(stack.db), {
      origin: before.origin,
      signingKey: createPrivateKey(readFileSync(keys.privateKeyFile, 'utf8')),
      checkpointEveryMs: 0,
    });
    const unpublished = await new EventStore(stack.db).readUnpublished(500);
    expect(unpublished.length).toBeGreaterThan(0);
    await expect(dying.seal(unpublished)).rejects.toThrow('killed after writing leaves');
    expect((await leaves()).length).toBe(sealedBefore + unpublished.length);

    running = await relay('resumed');
    await running.start();
    const total = await countCommits();
    const after = await eventually(
      () => latest(),
      (r) => r.body.treeSize === total,
      { timeoutMs: 30_000 },
    );
    expect(after.body.treeSize).toBe(total);
    const stored = await leaves();
    expect(stored.map((leaf) => leaf._id)).toEqual(stored.map((_, index) => index));
    expect(new Set(stored.map((leaf) => leaf.commitKey)).size).toBe(total);
    const frontier = TreeFrontier.empty();
    for (const leaf of stored) frontier.append(leafHash(Buffer.from(leaf.commitHash, 'hex')));
    expect(frontier.root().toString('hex')).toBe(after.body.rootHash);
    const grown = await api(stack.apiUrl, 'GET', `/v1/ledger/consistency?from=${before.treeSize}&to=${total}`, {
      key: TEST_KEYS.admin,
    });
    const roots = [before.rootHash, after.body.rootHash].map((hex) => Buffer.from(hex, 'hex'));
    const proof = (grown.body.proof as string[]).map((hex) => Buffer.from(hex, 'hex'));
    expect(verifyConsistency(before.treeSize, total, roots[0], roots[1], proof)).toBe(true);
    expect(
      await verifyFile(stack, dir, 'resumed', await sealedEvidence(stack, caseId), '--public-key', keys.publicKeyFile),
    ).toMatchObject({ code: 0 });
  });

  it('catches a log re-sealed from scratch with a checkpoint kept from before', async () => {
    const { caseId } = await newNotifiedCase(stack, 0);
    const before = await sealedEvidence(stack, caseId);
    const olderFile = join(dir, 'before-reseal.json');
    await verifyFile(stack, dir, 'before-reseal', before.checkpoint);
    await running.kill('SIGKILL');
    for (const name of [
      LEDGER_LEAVES_COLLECTION,
      LEDGER_NODES_COLLECTION,
      LEDGER_SEALED_COLLECTION,
      LEDGER_CHECKPOINTS_COLLECTION,
    ]) {
      await stack.db.collection(name).deleteMany({});
    }
    const all = await stack.db.collection<CommitDocument>(COMMITS_COLLECTION).find().toArray();
    const log = new LedgerLog(stack.db);
    const sealer = new LedgerSealer(log, {
      origin: before.checkpoint.origin,
      signingKey: createPrivateKey(readFileSync(keys.privateKeyFile, 'utf8')),
      checkpointEveryMs: 0,
    });
    await sealer.seal(all.reverse());
    await sealer.checkpointIfDue(Date.now());

    const after = await sealedEvidence(stack, caseId);
    expect(after.checkpoint.treeSize).toBe(before.checkpoint.treeSize);
    const alone = await verifyFile(stack, dir, 'resealed', after, '--public-key', keys.publicKeyFile);
    expect(alone).toMatchObject({ code: 0 });
    const checked = await verifyFile(
      stack,
      dir,
      'resealed',
      after,
      '--public-key',
      keys.publicKeyFile,
      '--checkpoint',
      olderFile,
    );

    expect(checked.code).not.toBe(0);
    expect(checked.stderr).toContain('log rewritten');
  });
});
