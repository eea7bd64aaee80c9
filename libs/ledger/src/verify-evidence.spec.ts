import { describe, expect, it } from '@jest/globals';
import { generateKeyPairSync } from 'node:crypto';
import { signCheckpoint } from './checkpoint.js';
import { commitHash, genesisHash, type ChainedCommit } from './commit-chain.js';
import { EVIDENCE_FORMAT, type EvidenceBundle } from './evidence-bundle.js';
import { inclusionProof, leafHash, TreeFrontier, type NodeSource, nodeHash } from './merkle.js';
import { verifyEvidence } from './verify-evidence.js';

const CASE = 'case-1';
const keys = generateKeyPairSync('ed25519');
const otherKeys = generateKeyPairSync('ed25519');
const pem = (key: typeof keys.publicKey) => key.export({ type: 'spki', format: 'pem' }).toString();

function chain(count: number): ChainedCommit[] {
  const commits: ChainedCommit[] = [];
  let previousHash = genesisHash(CASE);
  for (let version = 1; version <= count; version++) {
    const content = {
      commitId: `c-${version}`,
      streamId: CASE,
      fromVersion: version,
      toVersion: version,
      recordedAt: `2021-05-20T0${version}:00:00.000Z`,
      events: [{ version, payload: { note: `fact ${version}` } }],
    };
    const hash = commitHash(previousHash, content);
    commits.push({ ...content, previousHash, hash });
    previousHash = hash;
  }
  return commits;
}

/** A log of `others` unrelated leaves, then the case's commits; its bundle against a checkpoint of all of them. */
function bundleOf(commits: ChainedCommit[], others = 2): { bundle: EvidenceBundle; leaves: Buffer[] } {
  const leaves = [
    ...Array.from({ length: others }, (_, i) => leafHash(Buffer.from(`other ${i}`))),
    ...commits.map((c) => leafHash(Buffer.from(c.hash, 'hex'))),
  ];
  const frontier = TreeFrontier.empty();
  leaves.forEach((leaf) => frontier.append(leaf));
  const node: NodeSource = ({ level, index }) => {
    let hashes = leaves.slice(index * 2 ** level, (index + 1) * 2 ** level);
    while (hashes.length > 1) hashes = hashes.flatMap((h, i) => (i % 2 === 0 ? [nodeHash(h, hashes[i + 1])] : []));
    return hashes[0];
  };
  const checkpoint = signCheckpoint(
    {
      origin: 'test/log',
      treeSize: leaves.length,
      rootHash: frontier.root().toString('hex'),
      time: '2021-05-23T00:00:00Z',
    },
    keys.privateKey,
  );
  const bundle: EvidenceBundle = {
    format: EVIDENCE_FORMAT,
    caseId: CASE,
    checkpoint,
    publicKey: pem(keys.publicKey),
    commits: commits.map((commit, i) => ({
      commit,
      leafIndex: others + i,
      inclusionProof: inclusionProof(others + i, leaves.length, node).map((h) => h.toString('hex')),
    })),
  };
  return { bundle, leaves };
}

const failureOf = (bundle: unknown, options = {}) => {
  const result = verifyEvidence(bundle, { publicKey: pem(keys.publicKey), ...options });
  return result.ok ? null : result.failure;
};

describe('verifyEvidence', () => {
  it('given an untouched bundle, when verified, then it lists what it checked', () => {
    const result = verifyEvidence(bundleOf(chain(3)).bundle, { publicKey: pem(keys.publicKey) });
    expect(result.ok && result.verified[0]).toContain(`case ${CASE}: versions 1..3 in 3 commits`);
  });

  it('given one byte of a commit changed, then it names that version as a hash mismatch', () => {
    const { bundle } = bundleOf(chain(3));
    (bundle.commits[1].commit.events[0] as { payload: { note: string } }).payload.note = 'fact X';
    expect(failureOf(bundle)).toMatchObject({ caseId: CASE, version: 2, reason: 'hash mismatch' });
  });

  it('given a commit left out, then it names the missing version as a gap', () => {
    const { bundle } = bundleOf(chain(3));
    bundle.commits.splice(1, 1);
    expect(failureOf(bundle)).toMatchObject({ version: 2, reason: 'gap' });
  });

  it('given a commit chained to another predecessor, then the chain is broken there', () => {
    const commits = chain(3);
    const { bundle } = bundleOf([commits[0], { ...commits[2], fromVersion: 2, toVersion: 2 }]);
    expect(failureOf(bundle)).toMatchObject({ version: 2, reason: 'broken chain' });
  });

  it('given a re-chained case the log never sealed, then the proof fails', () => {
    const { bundle } = bundleOf(chain(3));
    const rewritten = bundleOf(
      chain(2).map((c) => ({ ...c })),
      2,
    ).bundle.commits[1].commit;
    rewritten.events = [{ version: 2, payload: { note: 'other' } }];
    rewritten.hash = commitHash(rewritten.previousHash, rewritten);
    bundle.commits[1] = { ...bundle.commits[1], commit: rewritten };
    expect(failureOf(bundle)).toMatchObject({ version: 2, reason: 'bad proof' });
  });

  it('given another key or a forged checkpoint, then the signature fails', () => {
    const { bundle } = bundleOf(chain(2));
    expect(failureOf(bundle, { publicKey: pem(otherKeys.publicKey) })).toMatchObject({ reason: 'bad signature' });
    expect(failureOf({ ...bundle, checkpoint: { ...bundle.checkpoint, treeSize: 99 } })).toMatchObject({
      reason: 'bad signature',
    });
  });

  it('given an older checkpoint, then the log must have only grown from it', () => {
    const { bundle } = bundleOf(chain(2));
    expect(failureOf(bundle, { older: bundle.checkpoint })).toBeNull();
    expect(failureOf(bundle, { older: bundleOf(chain(3)).bundle.checkpoint })).toMatchObject({
      reason: 'log rewritten',
    });
    const sameSizeOtherLeaves = bundleOf(chain(2).reverse(), 2).bundle.checkpoint;
    expect(failureOf(bundle, { older: sameSizeOtherLeaves })).toMatchObject({ reason: 'log rewritten' });
    expect(failureOf(bundleOf(chain(2), 3).bundle, { older: bundle.checkpoint })).toMatchObject({
      reason: 'malformed',
      detail: expect.stringContaining('no consistency proof from tree size 4'),
    });
  });

  it('given an earlier bundle whose last version is gone now, then it names that version as a gap', () => {
    const before = bundleOf(chain(3)).bundle;
    const now = { ...before, commits: before.commits.slice(0, 2) };
    expect(failureOf(now)).toBeNull();
    expect(failureOf(now, { older: before })).toMatchObject({ version: 3, reason: 'gap' });
  });
});
