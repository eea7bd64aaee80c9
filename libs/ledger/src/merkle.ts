import { createHash } from 'node:crypto';

/** RFC 9162 §2.1 Merkle tree hashing (SHA-256), over hashes given as bytes. */

export const EMPTY_ROOT = createHash('sha256').digest();

export const leafHash = (leaf: Uint8Array): Buffer =>
  createHash('sha256').update(Buffer.of(0x00)).update(leaf).digest();

export const nodeHash = (left: Uint8Array, right: Uint8Array): Buffer =>
  createHash('sha256').update(Buffer.of(0x01)).update(left).update(right).digest();

/** A complete subtree: leaves [index·2^level, (index+1)·2^level); level 0 is a leaf hash. */
export interface NodeId {
  level: number;
  index: number;
}

/** The hash of a stored complete subtree. */
export type NodeSource = (node: NodeId) => Buffer;

/** The largest power of two smaller than n (n > 1). */
function splitPoint(n: number): number {
  let k = 1;
  while (k * 2 < n) k *= 2;
  return k;
}

const isPowerOfTwo = (n: number): boolean => n > 0 && (n & (n - 1)) === 0;

/**
 * MTH(D[start:end]) from complete subtrees. Every range the RFC's recursions ask for starts at a multiple of the
 * power of two it splits at, so its left parts are stored complete subtrees.
 */
export function rangeHash(start: number, end: number, node: NodeSource): Buffer {
  const size = end - start;
  if (size === 0) return EMPTY_ROOT;
  if (isPowerOfTwo(size) && start % size === 0) return node({ level: Math.log2(size), index: start / size });
  const k = splitPoint(size);
  return nodeHash(rangeHash(start, start + k, node), rangeHash(start + k, end, node));
}

export const treeHash = (size: number, node: NodeSource): Buffer => rangeHash(0, size, node);

/** PATH(m, D[n]) of RFC 9162 §2.1.3.1: the audit path of leaf `index` in the tree of `size` leaves. */
export function inclusionProof(index: number, size: number, node: NodeSource): Buffer[] {
  if (index < 0 || index >= size) throw new RangeError(`leaf ${index} is not in a tree of ${size}`);
  const path = (m: number, start: number, end: number): Buffer[] => {
    if (end - start === 1) return [];
    const k = splitPoint(end - start);
    return m < k
      ? [...path(m, start, start + k), rangeHash(start + k, end, node)]
      : [...path(m - k, start + k, end), rangeHash(start, start + k, node)];
  };
  return path(index, 0, size);
}

/** PROOF(m, D[n]) of RFC 9162 §2.1.4.1: that the tree of `fromSize` leaves is a prefix of the one of `toSize`. */
export function consistencyProof(fromSize: number, toSize: number, node: NodeSource): Buffer[] {
  if (fromSize < 0 || fromSize > toSize) throw new RangeError(`no consistency proof from ${fromSize} to ${toSize}`);
  if (fromSize === 0 || fromSize === toSize) return [];
  const subproof = (m: number, start: number, end: number, complete: boolean): Buffer[] => {
    if (m === end - start) return complete ? [] : [rangeHash(start, end, node)];
    const k = splitPoint(end - start);
    return m <= k
      ? [...subproof(m, start, start + k, complete), rangeHash(start + k, end, node)]
      : [...subproof(m - k, start + k, end, false), rangeHash(start, start + k, node)];
  };
  return subproof(fromSize, 0, toSize, true);
}

/** The stored subtrees a computation reads, so that they can be fetched before it runs. */
export function nodesRead(compute: (node: NodeSource) => unknown): NodeId[] {
  const read = new Map<string, NodeId>();
  compute((node) => {
    read.set(`${node.level}:${node.index}`, node);
    return EMPTY_ROOT;
  });
  return [...read.values()];
}

