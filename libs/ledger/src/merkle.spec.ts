import { describe, expect, it } from '@jest/globals';
import { readFileSync } from 'node:fs';
import {
  consistencyProof,
  inclusionProof,
  leafHash,
  nodeHash,
  TreeFrontier,
  treeHash,
  verifyConsistency,
  verifyInclusion,
  type NodeSource,
} from './merkle.js';

interface InclusionVector {
  leafIdx: number;
  treeSize: number;
  root: string | null;
  leafHash: string | null;
  proof: string[] | null;
  desc: string;
  wantErr: boolean;
  file: string;
}
interface ConsistencyVector {
  size1: number;
  size2: number;
  root1: string | null;
  root2: string | null;
  proof: string[] | null;
  desc: string;
  wantErr: boolean;
  file: string;
}
const vectors = JSON.parse(readFileSync(new URL('./testdata/merkle-vectors.json', import.meta.url), 'utf8')) as {
  leafInputsHex: string[];
  rootsHex: string[];
  inclusion: InclusionVector[];
  consistency: ConsistencyVector[];
};
const b64 = (value: string | null) => Buffer.from(value ?? '', 'base64');
const hex = (value: string) => Buffer.from(value, 'hex');

/** Every complete subtree of a tree held in memory. */
function memoryTree(leaves: Buffer[]): NodeSource {
  return ({ level, index }) => {
    const width = 2 ** level;
    let hashes = leaves.slice(index * width, (index + 1) * width);
    if (hashes.length !== width) throw new RangeError(`no complete subtree ${level}:${index}`);
    while (hashes.length > 1)
      hashes = hashes.flatMap((hash, i) => (i % 2 === 0 ? [nodeHash(hash, hashes[i + 1])] : []));
    return hashes[0];
  };
}

const leaves = vectors.leafInputsHex.map((input) => leafHash(hex(input)));

describe('RFC 9162 Merkle tree', () => {
  it('hashes a leaf and a node as the RFC says', () => {
    expect(leafHash(Buffer.from('L123456')).toString('hex')).toBe(
      '395aa064aa4c29f7010acfe3f25db9485bbd4b91897b6ad7ad547639252b4d56',
    );
    expect(nodeHash(Buffer.from('N123'), Buffer.from('N456')).toString('hex')).toBe(
      'aa217fe888e47007fa15edab33c2b492a722cb106c64667fc2b044444de66bbb',
    );
  });

  it('computes the published root of every prefix of the reference tree, stored or grown leaf by leaf', () => {
    const frontier = TreeFrontier.empty();
    vectors.rootsHex.forEach((root, size) => {
      expect(treeHash(size, memoryTree(leaves)).toString('hex')).toBe(root);
      expect(frontier.root().toString('hex')).toBe(root);
      expect(TreeFrontier.at(size, memoryTree(leaves)).root().toString('hex')).toBe(root);
      if (size < leaves.length) frontier.append(leaves[size]);
    });
  });

  it('accepts and rejects every published inclusion vector', () => {
    for (const vector of vectors.inclusion) {
      const valid = verifyInclusion(
        vector.leafIdx,
        vector.treeSize,
        b64(vector.leafHash),
        (vector.proof ?? []).map(b64),
        b64(vector.root),
      );
      expect({ file: vector.file, valid }).toEqual({ file: vector.file, valid: !vector.wantErr });
    }
  });

  it('accepts and rejects every published consistency vector', () => {
    for (const vector of vectors.consistency) {
      const valid = verifyConsistency(
        vector.size1,
        vector.size2,
        b64(vector.root1),
        b64(vector.root2),
        (vector.proof ?? []).map(b64),
      );
      expect({ file: vector.file, valid }).toEqual({ file: vector.file, valid: !vector.wantErr });
    }
  });

  it('produces the published happy-path proofs', () => {
    const tree = memoryTree(leaves);
    for (const vector of vectors.inclusion.filter((v) => v.desc === 'happy path' && v.treeSize <= leaves.length)) {
      expect(inclusionProof(vector.leafIdx, vector.treeSize, tree).map((p) => p.toString('base64'))).toEqual(
        vector.proof ?? [],
      );
    }
    for (const vector of vectors.consistency.filter((v) => v.desc === 'happy path' && v.size2 <= leaves.length)) {
      expect(consistencyProof(vector.size1, vector.size2, tree).map((p) => p.toString('base64'))).toEqual(
        vector.proof ?? [],
      );
    }
  });

  it('proves and verifies every leaf and every pair of sizes of a larger tree', () => {
    const many = Array.from({ length: 37 }, (_, i) => leafHash(Buffer.from(`leaf ${i}`)));
    const tree = memoryTree(many);
    for (let size = 1; size <= many.length; size++) {
      const root = treeHash(size, tree);
      for (let index = 0; index < size; index++) {
        expect(verifyInclusion(index, size, many[index], inclusionProof(index, size, tree), root)).toBe(true);
      }
      for (let from = 1; from <= size; from++) {
        const proof = consistencyProof(from, size, tree);
        expect(verifyConsistency(from, size, treeHash(from, tree), root, proof)).toBe(true);
        if (from > 0 && from < size) {
          expect(verifyConsistency(from, size, nodeHash(root, root), root, proof)).toBe(false);
        }
      }
    }
  });
});
