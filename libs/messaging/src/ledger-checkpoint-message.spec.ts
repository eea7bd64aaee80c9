import { describe, expect, it } from '@jest/globals';
import type { KafkaMessage } from 'kafkajs';
import { fromLedgerCheckpointMessage } from './ledger-checkpoint-message.js';

const checkpoint = {
  origin: 'breachline.test/ledger',
  treeSize: 7,
  rootHash: 'ab'.repeat(32),
  time: '2026-01-01T00:00:00.000Z',
  signature: 'c2ln',
};
const message = (value: unknown) => ({ value: Buffer.from(JSON.stringify(value)) }) as unknown as KafkaMessage;

describe('ledger checkpoint messages', () => {
  it('given an announcement as the relay sends it, when read, then it gives the checkpoint and its witnesses', () => {
    expect(fromLedgerCheckpointMessage(message({ checkpoint, regulatorIds: ['id-pdp'] }))).toEqual({
      checkpoint,
      regulatorIds: ['id-pdp'],
    });
  });

  it('given a message without witnesses or with a tree size that is not an integer, when read, then it is refused', () => {
    expect(() => fromLedgerCheckpointMessage(message({ checkpoint }))).toThrow('not a ledger checkpoint message');
    expect(() =>
      fromLedgerCheckpointMessage(message({ checkpoint: { ...checkpoint, treeSize: '7' }, regulatorIds: [] })),
    ).toThrow('not a ledger checkpoint message');
  });
});
