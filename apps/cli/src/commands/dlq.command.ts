import type { Command } from 'commander';
import { DeadLetterStore } from '#libs/messaging';
import { printTable, withContext } from '../cli-context.js';
import { progressBar } from '../progress-bar.js';

export function registerDlqCommands(program: Command): void {
  const dlq = program.command('dlq').description('inspect and replay case events that consumers could not apply');

  dlq
    .command('list')
    .description('list dead letters with their error and replay state')
    .option('--pending', 'only those not replayed yet')
    .action(async (options: { pending?: boolean }) =>
      withContext(async ({ db, kafka, topics }) => {
        const letters = await new DeadLetterStore(kafka, topics, db).list(progressBar('reading DLQ'));
        const shown = options.pending ? letters.filter((l) => !l.replayedAt) : letters;
        printTable(
          shown.map(({ id, caseId, type, consumer, failedAt, replayedAt, error }) => ({
            id,
            caseId,
            type,
            consumer,
            failedAt,
            replayedAt,
            error: error.slice(0, 80),
          })),
        );
        console.log(`${letters.filter((l) => !l.replayedAt).length} pending of ${letters.length}`);
      }),
    );

  dlq
    .command('replay')
    .description('publish dead letters back to the case-event topic (consumers skip what they already applied)')
    .argument('[ids...]', 'partition:offset ids from `dlq list`; none = every pending one')
    .action(async (ids: string[]) =>
      withContext(async ({ db, kafka, topics }) => {
        const replayed = await new DeadLetterStore(kafka, topics, db).replay(ids.length > 0 ? ids : 'all-pending');
        console.log(
          replayed.length === 0 ? 'Nothing to replay.' : `Replayed ${replayed.length}: ${replayed.join(', ')}`,
        );
      }),
    );
}
