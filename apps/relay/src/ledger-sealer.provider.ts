import { createPrivateKey } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { Provider } from '@nestjs/common';
import { Db } from 'mongodb';
import { LedgerLog, LedgerSealer } from '#libs/event-store';
import { Environment, LOGGER, type Logger } from '#libs/platform';

export const LEDGER_SEALER = Symbol('LEDGER_SEALER');

/** The relay seals what it publishes when it has a signing key; without one it says so and seals nothing. */
export const ledgerSealerProvider: Provider = {
  provide: LEDGER_SEALER,
  inject: [Db, Environment, LOGGER],
  useFactory: async (db: Db, environment: Environment, logger: Logger): Promise<LedgerSealer | null> => {
    if (!environment.LEDGER_SIGNING_KEY_FILE) {
      logger.warn('LEDGER_SIGNING_KEY_FILE is not set: commits are published but not sealed into the ledger');
      return null;
    }
    const signingKey = createPrivateKey(readFileSync(environment.LEDGER_SIGNING_KEY_FILE, 'utf8'));
    if (signingKey.asymmetricKeyType !== 'ed25519') throw new Error('LEDGER_SIGNING_KEY_FILE must hold an Ed25519 key');
    const log = new LedgerLog(db);
    await log.ensureIndexes();
    return new LedgerSealer(log, {
      origin: environment.LEDGER_ORIGIN,
      signingKey,
      checkpointEveryMs: environment.LEDGER_CHECKPOINT_MS,
    });
  },
};
