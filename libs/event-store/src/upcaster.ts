import type { Upcaster } from '#libs/domain';
import type { StoredEvent } from './stored-event.js';

export type { Upcaster };

export function upcast(event: StoredEvent, upcasters: readonly Upcaster[]): StoredEvent {
  let current = event;
  for (;;) {
    const next = upcasters.find((u) => u.type === current.type && u.fromSchemaVersion === current.schemaVersion);
    if (!next) return current;
    current = { ...current, schemaVersion: current.schemaVersion + 1, payload: next.upcast(current.payload) };
  }
}
