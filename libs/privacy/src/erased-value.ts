/**
 * What a personal value reads as once its case's data key is destroyed: `{ "erased": true }` in stored and JSON
 * documents (its only own field), "[erased]" wherever it is put into text.
 */
export class ErasedValue {
  readonly erased = true as const;

  toString(): string {
    return '[erased]';
  }
}

export const ERASED_TEXT = '[erased]';

export const isErased = (value: unknown): value is { erased: true } =>
  typeof value === 'object' && value !== null && (value as { erased?: unknown }).erased === true;
