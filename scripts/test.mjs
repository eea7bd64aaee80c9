// npm test: bring the servers up (or use MONGO_URL/KAFKA_BROKERS), type-check, build the apps, run every jest project.
import { InfraError, up } from '../infra/local/infra.mjs';
import { run } from './run.mjs';

const started = Date.now();
try {
  const servers = await up();
  const env = { ...process.env, MONGO_URL: servers.mongoUrl, KAFKA_BROKERS: servers.kafkaBrokers };
  await run('npx', ['tsc', '-p', 'tsconfig.json'], { env });
  await run('npx', ['tsc', '-p', 'tsconfig.build.json'], { env });
  await run(
    process.execPath,
    [
      '--experimental-vm-modules',
      '--no-warnings=ExperimentalWarning',
      'node_modules/jest/bin/jest.js',
      ...process.argv.slice(2),
    ],
    { env },
  );
  console.log(`[test] done in ${((Date.now() - started) / 1000).toFixed(1)} s`);
} catch (error) {
  if (error instanceof InfraError) console.error(error.message);
  process.exit(error.code ?? 1);
}
