import type { Collection, CreateIndexesOptions, Document, IndexSpecification } from 'mongodb';

export interface IndexDefinition {
  key: IndexSpecification;
  options: CreateIndexesOptions & { name: string };
}

/**
 * One createIndex call per index: FerretDB 1.24 drops the connection when a single createIndexes
 * command lists several indexes of which some already exist.
 */
export async function ensureIndexes<T extends Document>(collection: Collection<T>, indexes: IndexDefinition[]) {
  for (const { key, options } of indexes) await collection.createIndex(key, options);
}
