import { readFileSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import type { Command } from 'commander';
import { buildEvidenceBundle, EventStore, LedgerLog } from '#libs/event-store';
import { readOlderView, verifyEvidence } from '#libs/ledger';
import { withContext } from '../cli-context.js';

const readJson = (file: string, what: string): unknown => {
  try {
    return JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new Error(`${what} ${file} is not readable JSON: ${(error as Error).message}`);
  }
};

/** `cases evidence` (reads the database) and `verify` (reads nothing but its files). */
export function registerLedgerCommands(program: Command, cases: Command): void {
  cases
    .command('evidence')
    .description("write a case's evidence bundle (its commits, inclusion proofs and the latest signed checkpoint)")
    .argument('<caseId>')
    .requiredOption('--out <file>', 'where to write the bundle (JSON)')
    .option('--since <checkpoint>', 'an older checkpoint (or bundle) you kept: adds the proof that the log only grew')
    .option('--public-key <pem>', "the log's public key to embed (default LEDGER_PUBLIC_KEY_FILE)")
    .action(async (caseId: string, options: { out: string; since?: string; publicKey?: string }) =>
      withContext(async ({ db }) => {
        const keyFile = options.publicKey ?? process.env.LEDGER_PUBLIC_KEY_FILE;
        if (!keyFile) throw new Error('give --public-key or set LEDGER_PUBLIC_KEY_FILE');
        const since = options.since === undefined ? undefined : readOlderView(readJson(options.since, '--since'));
        if (since === null) throw new Error(`--since ${options.since} holds no checkpoint`);
        const commits = await new EventStore(db).readCommits(caseId.toLowerCase());
        if (commits.length === 0) throw new Error(`case ${caseId} not found`);
        const log = new LedgerLog(db);
        const checkpoint = await log.latestCheckpoint();
        if (!checkpoint)
          throw new Error('no checkpoint has been signed yet (is the relay running with a signing key?)');
        const bundle = await buildEvidenceBundle(log, caseId.toLowerCase(), commits, {
          checkpoint,
          publicKey: readFileSync(keyFile, 'utf8'),
          since: since && since.checkpoint.treeSize < checkpoint.treeSize ? since.checkpoint.treeSize : undefined,
        });
        await writeFile(options.out, `${JSON.stringify(bundle, null, 2)}\n`);
        console.log(`wrote ${options.out}: ${commits.length} commits, checkpoint of tree size ${checkpoint.treeSize}`);
      }),
    );

  program
    .command('verify')
    .description(
      'check an evidence bundle offline: hashes, chain, inclusion proofs, signature, and growth since --checkpoint',
    )
    .argument('<file>')
    .option('--public-key <pem>', "the log's public key as you know it (default: the bundle's own, unpinned)")
    .option('--checkpoint <file>', 'an older checkpoint or bundle you kept')
    .action((file: string, options: { publicKey?: string; checkpoint?: string }) => {
      const result = verifyEvidence(readJson(file, 'bundle'), {
        publicKey: options.publicKey && readFileSync(options.publicKey, 'utf8'),
        older: options.checkpoint && readJson(options.checkpoint, '--checkpoint'),
      });
      if (result.ok) {
        for (const line of result.verified) console.log(`verified: ${line}`);
        return;
      }
      const { caseId, version, reason, detail } = result.failure;
      const where = [caseId && `case ${caseId}`, version !== undefined && `version ${version}`]
        .filter(Boolean)
        .join(' ');
      console.error(`NOT VERIFIED${where ? ` (${where})` : ''}: ${reason}: ${detail}`);
      process.exitCode = 2;
    });
}
