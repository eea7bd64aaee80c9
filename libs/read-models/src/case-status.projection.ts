import type { CaseEvent, Jurisdiction } from '#libs/domain';
import type { CaseDocumentProjection, CaseStoredEvent } from './projection.js';

type ReportFacts = Extract<CaseEvent, { type: 'ReportReceived' }>['payload']['report'];

export const CASE_STAGES = ['reported', 'sample-verified', 'source-traced', 'regulator-notified', 'closed'] as const;
export type CaseStage = (typeof CASE_STAGES)[number];

export interface CaseStatusDocument {
  _id: string;
  caseId: string;
  title: string;
  stage: CaseStage;
  jurisdictions: Jurisdiction[];
  report: ReportFacts;
  openedAt: string;
  updatedAt: string;
  version: number;
}

export const caseStatusProjection: CaseDocumentProjection<CaseStatusDocument> = {
  name: 'case_status',
  evolve(current, event: CaseStoredEvent) {
    switch (event.type) {
      case 'ReportReceived':
        return {
          _id: event.caseId,
          caseId: event.caseId,
          title: event.payload.title,
          stage: 'reported',
          jurisdictions: event.payload.jurisdictions,
          report: event.payload.report,
          openedAt: event.occurredAt,
          updatedAt: event.occurredAt,
          version: event.version,
        };
      default:
        if (!current) throw new Error(`${event.type} before ReportReceived`);
        return { ...current, updatedAt: event.occurredAt, version: event.version };
    }
  },
};
