/**
 * Every path to a string value in a payload: `a.b` for a field, `a[]` for the items of a list, `a.*` for the values
 * of a record. Literal unions (vocabulary) are strings too, so every one of them is classified.
 */
export type StringPaths<T, P extends string = ''> = T extends string
  ? P
  : T extends readonly (infer U)[]
    ? StringPaths<U, `${P}[]`>
    : T extends object
      ? string extends keyof T
        ? StringPaths<T[string], `${P}.*`>
        : { [K in keyof T & string]-?: StringPaths<NonNullable<T[K]>, P extends '' ? K : `${P}.${K}`> }[keyof T &
            string]
      : never;

/**
 * Whether a string field may hold personal data. `personal` covers every free-text field (a person may be named in
 * it): such values are stored and published encrypted under the case's data key, and erased with it.
 */
export type FieldClass = 'personal' | 'public';

/** One entry for every string path of the payload: adding a string field without classifying it does not compile. */
export type PayloadClassification<TPayload> = { readonly [K in StringPaths<TPayload>]: FieldClass };

/** The one definition of an event type: its name, schema version, payload type and which of its fields are personal. */
export interface EventDefinition<TType extends string, TPayload> {
  readonly type: TType;
  readonly schemaVersion: number;
  readonly description: string;
  readonly classification: PayloadClassification<TPayload>;
  /** The paths classified `personal`. */
  readonly personalPaths: readonly string[];
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
    classification: PayloadClassification<TPayload>,
  ): EventDefinition<TType, TPayload> => ({
    type,
    schemaVersion,
    description,
    classification,
    personalPaths: Object.entries(classification)
      .filter(([, fieldClass]) => fieldClass === 'personal')
      .map(([path]) => path),
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
