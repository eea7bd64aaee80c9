import 'reflect-metadata';
import { Command } from 'commander';
import { registerDlqCommands } from './commands/dlq.command.js';
import { registerKeyCommands } from './commands/keys.command.js';
import { registerProjectionCommands } from './commands/projections.command.js';

const program = new Command()
  .name('breachline')
  .description('Operate Breachline: API keys, projections, dead letters, regulators, exports, demo')
  .showHelpAfterError();

registerKeyCommands(program);
registerDlqCommands(program);
registerProjectionCommands(program);

try {
  await program.parseAsync();
} catch (error) {
  console.error(`error: ${(error as Error).message}`);
  process.exitCode = 1;
}
