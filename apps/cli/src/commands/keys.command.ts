import type { Command } from 'commander';
import type { Role } from '#libs/domain';
import { ApiKeyError, ApiKeyRepository, ROLES } from '#libs/platform';
import { printTable, withContext, withPersonalData } from '../cli-context.js';

export function registerKeyCommands(program: Command): void {
  const keys = program.command('keys').description('manage API keys (stored only as SHA-256 hashes)');

  keys
    .command('create')
    .description('create a key; it is printed once and cannot be shown again')
    .requiredOption('--name <name>', 'unique name, recorded as the actor of every event')
    .requiredOption('--role <role>', `one of ${ROLES.join(', ')}`)
    .option('--regulator <regulatorId>', 'required for the regulator role')
    .action(async (options: { name: string; role: Role; regulator?: string }) =>
      withContext(async ({ db }) => {
        const repository = new ApiKeyRepository(db);
        await repository.ensureIndexes();
        if (await repository.existsByName(options.name)) throw new ApiKeyError(`a key named ${options.name} exists`);
        const key = await repository.create({
          name: options.name,
          role: options.role,
          ...(options.regulator && { regulatorId: options.regulator }),
        });
        console.log(`Created ${options.role} key "${options.name}". Store it now; it is not kept:\n${key}`);
      }),
    );

  keys
    .command('rewrap')
    .description(
      'rewrap every case data key under the current BREACHLINE_SECRETS_KEY (the old one in BREACHLINE_SECRETS_KEY_PREVIOUS); events are not touched',
    )
    .action(async () =>
      withPersonalData(async ({ keys: dataKeys }) => {
        const { rewrapped, current } = await dataKeys.rewrap();
        console.log(`Rewrapped ${rewrapped} data key(s); ${current} already under the current key.`);
      }),
    );

  keys
    .command('list')
    .description('list keys (names, roles, state; never the keys)')
    .action(async () =>
      withContext(async ({ db }) => {
        const rows = await new ApiKeyRepository(db).list();
        printTable(rows.map((row) => ({ ...row, state: row.revokedAt ? 'revoked' : 'active' })));
      }),
    );

  keys
    .command('revoke')
    .description('revoke a key by name; requests with it get 401 from then on')
    .argument('<name>')
    .action(async (name: string) =>
      withContext(async ({ db }) => {
        if (!(await new ApiKeyRepository(db).revoke(name))) throw new ApiKeyError(`no active key named ${name}`);
        console.log(`Revoked "${name}".`);
      }),
    );
}
