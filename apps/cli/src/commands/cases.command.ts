import type { Command } from 'commander';
import { EventStore } from '#libs/event-store';
import { withContext } from '../cli-context.js';

export function registerCaseCommands(program: Command): void {
  const cases = program.command('cases').description('case event histories');

  cases
    .command('export')
    .description('print the full event history of a case as JSON lines (one stored event per line)')
    .argument('<caseId>')
    .action(async (caseId: string) =>
      withContext(async ({ db }) => {
        const events = await new EventStore(db).readStream(caseId);
        if (events.length === 0) throw new Error(`case ${caseId} not found`);
        for (const event of events) process.stdout.write(`${JSON.stringify(event)}\n`);
      }),
    );
}
