import { type Collection, MongoBulkWriteError, type OptionalUnlessRequiredId } from 'mongodb';

/**
 * Inserts the documents in one unordered `insertMany` and tells, per position, what became of each: `undefined` when
 * it was inserted, else its own write error (e.g. code 11000). Throws when the call as a whole failed, leaving every
 * outcome unknown. The server reports one write error, with its index, per rejected document.
 */
export async function insertEach<T extends object>(
  collection: Collection<T>,
  documents: readonly OptionalUnlessRequiredId<T>[],
): Promise<(Error | undefined)[]> {
  const outcomes: (Error | undefined)[] = documents.map(() => undefined);
  if (documents.length === 0) return outcomes;
  try {
    await collection.insertMany(documents, { ordered: false });
  } catch (error) {
    if (!(error instanceof MongoBulkWriteError) || error.err) throw error;
    const writeErrors = [error.writeErrors].flat();
    if (writeErrors.length === 0) throw error;
    for (const writeError of writeErrors)
      outcomes[writeError.index] = Object.assign(new Error(writeError.errmsg), { code: writeError.code });
  }
  return outcomes;
}
