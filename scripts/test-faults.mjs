// npm run test:faults: SIGKILL and restart Kafka, the database server, relay, projector and notifier under load
// (test/faults). Runs on servers of its own (Kafka 29092/29093, database 28117, state in .local/faults; the
// shared ones on 19092/27117 are never touched, even if MONGO_URL/KAFKA_BROKERS point at them): bring them up,
// build the apps, run the faults jest config, stop them and delete their data.
import { faultInfra, useFaultServers, wipeFaultData } from '../test/faults/fault-env.mjs';
import { run } from './run.mjs';

const started = Date.now();
useFaultServers();
const { InfraError, down, up } = await faultInfra();
let code = 0;
try {
  await up();
  await run('npx', ['tsc', '-p', 'tsconfig.build.json']);
  await run(process.execPath, [
    '--experimental-vm-modules',
    '--no-warnings=ExperimentalWarning',
    'node_modules/jest/bin/jest.js',
    '--config',
    'test/faults/jest.config.js',
    ...process.argv.slice(2),
  ]);
} catch (error) {
  if (error instanceof InfraError) console.error(error.message);
  else if (error.code === undefined) console.error(error);
  code = error.code ?? 1;
} finally {
  await down({ quiet: true }).catch((error) =>
    console.error(`[test:faults] stopping the fault servers: ${error.message}`),
  );
  wipeFaultData();
}
console.log(`[test:faults] done in ${((Date.now() - started) / 1000).toFixed(1)} s`);
process.exit(code);
