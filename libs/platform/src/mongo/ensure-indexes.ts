import type { Collection, CreateIndexesOptions, Document, IndexSpecification } from 'mongodb';

export interface IndexDefinition {
  key: IndexSpecification;
  options: CreateIndexesOptions & { name: string };
}

/**
 * One createIndex call per index, so that an index that already exists never fails the others with it: not every
 * MongoDB-protocol server takes a createIndexes command that mixes existing and new indexes.
 */
export async function ensureIndexes<T extends Document>(collection: Collection<T>, indexes: IndexDefinition[]) {
  for (const { key, options } of indexes) await collection.createIndex(key, options);
}
