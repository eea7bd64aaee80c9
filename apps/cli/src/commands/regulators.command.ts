import { readFile } from 'node:fs/promises';
import type { Command } from 'commander';
import type { Db } from 'mongodb';
import { regulatorName, validateRegulatorDefinition } from '#libs/domain';
import { SecretBox } from '#libs/platform';
import { RegulatorRegistry } from '#libs/regulators';
import { printTable, withContext } from '../cli-context.js';

export function registerRegulatorCommands(program: Command): void {
  const regulators = program.command('regulators').description('the regulator registry and its legal clocks');
  const registryOf = (db: Db) => new RegulatorRegistry(db, new SecretBox(process.env.BREACHLINE_SECRETS_KEY));

  regulators
    .command('list')
    .description('regulators with their deadline rule, required content and delivery')
    .action(async () =>
      withContext(async ({ db }) => {
        const registry = registryOf(db);
        await registry.ensureSeeded();
        printTable(
          (await registry.list()).map((r) => ({
            id: r.id,
            jurisdiction: r.jurisdiction,
            deadline: `${r.deadline.amount} ${r.deadline.unit} from ${r.deadline.clockStartsAt}`,
            requiredContent: r.requiredContent.map((f) => f.field).join(','),
            delivery: r.webhook ? `webhook${r.webhook.disabledAt ? ' (disabled)' : ''}` : 'feed',
            name: regulatorName(r, 'en'),
          })),
        );
      }),
    );

  regulators
    .command('add')
    .description('add a regulator from a JSON definition (same shape as POST /v1/regulators)')
    .argument('<file>', 'JSON file: { id, name, jurisdiction, legalBasis, deadline, requiredContent, delivery }')
    .action(async (file: string) =>
      withContext(async ({ db }) => {
        const validation = validateRegulatorDefinition(JSON.parse(await readFile(file, 'utf8')));
        if (!validation.ok) throw new Error(`invalid regulator definition:\n  ${validation.errors.join('\n  ')}`);
        await registryOf(db).add(validation.regulator);
        console.log(`Added regulator ${validation.regulator.id}.`);
      }),
    );
}
