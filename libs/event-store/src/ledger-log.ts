import type { Collection, Db } from 'mongodb';
import {
  consistencyProof,
  inclusionProof,
  nodesRead,
  type NodeId,
  type NodeSource,
  type SignedCheckpoint,
} from '#libs/ledger';
import { ensureIndexes, insertEach } from '#libs/platform';
import { isDuplicateKeyError } from './event-store-errors.js';

export const LEDGER_LEAVES_COLLECTION = 'ledger_leaves';
export const LEDGER_NODES_COLLECTION = 'ledger_nodes';
export const LEDGER_SEALED_COLLECTION = 'ledger_sealed_commits';
export const LEDGER_CHECKPOINTS_COLLECTION = 'ledger_checkpoints';

/** Leaf `_id` is its index: two sealers can never write two leaves at one index. */
export interface LeafDocument {
  _id: number;
  commitKey: string;
  commitHash: string;
}

/** A complete subtree, `_id` "level:index"; level 0 holds the leaf hashes. Deterministic, so written at most once. */
interface NodeDocument {
  _id: string;
  hash: string;
}

/** Where a commit was sealed, by its commit key, so that the evidence of a case is found by `_id` lookups. */
export interface SealedCommit {
  _id: string;
  leafIndex: number;
  commitHash: string;
}

type CheckpointDocument = SignedCheckpoint & { _id: number };

const nodeKey = ({ level, index }: NodeId) => `${level}:${index}`;

/**
 * The transparency log in MongoDB: leaves, the complete subtrees above them, where each commit went, and the signed
 * checkpoints. All append-only by unique inserts; proofs read O(log n) subtrees by `_id`, never the whole tree.
 */
export class LedgerLog {
  private readonly leaves: Collection<LeafDocument>;
  private readonly nodes: Collection<NodeDocument>;
  private readonly sealed: Collection<SealedCommit>;
  private readonly checkpoints: Collection<CheckpointDocument>;

  constructor(db: Db) {
    this.leaves = db.collection<LeafDocument>(LEDGER_LEAVES_COLLECTION);
    this.nodes = db.collection<NodeDocument>(LEDGER_NODES_COLLECTION);
    this.sealed = db.collection<SealedCommit>(LEDGER_SEALED_COLLECTION);
    this.checkpoints = db.collection<CheckpointDocument>(LEDGER_CHECKPOINTS_COLLECTION);
  }

  async ensureIndexes(): Promise<void> {
    // A commit becomes at most one leaf, even if a sealer that crashed after writing it seals it again.
    await ensureIndexes(this.leaves, [{ key: { commitKey: 1 }, options: { name: 'commit_key', unique: true } }]);
  }

  /** Ordered: a leaf refused (its index or commit taken) stops the batch there, so leaves never leave a hole. */
  async appendLeaves(leaves: LeafDocument[]): Promise<void> {
    if (leaves.length > 0) await this.leaves.insertMany(leaves, { ordered: true });
  }

  leaf(index: number): Promise<LeafDocument | null> {
    return this.leaves.findOne({ _id: index });
  }

  async writeNodes(nodes: { node: NodeId; hash: Buffer }[], sealed: SealedCommit[]): Promise<void> {
    const outcomes = await Promise.all([
      insertEach(
        this.nodes,
        nodes.map(({ node, hash }) => ({ _id: nodeKey(node), hash: hash.toString('hex') })),
      ),
      insertEach(this.sealed, sealed),
    ]);
    const failure = outcomes.flat().find((error) => error && !isDuplicateKeyError(error));
    if (failure) throw failure;
  }

  /** The stored subtrees asked for, by `_id`. */
  async nodeSource(ids: NodeId[]): Promise<NodeSource> {
    const found = await Promise.all(ids.map((id) => this.nodes.findOne({ _id: nodeKey(id) })));
    const hashes = new Map(found.flatMap((node) => (node ? [[node._id, Buffer.from(node.hash, 'hex')]] : [])));
    return (id) => {
      const hash = hashes.get(nodeKey(id));
      if (!hash) throw new Error(`the log has no subtree ${nodeKey(id)}`);
      return hash;
    };
  }

  async sealedCommits(commitKeys: readonly string[]): Promise<Map<string, SealedCommit>> {
    const found = await Promise.all(commitKeys.map((_id) => this.sealed.findOne({ _id })));
    return new Map(found.flatMap((sealed) => (sealed ? [[sealed._id, sealed]] : [])));
  }

  async inclusionProof(index: number, treeSize: number): Promise<string[]> {
    const source = await this.nodeSource(nodesRead((node) => inclusionProof(index, treeSize, node)));
    return inclusionProof(index, treeSize, source).map((hash) => hash.toString('hex'));
  }

  async consistencyProof(fromSize: number, toSize: number): Promise<string[]> {
    const source = await this.nodeSource(nodesRead((node) => consistencyProof(fromSize, toSize, node)));
    return consistencyProof(fromSize, toSize, source).map((hash) => hash.toString('hex'));
  }

  /** Signed once per tree size; a second signing of the same size (a sealer resuming) keeps the first. */
  async addCheckpoint(checkpoint: SignedCheckpoint): Promise<void> {
    try {
      await this.checkpoints.insertOne({ _id: checkpoint.treeSize, ...checkpoint });
    } catch (error) {
      if (!isDuplicateKeyError(error)) throw error;
    }
  }

  async latestCheckpoint(): Promise<SignedCheckpoint | null> {
    const latest = await this.checkpoints.find().sort({ _id: -1 }).limit(1).next();
    return latest && withoutId(latest);
  }

  async checkpointAt(treeSize: number): Promise<SignedCheckpoint | null> {
    const found = await this.checkpoints.findOne({ _id: treeSize });
    return found && withoutId(found);
  }
}

function withoutId({ origin, treeSize, rootHash, time, signature }: CheckpointDocument): SignedCheckpoint {
  return { origin, treeSize, rootHash, time, signature };
}
