import type { KeyObject } from 'node:crypto';
import { frontierNodes, leafHash, signCheckpoint, TreeFrontier, type SignedCheckpoint } from '#libs/ledger';
import { LruMap } from '#libs/platform';
import type { LedgerLog, LeafDocument, SealedCommit } from './ledger-log.js';
import type { CommitDocument } from './stored-event.js';

/** Commits this sealer remembers having sealed, so that a batch published again is not sealed again. */
const REMEMBERED_COMMITS = 5_000;

export interface SealerOptions {
  /** Names the log in every checkpoint. */
  origin: string;
  signingKey: KeyObject;
  /** A checkpoint is signed at most this often while leaves arrive. */
  checkpointEveryMs: number;
}

/**
 * Appends commit hashes, in the order given, as leaves of the RFC 9162 tree, and signs checkpoints. Whoever calls it
 * holds a lease, so one sealer is active at a time; should two ever race, the leaf index as `_id` refuses the second
 * one's leaves and it resumes from what is stored. A sealer resumes from the last checkpoint: the frontier there,
 * then the leaves written after it (their subtrees and commit records are written again, harmlessly).
 */
export class LedgerSealer {
  private frontier?: TreeFrontier;
  private readonly sealed = new LruMap<string, true>(REMEMBERED_COMMITS);
  /** After a resume, the first batch is checked against the stored commit records (it may be a republished one). */
  private checkStored = true;
  private signed?: { treeSize: number; at: number };

  constructor(
    private readonly log: LedgerLog,
    private readonly options: SealerOptions,
  ) {}

  get treeSize(): number | undefined {
    return this.frontier?.treeSize;
  }

  async seal(commits: readonly CommitDocument[]): Promise<number> {
    try {
      const frontier = this.frontier ?? (await this.resume());
      let fresh = commits.filter((commit) => !this.sealed.get(commit._id));
      if (this.checkStored) {
        const stored = await this.log.sealedCommits(fresh.map((commit) => commit._id));
        fresh = fresh.filter((commit) => !stored.has(commit._id));
      }
      const start = frontier.treeSize;
      const leaves: LeafDocument[] = fresh.map((commit, offset) => ({
        _id: start + offset,
        commitKey: commit._id,
        commitHash: commit.hash,
      }));
      await this.log.appendLeaves(leaves);
      await this.grow(frontier, leaves);
      this.checkStored = false;
      return leaves.length;
    } catch (error) {
      this.frontier = undefined;
      this.checkStored = true;
      throw error;
    }
  }

  /** Signs the tree as it is when it grew since the last checkpoint and the last one is old enough. */
  async checkpointIfDue(now: number): Promise<SignedCheckpoint | null> {
    const frontier = this.frontier ?? (await this.resume());
    const size = frontier.treeSize;
    if (
      size === 0 ||
      (this.signed && (this.signed.treeSize >= size || now - this.signed.at < this.options.checkpointEveryMs))
    ) {
      return null;
    }
    const checkpoint = signCheckpoint(
      {
        origin: this.options.origin,
        treeSize: size,
        rootHash: frontier.root().toString('hex'),
        time: new Date(now).toISOString(),
      },
      this.options.signingKey,
    );
    await this.log.addCheckpoint(checkpoint);
    this.signed = { treeSize: size, at: now };
    return checkpoint;
  }

  private async grow(frontier: TreeFrontier, leaves: LeafDocument[]): Promise<void> {
    const nodes = leaves.flatMap((leaf) => frontier.append(leafHash(Buffer.from(leaf.commitHash, 'hex'))));
    const sealed: SealedCommit[] = leaves.map((leaf) => ({
      _id: leaf.commitKey,
      leafIndex: leaf._id,
      commitHash: leaf.commitHash,
    }));
    await this.log.writeNodes(nodes, sealed);
    for (const leaf of leaves) this.sealed.set(leaf.commitKey, true);
  }

  private async resume(): Promise<TreeFrontier> {
    const checkpoint = await this.log.latestCheckpoint();
    const size = checkpoint?.treeSize ?? 0;
    const frontier =
      size === 0 ? TreeFrontier.empty() : TreeFrontier.at(size, await this.log.nodeSource(frontierNodes(size)));
    if (checkpoint && frontier.root().toString('hex') !== checkpoint.rootHash) {
      throw new Error(`the stored subtrees do not give the root of the checkpoint at tree size ${size}`);
    }
    const after: LeafDocument[] = [];
    for (let leaf = await this.log.leaf(size); leaf; leaf = await this.log.leaf(size + after.length)) after.push(leaf);
    await this.grow(frontier, after);
    this.signed = checkpoint ? { treeSize: size, at: Date.parse(checkpoint.time) } : undefined;
    this.frontier = frontier;
    return frontier;
  }
}
