// npm test: obtain the programs the selected tests run (scripts/test-tools.mjs), bring the servers up (or use
// MONGO_URL/KAFKA_BROKERS), type-check, build the apps, run every jest project (or the files the arguments select).
import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { InfraError, up } from '../infra/local/infra.mjs';
import { run } from './run.mjs';
import { ensureTestTools, MissingTestToolsError } from './test-tools.mjs';

const REPO = path.resolve(import.meta.dirname, '..');
const JEST = [
  '--experimental-vm-modules',
  '--no-warnings=ExperimentalWarning',
  'node_modules/jest/bin/jest.js',
  ...process.argv.slice(2),
];

const started = Date.now();
try {
  await ensureTestTools(await selectedTestFiles());
  const servers = await up();
  const env = { ...process.env, MONGO_URL: servers.mongoUrl, KAFKA_BROKERS: servers.kafkaBrokers };
  await run('npx', ['tsc', '-p', 'tsconfig.json'], { env });
  await run('npx', ['tsc', '-p', 'tsconfig.build.json'], { env });
  await run(process.execPath, JEST, { env });
  console.log(`[test] done in ${((Date.now() - started) / 1000).toFixed(1)} s`);
} catch (error) {
  if (error instanceof InfraError || error instanceof MissingTestToolsError) console.error(error.message);
  process.exit(error.code ?? 1);
}

/** The test files jest will run with these arguments, relative to the repository (jest's own selection). */
async function selectedTestFiles() {
  try {
    const { stdout } = await promisify(execFile)(process.execPath, [...JEST, '--listTests', '--json'], {
      maxBuffer: 16 * 1024 * 1024,
    });
    return JSON.parse(stdout).map((file) => path.relative(REPO, file));
  } catch (error) {
    if (error.stderr) console.error(error.stderr.trimEnd());
    throw error;
  }
}
