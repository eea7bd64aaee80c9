import type { SignedCheckpoint } from './checkpoint.js';
import type { ChainedCommit } from './commit-chain.js';

export const EVIDENCE_FORMAT = 'breachline/evidence/v1';

/** One commit exactly as stored (its hashed fields and hashes), with where the log holds it. */
export interface EvidenceCommit {
  commit: ChainedCommit;
  /** Absent for a commit sealed after the bundle's checkpoint. */
  leafIndex?: number;
  /** RFC 9162 audit path of `leafIndex` in the checkpoint's tree, lowercase hex. */
  inclusionProof?: string[];
}

/** A case's whole history, with everything needed to check it offline. */
export interface EvidenceBundle {
  format: typeof EVIDENCE_FORMAT;
  caseId: string;
  checkpoint: SignedCheckpoint;
  /** The log's Ed25519 public key (SPKI PEM); a verifier should pin its own copy instead. */
  publicKey: string;
  commits: EvidenceCommit[];
  /** RFC 9162 consistency proof from an older tree size (asked for with `since`) to the checkpoint's. */
  consistency?: { fromSize: number; proof: string[] };
}

/** A case's last sealed commit as a witness saw it. */
export interface CaseHead {
  caseId: string;
  version: number;
  hash: string;
  leafIndex: number;
}

/** What an older copy says: a checkpoint and, when it tells, the heads of cases as they were then. */
export interface OlderView {
  checkpoint: SignedCheckpoint;
  heads: CaseHead[];
}

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null;

export function isSignedCheckpoint(value: unknown): value is SignedCheckpoint {
  return (
    isObject(value) &&
    typeof value.origin === 'string' &&
    Number.isSafeInteger(value.treeSize) &&
    typeof value.rootHash === 'string' &&
    /^[0-9a-f]{64}$/.test(value.rootHash) &&
    typeof value.time === 'string' &&
    typeof value.signature === 'string'
  );
}

/** Reads an older copy in the forms a regulator keeps: a bare signed checkpoint or an earlier evidence bundle. */
export function readOlderView(value: unknown): OlderView | null {
  if (isSignedCheckpoint(value)) return { checkpoint: value, heads: [] };
  if (!isObject(value)) return null;
  if (value.format === EVIDENCE_FORMAT && isSignedCheckpoint(value.checkpoint) && Array.isArray(value.commits)) {
    const bundle = value as unknown as EvidenceBundle;
    const sealed = bundle.commits.filter((entry) => entry.leafIndex !== undefined);
    const last = sealed[sealed.length - 1];
    const heads = last
      ? [{ caseId: bundle.caseId, version: last.commit.toVersion, hash: last.commit.hash, leafIndex: last.leafIndex! }]
      : [];
    return { checkpoint: bundle.checkpoint, heads };
  }
  return null;
}
