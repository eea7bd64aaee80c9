import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { COMMITS_COLLECTION, type CommitDocument } from '#libs/event-store';
import { checkpointSignatureValid, commitHash, type EvidenceBundle } from '#libs/ledger';
import { runCli } from './support/cli.js';
import { api } from './support/http-client.js';
import {
  ledgerDir,
  ledgerEnv,
  newNotifiedCase,
  sealedEvidence,
  verifyFile,
  writeKeyPair,
} from './support/ledger-stack.js';
import { TEST_KEYS, TestStack } from './support/test-stack.js';

// Evidence bundles from the real stack (API, relay sealing into the ledger, FerretDB), checked by the offline CLI
// verifier, untouched and after tampering with the stored commits.

describe('evidence bundles and the offline verifier', () => {
  let stack: TestStack;
  let dir: string;
  let keys: { privateKeyFile: string; publicKeyFile: string };
  let otherKeys: { privateKeyFile: string; publicKeyFile: string };
  const commits = () => stack.db.collection<CommitDocument>(COMMITS_COLLECTION);
  const commitOf = async (caseId: string, version: number) =>
    (await commits().find({ streamId: caseId }).toArray()).find(
      (c) => c.fromVersion <= version && version <= c.toVersion,
    )!;
  const pinned = () => ['--public-key', keys.publicKeyFile];

  beforeAll(async () => {
    dir = ledgerDir('ledger-evidence');
    keys = writeKeyPair(dir, 'log');
    otherKeys = writeKeyPair(dir, 'other');
    stack = await TestStack.start('ledger-evidence', ['case-api', 'relay'], { env: ledgerEnv(keys) });
  });

  afterAll(async () => {
    await stack?.db.dropDatabase();
    await stack?.stop();
  });

  it('verifies the bundle of an untouched case, from the API and from the CLI, with the pinned key', async () => {
    const { caseId, version } = await newNotifiedCase(stack);
    const bundle = await sealedEvidence(stack, caseId);
    expect(bundle.commits.map(({ commit }) => commit.toVersion).at(-1)).toBe(version);
    const publicKey = await api(stack.apiUrl, 'GET', '/v1/ledger/public-key', { key: TEST_KEYS.regulatorPdp });
    expect(publicKey.body).toBe(readFileSync(keys.publicKeyFile, 'utf8'));
    const checkpoint = await api(stack.apiUrl, 'GET', '/v1/ledger/checkpoint', { key: TEST_KEYS.investigator });
    expect(checkpointSignatureValid(checkpoint.body, publicKey.body)).toBe(true);

    const fromApi = await verifyFile(stack, dir, 'untouched', bundle, ...pinned());
    expect(fromApi).toMatchObject({ code: 0 });
    expect(fromApi.stdout).toContain(`case ${caseId}: versions 1..${version}`);
    expect(fromApi.stdout).toContain('signature verified with the given public key');

    const out = join(dir, 'from-cli.json');
    const written = await runCli(
      { ...stack.env, LEDGER_PUBLIC_KEY_FILE: keys.publicKeyFile },
      'cases',
      'evidence',
      caseId,
      '--out',
      out,
    );
    expect(written).toMatchObject({ code: 0 });
    expect(await runCli(stack.env, 'verify', out, ...pinned())).toMatchObject({ code: 0 });
  });

  it('answers the case regulator, hides the case from another regulator, refuses PR and anonymous callers', async () => {
    const { caseId } = await newNotifiedCase(stack, 0);
    const get = (key?: string) => api(stack.apiUrl, 'GET', `/v1/cases/${caseId}/evidence`, { key });
    expect((await get(TEST_KEYS.regulatorPdp)).status).toBe(200);
    expect((await get(TEST_KEYS.regulatorOther)).status).toBe(404);
    expect((await get(TEST_KEYS.pr)).status).toBe(403);
    expect((await get()).status).toBe(401);
    expect(
      (await api(stack.apiUrl, 'GET', `/v1/cases/${crypto.randomUUID()}/evidence`, { key: TEST_KEYS.admin })).status,
    ).toBe(404);
  });

  it('still verifies once the case is erased: the hashes cover the ciphertext, erasure destroys only the key', async () => {
    const { caseId, version } = await newNotifiedCase(stack);
    const before = await sealedEvidence(stack, caseId);
    const erased = await api(stack.apiUrl, 'POST', `/v1/cases/${caseId}/erasure`, {
      key: TEST_KEYS.admin,
      body: { reason: 'Retention period ended' },
    });
    expect(erased.status).toBe(200);

    const after = await sealedEvidence(stack, caseId, `?since=${before.checkpoint.treeSize}`);
    expect(after.commits.map(({ commit }) => commit.toVersion).at(-1)).toBe(version + 1);
    expect(after.commits.slice(0, before.commits.length)).toEqual(
      before.commits.map((entry) => expect.objectContaining({ commit: entry.commit })),
    );
    const older = join(dir, 'before-erasure.json');
    await verifyFile(stack, dir, 'before-erasure', before);
    const result = await verifyFile(stack, dir, 'after-erasure', after, ...pinned(), '--checkpoint', older);
    expect(result).toMatchObject({ code: 0, stderr: '' });
    expect(result.stdout).toContain(`case ${caseId}: versions 1..${version + 1}`);
  });

  it('fails naming the version when one byte of one stored commit is edited', async () => {
    const { caseId } = await newNotifiedCase(stack);
    await sealedEvidence(stack, caseId);
    const target = await commitOf(caseId, 2);
    const payload = target.events[0].payload as { investigator: string };
    payload.investigator = `X${payload.investigator.slice(1)}`;
    await commits().replaceOne({ _id: target._id }, target);

    const result = await verifyFile(stack, dir, 'edited', await sealedEvidence(stack, caseId), ...pinned());

    expect(result.code).not.toBe(0);
    expect(result.stderr).toContain(`case ${caseId} version 2`);
    expect(result.stderr).toContain('hash mismatch');
  });

  it('fails as a gap when a commit is deleted', async () => {
    const { caseId } = await newNotifiedCase(stack);
    await sealedEvidence(stack, caseId);
    await commits().deleteOne({ _id: (await commitOf(caseId, 2))._id });

    const result = await verifyFile(stack, dir, 'deleted', await sealedEvidence(stack, caseId), ...pinned());

    expect(result.code).not.toBe(0);
    expect(result.stderr).toContain(`case ${caseId} version 2`);
    expect(result.stderr).toContain('gap');
  });

  it("fails against a bundle taken before when the case's last commit is deleted", async () => {
    const { caseId, version } = await newNotifiedCase(stack);
    const before = await sealedEvidence(stack, caseId);
    await commits().deleteOne({ _id: (await commitOf(caseId, version))._id });
    const after = await sealedEvidence(stack, caseId, `?since=${before.checkpoint.treeSize}`);
    const older = join(dir, 'before-deletion.json');
    await verifyFile(stack, dir, 'before-deletion', before);

    expect(await verifyFile(stack, dir, 'after-deletion', after, ...pinned())).toMatchObject({ code: 0 });
    const result = await verifyFile(stack, dir, 'after-deletion', after, ...pinned(), '--checkpoint', older);

    expect(result.code).not.toBe(0);
    expect(result.stderr).toContain(`case ${caseId} version ${version}`);
    expect(result.stderr).toContain('gap');
  });

  it('fails when a case is rewritten and re-chained: its commits are not the ones sealed', async () => {
    const { caseId } = await newNotifiedCase(stack);
    const before = await sealedEvidence(stack, caseId);
    let previousHash = (await commitOf(caseId, 1)).hash;
    for (const { commit } of before.commits.slice(1)) {
      const stored = await commitOf(caseId, commit.fromVersion);
      stored.recordedAt = '2021-05-19T00:00:00.000Z';
      stored.previousHash = previousHash;
      stored.hash = commitHash(previousHash, stored);
      previousHash = stored.hash;
      await commits().replaceOne({ _id: stored._id }, stored);
    }

    const result = await verifyFile(stack, dir, 'rechained', await sealedEvidence(stack, caseId), ...pinned());

    expect(result.code).not.toBe(0);
    expect(result.stderr).toContain(`case ${caseId} version 2`);
    expect(result.stderr).toContain('bad proof');
  });

  it('fails with a wrong key or a forged signature', async () => {
    const { caseId } = await newNotifiedCase(stack, 0);
    const bundle: EvidenceBundle = await sealedEvidence(stack, caseId);

    const wrongKey = await verifyFile(stack, dir, 'wrong-key', bundle, '--public-key', otherKeys.publicKeyFile);
    const forged = { ...bundle, checkpoint: { ...bundle.checkpoint, treeSize: bundle.checkpoint.treeSize + 1 } };
    const forgedResult = await verifyFile(stack, dir, 'forged', forged, ...pinned());
    const resigned = { ...bundle, publicKey: readFileSync(otherKeys.publicKeyFile, 'utf8') };
    const swappedKey = await verifyFile(stack, dir, 'swapped-key', resigned);

    for (const result of [wrongKey, forgedResult, swappedKey]) {
      expect(result.code).not.toBe(0);
      expect(result.stderr).toContain('bad signature');
    }
  });
});
