import type { OperationExamples } from './operation-examples.js';

const checkpoint = {
  origin: 'breachline.local/ledger',
  treeSize: 1042,
  rootHash: '5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328',
  time: '2021-05-22T12:00:02.000Z',
  signature: 'q0ZtY2FyZWZ1bGx5LWZvcmdlZC1zaWduYXR1cmUtZXhhbXBsZS1vbmx5LW5vdC1yZWFsLXNpZ25hdHVyZQ==',
};
const noActive = { 503: { description: 'No checkpoint has been signed yet; retry in a few seconds.' } };
const hash = (digit: string) => digit.repeat(64);

/** Examples of the ledger routes (shapes only: the hashes and signature are not of a real log). */
export const ledgerExamples: Record<string, OperationExamples> = {
  checkpoint: { response: checkpoint, otherResponses: noActive },
  publicKey: {
    response:
      '-----BEGIN PUBLIC KEY-----\nMCowBQYDK2VwAyEAGb9ECWmEzf6FQbrBZ9w7lshQhqowtrbLDFw4rXAxZuE=\n-----END PUBLIC KEY-----\n',
    mediaType: 'application/x-pem-file',
  },
  consistency: {
    response: { fromSize: 1000, toSize: 1042, proof: [hash('a'), hash('b'), hash('c')] },
    otherResponses: noActive,
  },
  evidence: {
    response: {
      format: 'breachline/evidence/v1',
      caseId: '3f1c9a52-8d7e-4b6a-9c1d-2e5f7a8b9c0d',
      checkpoint,
      publicKey: '-----BEGIN PUBLIC KEY-----\n…\n-----END PUBLIC KEY-----\n',
      commits: [
        {
          commit: {
            commitId: '0b6f0c1e-1d2a-4c3b-8e4f-5a6b7c8d9e0f',
            streamId: '3f1c9a52-8d7e-4b6a-9c1d-2e5f7a8b9c0d',
            fromVersion: 1,
            toVersion: 1,
            recordedAt: '2021-05-20T03:05:00.000Z',
            events: [{ type: 'ReportReceived', version: 1, payload: {} }],
            previousHash: hash('1'),
            hash: hash('2'),
          },
          leafIndex: 17,
          inclusionProof: [hash('d'), hash('e')],
        },
      ],
    },
    otherResponses: noActive,
  },
};
