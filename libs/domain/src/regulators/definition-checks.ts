// Checks shared by the validators of regulator definitions arriving as JSON: each pushes an error
// naming the field path rather than throwing, so one answer lists every problem.

const MAX_TEXT = 500;

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function unknownKeys(
  prefix: string,
  raw: Record<string, unknown>,
  known: readonly string[],
  errors: string[],
): void {
  for (const key of Object.keys(raw)) {
    if (!known.includes(key)) errors.push(`${prefix}${key} is not a known field (known: ${known.join(', ')})`);
  }
}

export function text(field: string, value: unknown, errors: string[], max = MAX_TEXT): string | undefined {
  if (typeof value !== 'string' || value.trim() === '') {
    errors.push(`${field} is required text`);
    return undefined;
  }
  if (value.length > max) {
    errors.push(`${field} must be at most ${max} characters`);
    return undefined;
  }
  return value;
}
