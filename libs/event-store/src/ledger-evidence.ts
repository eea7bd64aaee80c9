import { commitContent, EVIDENCE_FORMAT, type EvidenceBundle, type SignedCheckpoint } from '#libs/ledger';
import type { LedgerLog } from './ledger-log.js';
import type { CommitDocument } from './stored-event.js';

/**
 * A case's evidence: its commits exactly as stored (hashed fields and hashes; no idempotency bookkeeping), each
 * sealed one with its audit path in `checkpoint`'s tree, and with `since` a consistency proof from that size.
 */
export async function buildEvidenceBundle(
  log: LedgerLog,
  caseId: string,
  commits: readonly CommitDocument[],
  { checkpoint, publicKey, since }: { checkpoint: SignedCheckpoint; publicKey: string; since?: number },
): Promise<EvidenceBundle> {
  const sealed = await log.sealedCommits(commits.map((commit) => commit._id));
  const entries = await Promise.all(
    commits.map(async (commit) => {
      const chained = { ...commitContent(commit), previousHash: commit.previousHash, hash: commit.hash };
      const leaf = sealed.get(commit._id);
      if (!leaf || leaf.leafIndex >= checkpoint.treeSize) return { commit: chained };
      return {
        commit: chained,
        leafIndex: leaf.leafIndex,
        inclusionProof: await log.inclusionProof(leaf.leafIndex, checkpoint.treeSize),
      };
    }),
  );
  return {
    format: EVIDENCE_FORMAT,
    caseId,
    checkpoint,
    publicKey,
    commits: entries,
    ...(since !== undefined && {
      consistency: { fromSize: since, proof: await log.consistencyProof(since, checkpoint.treeSize) },
    }),
  };
}
