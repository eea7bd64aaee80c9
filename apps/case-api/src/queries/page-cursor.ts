import { FieldValidationException } from '../http/problem-details.filter.js';

export interface Page<T> {
  items: T[];
  /** Pass as `cursor` for the next page; null on the last page. */
  nextCursor: string | null;
}

export const encodeCursor = (position: string | number): string =>
  Buffer.from(JSON.stringify(position)).toString('base64url');

export function decodeCursor<T extends string | number>(cursor: string, kind: 'string' | 'number'): T {
  try {
    const position: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (typeof position === kind) return position as T;
  } catch {
    // reported below
  }
  throw new FieldValidationException([
    { field: 'cursor', rule: 'cursor', message: 'cursor must be a nextCursor returned by the previous page' },
  ]);
}

/** Fetches limit + 1 to know whether another page exists without a count. */
export function toPage<T>(rows: T[], limit: number, positionOf: (row: T) => string | number): Page<T> {
  const items = rows.slice(0, limit);
  return { items, nextCursor: rows.length > limit ? encodeCursor(positionOf(items[items.length - 1])) : null };
}
