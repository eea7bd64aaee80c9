import { createHash } from 'node:crypto';
import { canonicalJson } from './canonical-json.js';

const COMMIT_PREFIX = 'breachline/commit/v1\n';
const GENESIS_PREFIX = 'breachline/genesis/v1\n';

/**
 * What a commit's hash covers: everything stored about what happened, nothing that is retry bookkeeping (the
 * idempotency key and request fingerprint stay out, so a bundle never carries a caller's key names).
 */
export interface ChainedCommit {
  commitId: string;
  streamId: string;
  fromVersion: number;
  toVersion: number;
  recordedAt: string;
  events: unknown[];
  previousHash: string;
  hash: string;
}

export type CommitContent = Omit<ChainedCommit, 'previousHash' | 'hash'>;

const sha256Hex = (text: string): string => createHash('sha256').update(text, 'utf8').digest('hex');

/** The previous hash of a case's first commit: bound to the case, so a first commit cannot open another case. */
export const genesisHash = (caseId: string): string => sha256Hex(GENESIS_PREFIX + caseId);

/** Exactly the hashed fields of a stored commit (a stored document carries more). */
export function commitContent(commit: CommitContent): CommitContent {
  const { commitId, streamId, fromVersion, toVersion, recordedAt, events } = commit;
  return { commitId, streamId, fromVersion, toVersion, recordedAt, events };
}

/** SHA-256 over the domain prefix, the previous hash and the canonical JSON of the content, lowercase hex. */
export const commitHash = (previousHash: string, content: CommitContent): string =>
  sha256Hex(`${COMMIT_PREFIX}${previousHash}\n${canonicalJson(commitContent(content))}`);
