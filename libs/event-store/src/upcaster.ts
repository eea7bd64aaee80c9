import type { StoredEvent } from './stored-event.js';

/** Lifts one event type from one schema version to the next; chained on read. */
export interface Upcaster {
  type: string;
  fromSchemaVersion: number;
  upcast(payload: unknown): unknown;
}

export function upcast(event: StoredEvent, upcasters: readonly Upcaster[]): StoredEvent {
  let current = event;
  for (;;) {
    const next = upcasters.find((u) => u.type === current.type && u.fromSchemaVersion === current.schemaVersion);
    if (!next) return current;
    current = { ...current, schemaVersion: current.schemaVersion + 1, payload: next.upcast(current.payload) };
  }
}
