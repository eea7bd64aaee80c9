import type { CaseEvent } from '#libs/domain';
import type { StoredEventOf } from '#libs/event-store';

export type CaseStoredEvent = StoredEventOf<CaseEvent>;

/** A read model with one document per case, computed by a pure evolve; `version` is the last event applied. */
export interface CaseDocumentProjection<D extends { _id: string; version: number }> {
  readonly name: string;
  evolve(current: D | null, event: CaseStoredEvent): D;
}
