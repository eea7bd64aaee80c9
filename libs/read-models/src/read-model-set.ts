import type { Db } from 'mongodb';
import type { EventStore } from '#libs/event-store';
import type { IndexDefinition } from '#libs/platform';
import { CASE_LIST_INDEXES, caseListProjection } from './case-list.projection.js';
import { caseStatusProjection } from './case-status.projection.js';
import { CASE_TIMELINE_INDEXES } from './case-timeline.projection.js';
import { type CaseEventsApplier, ProjectionWriter } from './projection-writer.js';
import type { CaseDocumentProjection } from './projection.js';
import { TimelineWriter } from './timeline-writer.js';

export const READ_MODEL_NAMES = ['case_status', 'case_list', 'case_timeline'] as const;
export type ReadModelName = (typeof READ_MODEL_NAMES)[number];

interface ReadModelCommon {
  name: ReadModelName;
  /**
   * Bump when evolve would now compute different documents from the same events: a rebuild replays
   * every event into collectionNameFor(name, projectionVersion), and then queries switch over.
   */
  projectionVersion: number;
  indexes: IndexDefinition[];
}

/** One document per case, replaced as a whole by ProjectionWriter. */
export interface CaseDocumentReadModel extends ReadModelCommon {
  kind: 'case-document';
  projection: CaseDocumentProjection<{ _id: string; version: number }>;
}

/** One insert-only document per event (toTimelineEntry), written by TimelineWriter. */
export interface CaseEventLogReadModel extends ReadModelCommon {
  kind: 'event-log';
}

export type ReadModel = CaseDocumentReadModel | CaseEventLogReadModel;

/** Every read model the projector keeps current: the one list the projector, the rebuild and the queries share. */
export const READ_MODELS: readonly ReadModel[] = [
  { name: 'case_status', kind: 'case-document', projectionVersion: 1, indexes: [], projection: caseStatusProjection },
  {
    name: 'case_list',
    kind: 'case-document',
    projectionVersion: 1,
    indexes: CASE_LIST_INDEXES,
    projection: caseListProjection,
  },
  {
    name: 'case_timeline',
    kind: 'event-log',
    projectionVersion: 1,
    indexes: CASE_TIMELINE_INDEXES,
  },
];

/** Version 1 keeps the plain name (the collections that exist today); later versions are `<name>_v<n>`. */
export function collectionNameFor(name: ReadModelName, projectionVersion: number): string {
  if (!Number.isInteger(projectionVersion) || projectionVersion < 1) {
    throw new RangeError(`projection version must be a positive integer, got ${projectionVersion}`);
  }
  return projectionVersion === 1 ? name : `${name}_v${projectionVersion}`;
}

/** Where each read model's current documents live. */
export const CURRENT_COLLECTIONS = Object.freeze(
  Object.fromEntries(
    READ_MODELS.map((model) => [model.name, collectionNameFor(model.name, model.projectionVersion)]),
  ) as Record<ReadModelName, string>,
);

/** The writer that applies case events to one read model, in its current collection unless told otherwise. */
export function createReadModelWriter(
  model: ReadModel,
  db: Db,
  store: EventStore,
  collectionName = collectionNameFor(model.name, model.projectionVersion),
): CaseEventsApplier {
  switch (model.kind) {
    case 'case-document':
      return new ProjectionWriter(db, model.projection, store, collectionName);
    case 'event-log':
      return new TimelineWriter(db, store, collectionName);
  }
}
