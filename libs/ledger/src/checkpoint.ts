import { createPublicKey, sign, verify, type KeyObject } from 'node:crypto';

/** A tree head: which log, how many leaves, their RFC 9162 root, and when it was signed. */
export interface Checkpoint {
  origin: string;
  treeSize: number;
  /** Lowercase hex. */
  rootHash: string;
  /** ISO 8601, UTC. */
  time: string;
}

export interface SignedCheckpoint extends Checkpoint {
  /** Ed25519 over `checkpointNote`, base64. */
  signature: string;
}

/** The signed text, one field a line (in the spirit of C2SP tlog-checkpoint, with the time as an extension line). */
export const checkpointNote = ({ origin, treeSize, rootHash, time }: Checkpoint): string =>
  `${origin}\n${treeSize}\n${Buffer.from(rootHash, 'hex').toString('base64')}\n${time}\n`;

export function signCheckpoint(checkpoint: Checkpoint, privateKey: KeyObject): SignedCheckpoint {
  const { origin, treeSize, rootHash, time } = checkpoint;
  const signature = sign(null, Buffer.from(checkpointNote(checkpoint)), privateKey).toString('base64');
  return { origin, treeSize, rootHash, time, signature };
}

export function checkpointSignatureValid(checkpoint: SignedCheckpoint, publicKey: KeyObject | string): boolean {
  const key = typeof publicKey === 'string' ? createPublicKey(publicKey) : publicKey;
  if (key.asymmetricKeyType !== 'ed25519') return false;
  try {
    return verify(null, Buffer.from(checkpointNote(checkpoint)), key, Buffer.from(checkpoint.signature, 'base64'));
  } catch {
    return false;
  }
}
