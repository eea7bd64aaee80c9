/** A unique index refused an insert. FerretDB reports no keyPattern, so the code is all there is to go on. */
export const isDuplicateKeyError = (error: unknown): boolean =>
  typeof error === 'object' && error !== null && (error as { code?: unknown }).code === 11000;
