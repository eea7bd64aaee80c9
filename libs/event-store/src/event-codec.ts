import type { StoredEvent } from './stored-event.js';

/**
 * What the store does to events on their way in and out: the apps give it the personal-data codec (libs/privacy),
 * which encrypts personal fields before a commit document is built and decrypts them wherever events are read.
 */
export interface EventCodec {
  /** The events of one stream, as they will be stored and published. */
  encode(streamId: string, events: StoredEvent[]): Promise<StoredEvent[]>;
  /** Stored or published events, readable again. */
  decode(events: StoredEvent[]): Promise<StoredEvent[]>;
  /** A decision-state snapshot as it may be stored, or undefined when it must not be stored. */
  sealState(streamId: string, version: number, state: unknown): Promise<unknown>;
  /** A stored snapshot back, or undefined when it cannot be opened (then the stream is read instead). */
  openState(streamId: string, version: number, stored: unknown): Promise<unknown>;
}

/** Stores events as they are: for tests and tools of the store itself; the apps never use it. */
export const UNENCRYPTED_CODEC: EventCodec = {
  encode: async (_streamId, events) => events,
  decode: async (events) => events,
  sealState: async (_streamId, _version, state) => state,
  openState: async (_streamId, _version, stored) => stored,
};

/** The Nest token of the app's codec. */
export const EVENT_CODEC = Symbol('EVENT_CODEC');
