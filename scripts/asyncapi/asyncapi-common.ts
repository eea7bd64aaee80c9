// What the AsyncAPI generator's modules share: the event definitions' shape, the failure of an undocumented
// message, the binding versions and the `$ref` helpers.
import type { JsonSchema } from './type-schemas.js';

/** The part of an event definition the document needs. */
export interface EventDefinitionInfo {
  readonly type: string;
  readonly schemaVersion: number;
  readonly description: string;
}

export class UndocumentedMessageError extends Error {
  override name = 'UndocumentedMessageError';
}

export const KAFKA_BINDING_VERSION = '0.5.0';
export const HTTP_BINDING_VERSION = '0.3.0';

export function refsTo(channel: string, messageNames: readonly string[]): JsonSchema[] {
  return messageNames.map((name) => ({ $ref: `#/channels/${channel}/messages/${name}` }));
}

/** `RegulatorNotificationSupplemented` → `Regulator notification supplemented`. */
export function words(type: string): string {
  const spaced = type.replace(/(?<=[a-z0-9])(?=[A-Z])/g, ' ').toLowerCase();
  return spaced.charAt(0).toUpperCase() + spaced.slice(1);
}

export function sortedByKey<T>(record: Record<string, T>): Record<string, T> {
  return Object.fromEntries(Object.entries(record).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

/** Every local $ref must point at something: a typo would otherwise surface only in a consumer's tooling. */
export function checkRefsResolve(document: JsonSchema): void {
  const visit = (value: unknown): void => {
    if (Array.isArray(value)) return value.forEach(visit);
    if (typeof value !== 'object' || value === null) return;
    for (const [key, inner] of Object.entries(value)) {
      if (key === '$ref' && typeof inner === 'string') resolvePointer(document, inner);
      else visit(inner);
    }
  };
  visit(document);
}

export function resolvePointer(document: JsonSchema, ref: string): unknown {
  if (!ref.startsWith('#/')) throw new Error(`only local $refs are generated, not ${ref}`);
  let node: unknown = document;
  for (const segment of ref.slice(2).split('/')) {
    const key = decodeURIComponent(segment).replace(/~1/g, '/').replace(/~0/g, '~');
    if (typeof node !== 'object' || node === null || !(key in node)) throw new Error(`$ref ${ref} points at nothing`);
    node = (node as Record<string, unknown>)[key];
  }
  return node;
}
