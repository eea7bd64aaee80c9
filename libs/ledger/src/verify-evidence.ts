import { checkpointSignatureValid } from './checkpoint.js';
import { commitHash, genesisHash, type ChainedCommit } from './commit-chain.js';
import { EVIDENCE_FORMAT, isSignedCheckpoint, readOlderView, type EvidenceBundle } from './evidence-bundle.js';
import { leafHash, verifyConsistency, verifyInclusion } from './merkle.js';

export type VerificationFailureReason =
  'malformed' | 'hash mismatch' | 'gap' | 'broken chain' | 'bad proof' | 'bad signature' | 'log rewritten';

export interface VerificationFailure {
  caseId?: string;
  /** The first version found bad. */
  version?: number;
  reason: VerificationFailureReason;
  detail: string;
}

export type VerificationResult = { ok: true; verified: string[] } | { ok: false; failure: VerificationFailure };

export interface VerifyOptions {
  /** The log's public key as the verifier knows it (SPKI PEM); without it the bundle's own key is used. */
  publicKey?: string;
  /** An older checkpoint or evidence bundle kept by a witness. */
  older?: unknown;
}

class Failed extends Error {
  constructor(readonly failure: VerificationFailure) {
    super(failure.detail);
  }
}

const fromHex = (hex: string): Buffer => Buffer.from(hex, 'hex');
const isHash = (value: unknown): value is string => typeof value === 'string' && /^[0-9a-f]{64}$/.test(value);

/**
 * Checks an evidence bundle with nothing but the bundle (and, optionally, the verifier's own copy of the public key
 * and an older checkpoint): every commit hash, the chain from the case's genesis, each inclusion proof against the
 * signed checkpoint, and that the log only grew since the older checkpoint. Pure: no clock, no I/O.
 */
export function verifyEvidence(input: unknown, options: VerifyOptions = {}): VerificationResult {
  try {
    return { ok: true, verified: check(input, options) };
  } catch (error) {
    if (error instanceof Failed) return { ok: false, failure: error.failure };
    throw error;
  }
}

function check(input: unknown, options: VerifyOptions): string[] {
  const bundle = readBundle(input);
  const { caseId, checkpoint } = bundle;
  const fail = (reason: VerificationFailureReason, detail: string, version?: number): never => {
    throw new Failed({ caseId, version, reason, detail });
  };
  const publicKey = options.publicKey ?? bundle.publicKey;
  if (!checkpointSignatureValid(checkpoint, publicKey)) {
    fail('bad signature', `the checkpoint of tree size ${checkpoint.treeSize} is not signed by this key`);
  }
  const root = fromHex(checkpoint.rootHash);
  let previous: ChainedCommit | undefined;
  let sealed = 0;
  for (const [position, { commit, leafIndex, inclusionProof }] of bundle.commits.entries()) {
    const expected = previous ? previous.toVersion + 1 : 1;
    if (commit.streamId !== caseId) fail('malformed', `a commit of stream ${commit.streamId} in the bundle`, expected);
    if (commit.fromVersion !== expected) {
      fail('gap', `version ${expected} is missing (the next commit starts at ${commit.fromVersion})`, expected);
    }
    const versions = commit.events.map((event) => (event as { version?: unknown }).version);
    if (versions.length !== commit.toVersion - commit.fromVersion + 1) {
      fail(
        'hash mismatch',
        `commit ${commit.fromVersion}..${commit.toVersion} holds ${versions.length} events`,
        expected,
      );
    }
    const previousHash = previous ? previous.hash : genesisHash(caseId);
    if (commit.previousHash !== previousHash) {
      fail('broken chain', `version ${expected} does not follow the commit before it`, expected);
    }
    if (commitHash(commit.previousHash, commit) !== commit.hash) {
      fail('hash mismatch', `version ${expected}: its content does not hash to its stored hash`, expected);
    }
    if (leafIndex === undefined) {
      previous = commit;
      continue;
    }
    if (sealed !== position) {
      fail('bad proof', `version ${expected} is proven although an earlier commit is not`, expected);
    }
    const proof = inclusionProof ?? [];
    if (
      !proof.every(isHash) ||
      !verifyInclusion(leafIndex, checkpoint.treeSize, leafHash(fromHex(commit.hash)), proof.map(fromHex), root)
    ) {
      fail(
        'bad proof',
        `version ${expected}: not the commit sealed at leaf ${leafIndex} of tree size ${checkpoint.treeSize}`,
        expected,
      );
    }
    sealed++;
    previous = commit;
  }
  const last = previous?.toVersion ?? 0;
  const verified = [
    `case ${caseId}: versions 1..${last} in ${bundle.commits.length} commits, every hash and the chain from the case's genesis recomputed`,
    `${sealed} commits proven included in the log ${checkpoint.origin} at tree size ${checkpoint.treeSize} (root ${checkpoint.rootHash}, signed ${checkpoint.time})`,
    options.publicKey
      ? 'checkpoint signature verified with the given public key'
      : "checkpoint signature verified with the bundle's own key (pass --public-key to pin yours)",
  ];
  if (sealed < bundle.commits.length) {
    verified.push(`${bundle.commits.length - sealed} later commits are chained but not yet in a checkpoint`);
  }
  if (options.older !== undefined) verified.push(...checkOlder(bundle, options.older, publicKey, fail));
  return verified;
}

