import type { Db } from 'mongodb';
import type { CommitDocument } from '#libs/event-store';
import { type KeyEnvironment, withPersonalData } from '#libs/privacy';
import {
  type CaseListDocument,
  type CaseStatusDocument,
  type CaseStoredEvent,
  type CaseTimelineEntry,
  caseListProjection,
  caseStatusProjection,
  READ_MODELS,
  type ReadModelName,
  toTimelineEntry,
} from '#libs/read-models';

type Document = { _id: string } & Record<string, unknown>;

/** What the read models must hold, computed from the event store alone with the pure projections. */
export interface ExpectedReadModels {
  /** Every case's events in version order. */
  streams: Map<string, CaseStoredEvent[]>;
  caseStatus: Map<string, CaseStatusDocument>;
  caseList: Map<string, CaseListDocument>;
  /** By caseId, in version order. */
  caseTimeline: Map<string, CaseTimelineEntry[]>;
  /** Every read model the projector keeps (READ_MODELS) as a whole collection, sorted by `_id`. */
  collections: Record<ReadModelName, Document[]>;
}

const byId = <T extends { _id: unknown }>(documents: T[]): T[] =>
  documents.sort((a, b) => (String(a._id) < String(b._id) ? -1 : String(a._id) > String(b._id) ? 1 : 0));

/**
 * Replays `case_commits` (sorted by streamId, fromVersion here rather than by the server: FerretDB
 * scans either way) through each read model's evolve, or toTimelineEntry for the event log. Also
 * checks that the streams are contiguous from version 1, so a broken event store cannot make a
 * comparison vacuous.
 */
export async function expectedReadModels(db: Db, env?: KeyEnvironment): Promise<ExpectedReadModels> {
  const commits = (await db.collection<CommitDocument>('case_commits').find().toArray()).sort((a, b) =>
    a.streamId < b.streamId ? -1 : a.streamId > b.streamId ? 1 : a.fromVersion - b.fromVersion,
  );
  const streams = new Map<string, CaseStoredEvent[]>();
  const stored = commits.flatMap((commit) => commit.events);
  // With the stack's key the personal fields read as the apps read them; without, as stored.
  const readable = env ? await withPersonalData(db, env, ({ codec }) => codec.decode(stored)) : stored;
  for (const event of readable as CaseStoredEvent[]) {
    const events = streams.get(event.caseId) ?? [];
    events.push(event);
    streams.set(event.caseId, events);
  }
  for (const [caseId, events] of streams) {
    events.forEach((event, index) => {
      if (event.version !== index + 1 || event.caseId !== caseId) {
        throw new Error(`case_commits: stream ${caseId} holds version ${event.version} at position ${index + 1}`);
      }
    });
  }

  const replay = <D>(evolve: (current: D | null, event: CaseStoredEvent) => D) =>
    new Map([...streams].map(([caseId, events]) => [caseId, events.reduce<D | null>(evolve, null) as D]));
  const caseTimeline = new Map([...streams].map(([caseId, events]) => [caseId, events.map(toTimelineEntry)]));
  const collections = Object.fromEntries(
    READ_MODELS.map((model) => {
      const documents =
        model.kind === 'event-log' ? [...caseTimeline.values()].flat() : [...replay(model.projection.evolve).values()];
      return [model.name, byId(documents as unknown as Document[])];
    }),
  ) as Record<ReadModelName, Document[]>;

  return {
    streams,
    caseStatus: replay(caseStatusProjection.evolve),
    caseList: replay(caseListProjection.evolve),
    caseTimeline,
    collections,
  };
}

/** The documents of one collection, sorted by `_id`, for whole-collection comparisons. */
export async function collectionDocuments<T = Document>(db: Db, name: string): Promise<T[]> {
  return byId(await db.collection(name).find().toArray()) as T[];
}
