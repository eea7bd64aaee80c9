/** The one definition of an event type: its name, schema version and payload type. */
export interface EventDefinition<TType extends string, TPayload> {
  readonly type: TType;
  readonly schemaVersion: number;
  readonly description: string;
  /** Builds the event body; metadata (ids, times, actor) is added by the event store. */
  create(payload: TPayload): DomainEvent<TType, TPayload>;
}

export interface DomainEvent<TType extends string = string, TPayload = unknown> {
  readonly type: TType;
  readonly schemaVersion: number;
  readonly payload: TPayload;
}

export type EventOf<D> = D extends EventDefinition<infer T, infer P> ? DomainEvent<T, P> : never;

export function defineEvent<TPayload>() {
  return <TType extends string>(
    type: TType,
    schemaVersion: number,
    description: string,
  ): EventDefinition<TType, TPayload> => ({
    type,
    schemaVersion,
    description,
    create: (payload) => ({ type, schemaVersion, payload }),
  });
}

/**
 * Lifts one event type's stored payload from one schema version to the next. Applied in a chain wherever stored
 * or published events are read, so events are never rewritten.
 */
export interface Upcaster {
  readonly type: string;
  readonly fromSchemaVersion: number;
  upcast(payload: unknown): unknown;
}
