import { randomUUID } from 'node:crypto';
import { Inject, Injectable, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { Db } from 'mongodb';
import type { Counter } from 'prom-client';
import { addIsoDuration, Environment, LOGGER, type Logger, Metrics, SlotLease, WakeUpLoop } from '#libs/platform';
import { CaseErasure } from '../cases/case-erasure.js';
import { ClosedCasesReader } from '../queries/closed-cases.reader.js';
import { planRetention, type RetentionRule } from './retention-plan.js';

/** The rule RETENTION_AFTER_CLOSE sets, or none (retention off). */
export function retentionRuleOf(environment: Environment): RetentionRule | undefined {
  const period = environment.RETENTION_AFTER_CLOSE;
  return period === undefined ? undefined : { source: 'RETENTION_AFTER_CLOSE', period };
}

/** A pass erases at most this many cases, so that it ends well within the lease span it claimed. */
const BATCH = 20;
const PASS_SPAN_MS = 10_000;
const SLOT_MS = 30_000;

/**
 * Erases closed cases whose retention period has run out, through the one erasure path, as actor system/retention.
 * One case-api process at a time runs it (a slot lease); erasure is idempotent, so a pass repeated by a successor
 * after a lost lease appends nothing twice.
 */
@Injectable()
export class RetentionRunner implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly rule?: RetentionRule;
  private readonly pollMs: number;
  private readonly lease: SlotLease;
  private readonly loop: WakeUpLoop;
  private readonly erasures: Counter<'outcome'>;

  constructor(
    @Inject(Environment) environment: Environment,
    @Inject(Db) db: Db,
    @Inject(ClosedCasesReader) private readonly closedCases: ClosedCasesReader,
    @Inject(CaseErasure) private readonly erasure: CaseErasure,
    @Inject(Metrics) metrics: Metrics,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {
    this.rule = retentionRuleOf(environment);
    // A case closed after a pass is first seen by the next one: a short period is checked often enough for that to
    // be a small part of it, a long one once a minute.
    const periodMs = this.rule ? addIsoDuration(new Date(0), this.rule.period).getTime() : 0;
    this.pollMs = Math.min(Math.max(periodMs / 10, 1_000), 60_000);
    this.lease = new SlotLease(db, { collection: 'case_api_leases', name: 'case-api:retention', slotMs: SLOT_MS });
    this.loop = new WakeUpLoop({
      pass: () => this.pass(),
      pollMs: this.pollMs,
      onError: (error) => this.logger.error({ err: error }, 'retention pass failed'),
    });
    this.erasures = metrics.counter('breachline_retention_erasures_total', 'Cases erased by retention', ['outcome']);
  }

  onApplicationBootstrap(): void {
    if (!this.rule) {
      this.logger.info('retention is off (RETENTION_AFTER_CLOSE unset)');
      return;
    }
    this.logger.info({ period: this.rule.period }, 'retention is on');
    this.loop.start();
  }

  async onApplicationShutdown(): Promise<void> {
    if (!this.loop.isRunning) return;
    await this.loop.stop();
    await this.lease.release();
  }

  /** One run: erases what is due (a batch); returns the wait until the next run. */
  private async pass(): Promise<number> {
    const rule = this.rule;
    const startedAt = new Date();
    if (!rule || !(await this.lease.holdsFor(startedAt.getTime(), PASS_SPAN_MS))) return this.pollMs;
    const plan = planRetention(await this.closedCases.notYetErased(), rule, startedAt);
    const due = plan.filter((entry) => entry.due);
    const erased: string[] = [];
    const failed: string[] = [];
    for (const entry of due.slice(0, BATCH)) {
      try {
        const record = await this.erasure.erase(entry.caseId, entry.rule, {
          actor: { name: 'retention', role: 'system' },
          correlationId: `retention:${entry.caseId}`,
          requestId: randomUUID(),
          requestHash: '',
        });
        // An erasure from before this pass (the read models not caught up yet) is not counted again.
        if (record.erasedAt >= startedAt.toISOString()) {
          erased.push(entry.caseId);
          this.erasures.inc({ outcome: 'erased' });
        }
      } catch (error) {
        failed.push(entry.caseId);
        this.erasures.inc({ outcome: 'failed' });
        this.logger.error({ err: error, caseId: entry.caseId }, 'retention could not erase a case');
      }
    }
    const pending = plan.filter((entry) => !entry.due);
    if (erased.length + failed.length > 0) {
      this.logger.info({ rule: rule.period, erased, failed, pending: pending.length }, 'retention run');
    } else {
      this.logger.debug({ rule: rule.period, pending: pending.length }, 'retention run: nothing due');
    }
    if (due.length > BATCH) return 0;
    const next = pending[0] ? new Date(pending[0].eraseAfter).getTime() - Date.now() : this.pollMs;
    return Math.max(0, Math.min(next, this.pollMs));
  }
}
