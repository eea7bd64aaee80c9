import type { KafkaMessage } from 'kafkajs';
import type { SignedCheckpoint } from '#libs/ledger';

/** On the ledger-checkpoints topic: one signed checkpoint and the regulators whose notifications it newly covers. */
export interface LedgerCheckpointMessage {
  checkpoint: SignedCheckpoint;
  regulatorIds: string[];
}

export function fromLedgerCheckpointMessage(message: KafkaMessage): LedgerCheckpointMessage {
  const parsed = JSON.parse(message.value?.toString() ?? '') as Partial<LedgerCheckpointMessage>;
  const { checkpoint, regulatorIds } = parsed;
  if (
    !checkpoint ||
    typeof checkpoint.origin !== 'string' ||
    !Number.isInteger(checkpoint.treeSize) ||
    typeof checkpoint.rootHash !== 'string' ||
    typeof checkpoint.time !== 'string' ||
    typeof checkpoint.signature !== 'string' ||
    !Array.isArray(regulatorIds) ||
    !regulatorIds.every((id) => typeof id === 'string')
  ) {
    throw new Error('not a ledger checkpoint message');
  }
  return { checkpoint, regulatorIds };
}
