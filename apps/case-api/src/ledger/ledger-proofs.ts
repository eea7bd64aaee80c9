import { readFileSync } from 'node:fs';
import { Inject, Injectable, NotFoundException } from '@nestjs/common';
import { Db } from 'mongodb';
import type { Actor } from '#libs/domain';
import { buildEvidenceBundle, EventStore, LedgerLog } from '#libs/event-store';
import type { EvidenceBundle, SignedCheckpoint } from '#libs/ledger';
import { Environment } from '#libs/platform';
import { FieldValidationException } from '../http/problem-details.filter.js';

const invalid = (field: string, rule: string, message: string) =>
  new FieldValidationException([{ field, rule, message: `${field} ${message}` }]);

/** Reads the ledger: checkpoints, proofs, and a case's evidence bundle. */
@Injectable()
export class LedgerProofs {
  private readonly log: LedgerLog;
  private readonly publicKeyPem?: string;

  constructor(
    @Inject(Db) db: Db,
    @Inject(EventStore) private readonly store: EventStore,
    @Inject(Environment) environment: Environment,
  ) {
    this.log = new LedgerLog(db);
    this.publicKeyPem = environment.LEDGER_PUBLIC_KEY_FILE && readFileSync(environment.LEDGER_PUBLIC_KEY_FILE, 'utf8');
  }

  publicKey(): string {
    if (!this.publicKeyPem) throw new NotFoundException('This deployment has no ledger public key configured');
    return this.publicKeyPem;
  }

  async latestCheckpoint(): Promise<SignedCheckpoint> {
    const checkpoint = await this.log.latestCheckpoint();
    if (!checkpoint) throw new NotFoundException('No checkpoint has been signed yet; retry in a few seconds');
    return checkpoint;
  }

  async consistency(from: number, to: number): Promise<{ fromSize: number; toSize: number; proof: string[] }> {
    const latest = await this.latestCheckpoint();
    if (to > latest.treeSize)
      throw invalid('to', 'max', `must be at most the latest checkpoint's tree size ${latest.treeSize}`);
    if (from > to) throw invalid('from', 'max', 'must be at most to');
    return { fromSize: from, toSize: to, proof: await this.log.consistencyProof(from, to) };
  }

  /** 404 for an unknown case, and for a regulator asking about a case never notified to it (its existence stays hidden). */
  async evidence(caseId: string, actor: Actor, since?: number): Promise<EvidenceBundle> {
    const commits = await this.store.readCommits(caseId);
    const notifiedTo = (regulatorId: unknown) =>
      commits.some((commit) =>
        commit.events.some(
          (event) =>
            event.type === 'RegulatorNotified' &&
            (event.payload as { regulatorId?: unknown }).regulatorId === regulatorId,
        ),
      );
    if (commits.length === 0 || (actor.role === 'regulator' && !notifiedTo(actor.regulatorId))) {
      throw new NotFoundException(`Case ${caseId} not found`);
    }
    const checkpoint = await this.latestCheckpoint();
    if (since !== undefined && since > checkpoint.treeSize) {
      throw invalid('since', 'max', `must be at most the latest checkpoint's tree size ${checkpoint.treeSize}`);
    }
    return buildEvidenceBundle(this.log, caseId, commits, { checkpoint, publicKey: this.publicKey(), since });
  }
}
