import type { CaseEvent } from '#libs/domain';
import type { StoredEventOf } from '#libs/event-store';

export type CaseStoredEvent = StoredEventOf<CaseEvent>;

/** A read model with one document per case, computed by a pure evolve; `version` is the last event applied. */
export interface CaseDocumentProjection<D extends { _id: string; version: number }> {
  readonly name: string;
  evolve(current: D | null, event: CaseStoredEvent): D;
}

/**
 * Exhaustiveness at compile time. At run time an event type newer than this code is refused rather
 * than skipped: after the retries it goes to the dead-letter topic, and once the projector knows the
 * type the next event of the case fills the gap from the event store, so nothing is silently lost.
 */
export function refuseUnknownEvent(readModel: string, event: never): never {
  throw new Error(`${readModel} cannot apply event type ${String((event as { type?: unknown }).type)}`);
}

/** Copies only the optional fields that are present: documents never hold undefined values. */
export function presentFields<T extends object>(fields: T): Partial<T> {
  return Object.fromEntries(Object.entries(fields).filter(([, value]) => value !== undefined)) as Partial<T>;
}
