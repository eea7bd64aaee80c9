import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

/** The part of Emmett's MongoDB event store the bench calls (typed here: the package lives in bench/emmett). */
export interface EmmettEventStore {
  appendToStream(
    streamName: string,
    events: { type: string; data: Record<string, unknown>; metadata?: Record<string, unknown> }[],
    options?: { expectedStreamVersion?: bigint },
  ): Promise<{ nextExpectedStreamVersion: bigint; createdNewStream: boolean }>;
  readStream(streamName: string): Promise<{ events: unknown[]; currentStreamVersion: bigint }>;
  close(): Promise<void>;
}

interface EmmettMongoModule {
  getMongoDBEventStore(options: {
    connectionString: string;
    clientOptions?: Record<string, unknown>;
    storage?: { type: 'COLLECTION_PER_STREAM_TYPE' | 'SINGLE_COLLECTION'; databaseName?: string };
  }): EmmettEventStore;
}

export interface EmmettInfo {
  version: string;
  mongodbDriver: string;
}

/**
 * Loads @event-driven-io/emmett-mongodb from bench/emmett/node_modules. It is a dev dependency of that nested
 * package, not of the root one: its peer ranges (mongodb ^6.10, @event-driven-io/emmett exactly its own version)
 * conflict with the root's mongodb 7, which would make `npm ci` of the whole project fail with ERESOLVE.
 */
export async function loadEmmett(root: string): Promise<{ module: EmmettMongoModule; info: EmmettInfo }> {
  const base = join(root, 'bench', 'emmett', 'node_modules');
  const entry = join(base, '@event-driven-io', 'emmett-mongodb', 'dist', 'index.js');
  if (!existsSync(entry)) throw new Error(`${entry} is missing: run \`npm ci --prefix bench/emmett\``);
  const module = (await import(pathToFileURL(entry).href)) as EmmettMongoModule;
  const versionOf = (name: string): string =>
    (JSON.parse(readFileSync(join(base, name, 'package.json'), 'utf8')) as { version: string }).version;
  return {
    module,
    info: { version: versionOf('@event-driven-io/emmett-mongodb'), mongodbDriver: versionOf('mongodb') },
  };
}
