// The fault suite's own Kafka and FerretDB: it SIGKILLs them, so it must never use the shared local servers
// (ports 19092/19093/27117, state in .local). Plain ESM so that scripts/test-faults.mjs can use it before jest.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const DEFAULT_LOCAL = path.join(REPO, '.local');

/** State dir and ports of the fault servers; jars and the FerretDB binary are reused from the default .local. */
export const FAULT_SERVERS = Object.freeze({
  BREACHLINE_LOCAL_DIR: path.join(DEFAULT_LOCAL, 'faults'),
  BREACHLINE_TOOLS_DIR: DEFAULT_LOCAL,
  BREACHLINE_KAFKA_PORT: '29092',
  BREACHLINE_KAFKA_CONTROLLER_PORT: '29093',
  BREACHLINE_FERRETDB_PORT: '28117',
});

const SHARED_PORTS = ['19092', '19093', '27117'];

/**
 * Points infra/local/infra.mjs (imported after this call) at the fault servers. MONGO_URL / KAFKA_BROKERS are
 * dropped: CI exports them for the shared servers, and the fault suite must start (and kill) its own.
 */
export function useFaultServers(env = process.env) {
  Object.assign(env, FAULT_SERVERS);
  delete env.MONGO_URL;
  delete env.KAFKA_BROKERS;
}

/** Throws unless the environment points at the fault servers (checked before anything is killed). */
export function assertFaultServers(env = process.env) {
  const wrong = Object.entries(FAULT_SERVERS).filter(([name, value]) => env[name] !== value);
  const urls = `${env.MONGO_URL ?? ''} ${env.KAFKA_BROKERS ?? ''}`;
  if (wrong.length > 0 || SHARED_PORTS.some((port) => urls.includes(`:${port}`))) {
    throw new Error(
      `refusing to inject faults: not on the fault servers (${wrong.map(([n]) => n).join(', ') || urls}); ` +
        'run `npm run test:faults`',
    );
  }
}

/** Deletes the fault servers' data (only when they are stopped): every fault run starts empty. */
export function wipeFaultData() {
  const local = FAULT_SERVERS.BREACHLINE_LOCAL_DIR;
  for (const dir of [path.join(local, 'kafka', 'data'), path.join(local, 'ferretdb', 'data')]) {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** infra/local/infra.mjs bound to the fault servers (its ports and state dir are read when first imported). */
export async function faultInfra() {
  assertFaultServers();
  return import('../../infra/local/infra.mjs');
}
