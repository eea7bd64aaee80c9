import { type Collection, MongoBulkWriteError, type OptionalUnlessRequiredId } from 'mongodb';
import { isDuplicateKeyError } from '#libs/platform';

/** Inserts every document it can (unordered); returns the positions of those whose key was already taken. */
export async function insertUnlessPresent<T extends object>(
  collection: Collection<T>,
  documents: readonly OptionalUnlessRequiredId<T>[],
): Promise<number[]> {
  try {
    await collection.insertMany(documents, { ordered: false });
    return [];
  } catch (error) {
    // Every supported server reports one write error, with its index, per rejected document.
    if (!(error instanceof MongoBulkWriteError) || error.err) throw error;
    const writeErrors = [error.writeErrors].flat();
    if (writeErrors.length === 0 || !writeErrors.every(isDuplicateKeyError)) throw error;
    return writeErrors.map((writeError) => writeError.index);
  }
}
