import type { Db } from 'mongodb';
import type { EventStore } from '#libs/event-store';
import type { IndexDefinition } from '#libs/platform';
import { CASE_LIST_INDEXES, caseListProjection } from './case-list.projection.js';
import { caseStatusProjection } from './case-status.projection.js';
import { CASE_TIMELINE_INDEXES } from './case-timeline.projection.js';
import { holdingStatementsProjection } from './holding-statements.projection.js';
import { type CaseEventsApplier, ProjectionWriter } from './projection-writer.js';
import type { CaseDocumentProjection } from './projection.js';
import { TimelineWriter } from './timeline-writer.js';

export const READ_MODEL_NAMES = ['case_status', 'case_list', 'case_timeline', 'holding_statements'] as const;
export type ReadModelName = (typeof READ_MODEL_NAMES)[number];

interface ReadModelCommon {
  name: ReadModelName;
  /**
   * Bump when evolve would now compute different documents from the same events; the catalog records
   * the version each generation was built with, and `projections rebuild` brings it up to date.
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
  {
    name: 'holding_statements',
    kind: 'case-document',
    projectionVersion: 1,
    indexes: [],
    projection: holdingStatementsProjection,
  },
];

/** The writer that applies case events to one read model's collection (by default its first generation). */
export function createReadModelWriter(
  model: ReadModel,
  db: Db,
  store: EventStore,
  collectionName: string = model.name,
): CaseEventsApplier {
  switch (model.kind) {
    case 'case-document':
      return new ProjectionWriter(db, model.projection, store, collectionName);
    case 'event-log':
      return new TimelineWriter(db, store, collectionName);
  }
}