/** RFC 9162 §2.1.3.2: whether `path` proves the leaf with hash `leaf` at `index` in the tree of `size` with `root`. */
export function verifyInclusion(index: number, size: number, leaf: Buffer, path: Buffer[], root: Buffer): boolean {
  if (index < 0 || index >= size || leaf.length !== 32 || root.length !== 32) return false;
  let fn = index;
  let sn = size - 1;
  let r = leaf;
  for (const p of path) {
    if (sn === 0) return false;
    if (fn % 2 === 1 || fn === sn) {
      r = nodeHash(p, r);
      while (fn % 2 === 0 && fn !== 0) {
        fn = Math.floor(fn / 2);
        sn = Math.floor(sn / 2);
      }
    } else {
      r = nodeHash(r, p);
    }
    fn = Math.floor(fn / 2);
    sn = Math.floor(sn / 2);
  }
  return sn === 0 && r.equals(root);
}

/** RFC 9162 §2.1.4.2: whether `proof` shows the tree (`fromSize`, `fromRoot`) is a prefix of (`toSize`, `toRoot`). */
export function verifyConsistency(
  fromSize: number,
  toSize: number,
  fromRoot: Buffer,
  toRoot: Buffer,
  proof: Buffer[],
): boolean {
  // A proof from the empty tree says nothing, so it is never accepted (as in transparency-dev/merkle).
  if (fromSize <= 0 || fromSize > toSize) return false;
  if (fromSize === toSize) return proof.length === 0 && fromRoot.equals(toRoot);
  if (proof.length === 0 || fromRoot.length !== 32 || toRoot.length !== 32) return false;
  const path = isPowerOfTwo(fromSize) ? [fromRoot, ...proof] : proof;
  let fn = fromSize - 1;
  let sn = toSize - 1;
  while (fn % 2 === 1) {
    fn = Math.floor(fn / 2);
    sn = Math.floor(sn / 2);
  }
  let fr = path[0];
  let sr = path[0];
  for (const c of path.slice(1)) {
    if (sn === 0) return false;
    if (fn % 2 === 1 || fn === sn) {
      fr = nodeHash(c, fr);
      sr = nodeHash(c, sr);
      while (fn % 2 === 0 && fn !== 0) {
        fn = Math.floor(fn / 2);
        sn = Math.floor(sn / 2);
      }
    } else {
      sr = nodeHash(sr, c);
    }
    fn = Math.floor(fn / 2);
    sn = Math.floor(sn / 2);
  }
  return sn === 0 && fr.equals(fromRoot) && sr.equals(toRoot);
}

/**
 * The right edge of a growing tree: one complete subtree per set bit of its size. Appending a leaf yields the
 * subtrees it completes, so a sealer stores each node once and never reads the tree back to grow it.
 */
export class TreeFrontier {
  private constructor(
    private size: number,
    private readonly edge: (Buffer | undefined)[],
  ) {}

  static empty(): TreeFrontier {
    return new TreeFrontier(0, []);
  }

  /** The frontier of the tree of `size` leaves, from its stored subtrees (see `frontierNodes`). */
  static at(size: number, node: NodeSource): TreeFrontier {
    const edge: Buffer[] = [];
    for (const id of frontierNodes(size)) edge[id.level] = node(id);
    return new TreeFrontier(size, edge);
  }

  get treeSize(): number {
    return this.size;
  }

  /** Adds a leaf hash; returns every subtree it completes, the leaf itself first. */
  append(leaf: Buffer): { node: NodeId; hash: Buffer }[] {
    const completed = [{ node: { level: 0, index: this.size }, hash: leaf }];
    let hash = leaf;
    let level = 0;
    let index = this.size;
    while (index % 2 === 1) {
      hash = nodeHash(this.edge[level]!, hash);
      this.edge[level] = undefined;
      level++;
      index = Math.floor(index / 2);
      completed.push({ node: { level, index }, hash });
    }
    this.edge[level] = hash;
    this.size++;
    return completed;
  }

  root(): Buffer {
    let root: Buffer | undefined;
    this.edge.forEach((hash) => {
      if (hash) root = root ? nodeHash(hash, root) : hash;
    });
    return root ?? EMPTY_ROOT;
  }
}

/** The complete subtrees along the right edge of a tree of `size` leaves, largest first. */
export function frontierNodes(size: number): NodeId[] {
  const nodes: NodeId[] = [];
  let start = 0;
  for (let level = Math.floor(Math.log2(Math.max(size, 1))); level >= 0; level--) {
    const width = 2 ** level;
    if (size - start >= width) {
      nodes.push({ level, index: start / width });
      start += width;
    }
  }
  return nodes;
}
