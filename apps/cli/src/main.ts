import 'reflect-metadata';
import { Command } from 'commander';
import { registerKeyCommands } from './commands/keys.command.js';

const program = new Command()
  .name('breachline')
  .description('Operate Breachline: API keys, projections, dead letters, regulators, exports, demo')
  .showHelpAfterError();

registerKeyCommands(program);

try {
  await program.parseAsync();
} catch (error) {
  console.error(`error: ${(error as Error).message}`);
  process.exitCode = 1;
}
