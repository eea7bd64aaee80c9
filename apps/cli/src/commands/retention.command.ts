import type { Command } from 'commander';
import { ISO_DURATION } from '#libs/platform';
import { ReadModelCatalog } from '#libs/read-models';
import { ClosedCasesReader } from '../../../case-api/src/queries/closed-cases.reader.js';
import { planRetention } from '../../../case-api/src/retention/retention-plan.js';
import { printTable, withContext } from '../cli-context.js';

export function registerRetentionCommands(program: Command): void {
  const retention = program
    .command('retention')
    .description('automatic erasure of closed cases (RETENTION_AFTER_CLOSE)');

  retention
    .command('plan')
    .description('closed cases not yet erased, with when retention erases them and under which rule')
    .action(async () => {
      const period = process.env.RETENTION_AFTER_CLOSE;
      if (period === undefined || period === '') {
        console.log('retention is off (RETENTION_AFTER_CLOSE unset): nothing is erased automatically');
        return;
      }
      if (!ISO_DURATION.test(period)) throw new Error('RETENTION_AFTER_CLOSE: must be an ISO 8601 duration');
      await withContext(async ({ db }) => {
        const closed = await new ClosedCasesReader(db, new ReadModelCatalog(db)).notYetErased();
        const plan = planRetention(closed, { source: 'RETENTION_AFTER_CLOSE', period }, new Date());
        printTable(
          plan.map((entry) => ({
            case: entry.caseId,
            closedAt: entry.closedAt,
            eraseAfter: entry.eraseAfter,
            due: entry.due ? 'yes' : 'no',
            rule: entry.rule,
          })),
        );
      });
    });
}
