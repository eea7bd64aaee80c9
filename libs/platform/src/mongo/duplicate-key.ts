/** A unique index refused an insert. Only the code is relied on: not every MongoDB-protocol server reports the keyPattern. */
export const isDuplicateKeyError = (error: unknown): boolean =>
  typeof error === 'object' && error !== null && (error as { code?: unknown }).code === 11000;
