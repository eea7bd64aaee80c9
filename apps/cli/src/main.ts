import 'reflect-metadata';
import { Command } from 'commander';
import { registerCaseCommands } from './commands/cases.command.js';
import { registerDemoCommand } from './commands/demo.command.js';
import { registerDlqCommands } from './commands/dlq.command.js';
import { registerKeyCommands } from './commands/keys.command.js';
import { registerProjectionCommands } from './commands/projections.command.js';
import { registerRegulatorCommands } from './commands/regulators.command.js';
import { registerRetentionCommands } from './commands/retention.command.js';

const program = new Command()
  .name('breachline')
  .description('Operate Breachline: API keys, projections, dead letters, regulators, exports, retention, demo')
  .showHelpAfterError();

registerKeyCommands(program);
registerDlqCommands(program);
registerProjectionCommands(program);
registerRegulatorCommands(program);
registerCaseCommands(program);
registerRetentionCommands(program);
registerDemoCommand(program);

try {
  await program.parseAsync();
} catch (error) {
  console.error(`error: ${(error as Error).message}`);
  process.exitCode = 1;
}
