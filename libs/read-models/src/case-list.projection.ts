import type { IndexDefinition } from '#libs/platform';
import type { Jurisdiction, ReportChannel, SampleVerdict } from '#libs/domain';
import { milestoneAfter, stageOf, type CaseMilestone, type CaseStage } from './case-stage.js';
import { type CaseDocumentProjection, refuseUnknownEvent } from './projection.js';

/**
 * One slim document per case for `GET /v1/cases`: filter by stage, jurisdiction, channel and opening
 * time, search titles, page by `sortKey`.
 */
export interface CaseListDocument {
  _id: string;
  caseId: string;
  title: string;
  /** The title through normalizeSearchText: what `q` is matched against. */
  searchText: string;
  stage: CaseStage;
  milestone: CaseMilestone;
  jurisdictions: Jurisdiction[];
  channel: ReportChannel;
  openedAt: string;
  updatedAt: string;
  version: number;
  latestVerdict?: SampleVerdict;
  /** Name of the investigator currently responsible. */
  assignee?: string;
  /** caseListSortKey(updatedAt, caseId): unique and ordered by last update, so it serves as the cursor. */
  sortKey: string;
}

/** Event times are ISO-8601 from Date#toISOString (fixed width), so the keys sort as the instants do. */
export const caseListSortKey = (updatedAt: string, caseId: string): string => `${updatedAt}|${caseId}`;

/** Case- and accent-insensitive, whitespace-collapsed: applied to titles when stored and to `q` when searching. */
export function normalizeSearchText(text: string): string {
  // String(): an erased title is a placeholder object that reads "[erased]" as text.
  return String(text).normalize('NFKD').replace(/\p{M}/gu, '').toLowerCase().replace(/\s+/g, ' ').trim();
}

/** A `$regex` source that matches `q` literally against `searchText`. */
export function searchPatternFor(q: string): string {
  return normalizeSearchText(q).replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

// Every listing sorts by sortKey (newest first) and pages by a range on it. Following MongoDB's equality-sort-range
// rule, each equality filter leads an index that goes on with the sort and ends with the openedAt range, so that a
// first page is read in order, its openedAt bounds checked on the index keys, and the walk stops at the limit; a
// listing without an equality filter (openedAt alone, q, overdue) walks the first one. Two equality filters use the
// index of one and check the other on the documents it reaches. A narrow openedAt range has an index of its own (a
// few matches sorted in memory beat a long walk of the sort order).
export const CASE_LIST_INDEXES: IndexDefinition[] = [
  { key: { sortKey: -1, openedAt: 1 }, options: { name: 'sortKey_openedAt' } },
  { key: { stage: 1, sortKey: -1, openedAt: 1 }, options: { name: 'stage_sortKey_openedAt' } },
  { key: { jurisdictions: 1, sortKey: -1, openedAt: 1 }, options: { name: 'jurisdictions_sortKey_openedAt' } },
  { key: { channel: 1, sortKey: -1, openedAt: 1 }, options: { name: 'channel_sortKey_openedAt' } },
  { key: { openedAt: -1 }, options: { name: 'openedAt' } },
];

export const caseListProjection: CaseDocumentProjection<CaseListDocument> = {
  name: 'case_list',
  evolve(current, event) {
    if (event.type === 'ReportReceived') {
      if (current) throw new Error(`case_list: a second ReportReceived for case ${event.caseId}`);
      const { caseId, title, jurisdictions, report } = event.payload;
      return {
        _id: caseId,
        caseId,
        title,
        searchText: normalizeSearchText(title),
        stage: 'reported',
        milestone: 'reported',
        jurisdictions: [...jurisdictions],
        channel: report.channel,
        openedAt: event.occurredAt,
        updatedAt: event.occurredAt,
        version: event.version,
        sortKey: caseListSortKey(event.occurredAt, caseId),
      };
    }
    if (!current) throw new Error(`case_list: ${event.type} before ReportReceived for case ${event.caseId}`);

    const milestone = milestoneAfter(current.milestone, event.type);
    const next: CaseListDocument = {
      ...current,
      stage: stageOf(milestone, current.stage === 'closed'),
      milestone,
      updatedAt: event.occurredAt,
      version: event.version,
      sortKey: caseListSortKey(event.occurredAt, current.caseId),
    };
    switch (event.type) {
      case 'InvestigatorAssigned':
        return { ...next, assignee: event.payload.investigator };
      case 'SampleVerified':
        return { ...next, latestVerdict: event.payload.verdict };
      case 'CaseClosed':
        return { ...next, stage: stageOf(milestone, true) };
      case 'CaseReopened':
        return { ...next, stage: stageOf(milestone, false) };
      case 'RiskAssessed':
      case 'NotifiabilityAssessed':
      case 'SourceTraced':
      case 'RegulatorNotified':
      case 'RegulatorNotificationSupplemented':
      case 'RegulatorAcknowledged':
      case 'DataSubjectsNotified':
      case 'HoldingStatementDrafted':
      case 'HoldingStatementApproved':
      case 'HoldingStatementPublished':
      case 'HoldingStatementWithdrawn':
      case 'PersonalDataErased':
        return next;
      default:
        return refuseUnknownEvent('case_list', event);
    }
  },
};
