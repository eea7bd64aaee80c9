// Where the local servers live and listen: read from the environment once, when first imported (see README.md).
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const HERE = path.dirname(fileURLToPath(import.meta.url));
export const REPO = path.resolve(HERE, '../..');
export const LOCAL = path.resolve(process.env.BREACHLINE_LOCAL_DIR || path.join(REPO, '.local'));
// Where the Kafka jars and the FerretDB binary are resolved/built: the state dir unless told otherwise.
export const TOOLS = path.resolve(process.env.BREACHLINE_TOOLS_DIR || LOCAL);
export const RUN_DIR = path.join(LOCAL, 'run');
export const HOST = '127.0.0.1';
export const READY_TIMEOUT_MS = 60_000;
export const STOP_TIMEOUT_MS = 10_000;

export const KAFKA_PORT = portFromEnv('BREACHLINE_KAFKA_PORT', 19092);
export const KAFKA_CONTROLLER_PORT = portFromEnv('BREACHLINE_KAFKA_CONTROLLER_PORT', 19093);
export const MONGO_PORT = portFromEnv('BREACHLINE_FERRETDB_PORT', 27117);

export class InfraError extends Error {}

function portFromEnv(variable, fallback) {
  const raw = process.env[variable];
  if (raw === undefined || raw === '') return fallback;
  const port = Number(raw);
  if (!/^\d+$/.test(raw) || port < 1 || port > 65535) {
    throw new Error(`[infra] ${variable}=${raw}: must be a TCP port number (1-65535)`);
  }
  return port;
}
