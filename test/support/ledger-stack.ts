import { generateKeyPairSync } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from '@jest/globals';
import type { EvidenceBundle } from '#libs/ledger';
import { runCli } from './cli.js';
import { seedCase } from '../fixtures/seed-case.js';
import { api, eventually } from './http-client.js';
import { TEST_KEYS, type TestStack } from './test-stack.js';

const ROOT = join(import.meta.dirname, '..', '..');

/** A directory for this suite's key pairs and bundles. */
export function ledgerDir(suite: string): string {
  const dir = join(ROOT, '.local', 'test-logs', process.env.BREACHLINE_TEST_RUN ?? 'local', `${suite}-ledger`);
  mkdirSync(dir, { recursive: true });
  return dir;
}

/** An Ed25519 pair as PEM files: the relay signs with the first, the API serves the second. */
export function writeKeyPair(dir: string, name: string): { privateKeyFile: string; publicKeyFile: string } {
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  const privateKeyFile = join(dir, `${name}.key.pem`);
  const publicKeyFile = join(dir, `${name}.pub.pem`);
  writeFileSync(privateKeyFile, privateKey.export({ type: 'pkcs8', format: 'pem' }));
  writeFileSync(publicKeyFile, publicKey.export({ type: 'spki', format: 'pem' }));
  return { privateKeyFile, publicKeyFile };
}

export const ledgerEnv = (keys: { privateKeyFile: string; publicKeyFile: string }) => ({
  LEDGER_SIGNING_KEY_FILE: keys.privateKeyFile,
  LEDGER_PUBLIC_KEY_FILE: keys.publicKeyFile,
  LEDGER_CHECKPOINT_MS: '200',
});

/** A case notified to id-pdp, of `facts` + 4 commits; returns its id and last version. */
export async function newNotifiedCase(stack: TestStack, facts = 2): Promise<{ caseId: string; version: number }> {
  const post = async (path: string, body: unknown) => {
    const answer = await api(stack.apiUrl, 'POST', path, { key: TEST_KEYS.investigator, body });
    if (answer.status >= 300) throw new Error(`POST ${path} → ${answer.status}: ${JSON.stringify(answer.body)}`);
    return answer.body;
  };
  const { caseId } = await post('/v1/cases', seedCase.report);
  await post(`/v1/cases/${caseId}/assignments`, { investigator: 'Ana Putri', assignedAt: '2021-05-20T04:00:00Z' });
  await post(`/v1/cases/${caseId}/sample-verifications`, seedCase.sampleVerification);
  for (let i = 0; i < facts; i++) {
    await post(`/v1/cases/${caseId}/source-traces`, { ...seedCase.sourceTrace, summary: `Trace step ${i}` });
  }
  const { version } = await post(`/v1/cases/${caseId}/regulator-notifications`, seedCase.regulatorNotification);
  return { caseId, version };
}

/** The case's bundle once every commit of it is in a checkpoint. */
export async function sealedEvidence(stack: TestStack, caseId: string, query = ''): Promise<EvidenceBundle> {
  const answer = await eventually(
    () =>
      api<EvidenceBundle>(stack.apiUrl, 'GET', `/v1/cases/${caseId}/evidence${query}`, { key: TEST_KEYS.investigator }),
    (r) => r.status === 200 && r.body.commits.every((entry) => entry.leafIndex !== undefined),
  );
  expect(answer.status).toBe(200);
  expect(answer.body.commits.every((entry) => entry.leafIndex !== undefined)).toBe(true);
  return answer.body;
}

/** `npm run cli -- verify` on a bundle written to `dir`. */
export async function verifyFile(stack: TestStack, dir: string, name: string, bundle: unknown, ...args: string[]) {
  const file = join(dir, `${name}.json`);
  writeFileSync(file, JSON.stringify(bundle));
  return runCli(stack.env, 'verify', file, ...args);
}

export function writeJson(dir: string, name: string, value: unknown): string {
  const file = join(dir, `${name}.json`);
  writeFileSync(file, JSON.stringify(value));
  return file;
}