function checkOlder(
  bundle: EvidenceBundle,
  input: unknown,
  publicKey: string,
  fail: (reason: VerificationFailureReason, detail: string, version?: number) => never,
): string[] {
  const older = readOlderView(input);
  if (!older) return fail('malformed', 'the older checkpoint is neither a signed checkpoint nor an evidence bundle');
  const { checkpoint: then } = older;
  const now = bundle.checkpoint;
  if (!checkpointSignatureValid(then, publicKey)) {
    fail('bad signature', `the older checkpoint of tree size ${then.treeSize} is not signed by this key`);
  }
  if (then.origin !== now.origin) fail('malformed', `the older checkpoint is of another log (${then.origin})`);
  if (then.treeSize > now.treeSize) {
    fail('log rewritten', `the log shrank from ${then.treeSize} leaves to ${now.treeSize}`);
  } else if (then.treeSize === now.treeSize) {
    if (then.rootHash !== now.rootHash) fail('log rewritten', `tree size ${now.treeSize} has another root than before`);
  } else {
    const consistency = bundle.consistency;
    if (!consistency || consistency.fromSize !== then.treeSize || !consistency.proof.every(isHash)) {
      fail(
        'malformed',
        `the bundle holds no consistency proof from tree size ${then.treeSize} (ask for it with since)`,
      );
    }
    const proof = consistency!.proof.map(fromHex);
    if (!verifyConsistency(then.treeSize, now.treeSize, fromHex(then.rootHash), fromHex(now.rootHash), proof)) {
      fail('log rewritten', `the tree of size ${then.treeSize} seen before is not a prefix of the log now`);
    }
  }
  const lines = [`the log only grew since the older checkpoint of tree size ${then.treeSize} (${then.time})`];
  for (const head of older.heads.filter((candidate) => candidate.caseId === bundle.caseId)) {
    const entry = bundle.commits.find(({ commit }) => commit.toVersion === head.version);
    if (!entry)
      fail('gap', `version ${head.version} was sealed at leaf ${head.leafIndex} and is missing now`, head.version);
    if (entry!.commit.hash !== head.hash || entry!.leafIndex !== head.leafIndex) {
      fail(
        'log rewritten',
        `version ${head.version} is not the commit sealed at leaf ${head.leafIndex} before`,
        head.version,
      );
    }
    lines.push(`version ${head.version}, as the older copy saw it, is unchanged`);
  }
  return lines;
}

function readBundle(input: unknown): EvidenceBundle {
  const fail = (detail: string): never => {
    throw new Failed({ reason: 'malformed', detail });
  };
  if (typeof input !== 'object' || input === null) return fail('the bundle is not a JSON object');
  const bundle = input as Partial<EvidenceBundle>;
  if (bundle.format !== EVIDENCE_FORMAT) fail(`the bundle's format is not ${EVIDENCE_FORMAT}`);
  if (typeof bundle.caseId !== 'string') fail('the bundle names no case');
  if (!isSignedCheckpoint(bundle.checkpoint)) fail('the bundle holds no signed checkpoint');
  if (typeof bundle.publicKey !== 'string') fail('the bundle holds no public key');
  if (!Array.isArray(bundle.commits)) fail('the bundle holds no commits');
  for (const entry of bundle.commits!) {
    const commit = (entry as Partial<EvidenceBundle['commits'][number]>)?.commit;
    const wellFormed =
      typeof commit === 'object' &&
      commit !== null &&
      Number.isSafeInteger(commit.fromVersion) &&
      Number.isSafeInteger(commit.toVersion) &&
      Array.isArray(commit.events) &&
      isHash(commit.previousHash) &&
      isHash(commit.hash) &&
      (entry.leafIndex === undefined || Number.isSafeInteger(entry.leafIndex));
    if (!wellFormed) fail('a commit of the bundle lacks its versions, events or hashes');
  }
  return bundle as EvidenceBundle;
}
