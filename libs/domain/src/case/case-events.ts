import { defineEvent, type EventOf } from '../shared/event-definition.js';
import type { DataCategory, Jurisdiction, ReportChannel } from './vocabulary.js';

export interface ReportReceivedPayload {
  caseId: string;
  title: string;
  jurisdictions: Jurisdiction[];
  report: {
    receivedAt: string;
    channel: ReportChannel;
    summary: string;
    sourceUrl?: string;
    claimedRecordCount?: number;
    dataCategories: DataCategory[];
  };
}

export const ReportReceived = defineEvent<ReportReceivedPayload>()(
  'ReportReceived',
  1,
  'A claim of a personal-data breach arrived and a case was opened.',
);

/** Every event definition of the case stream, the single source for producers and consumers. */
export const CASE_EVENT_DEFINITIONS = [ReportReceived] as const;

export type CaseEvent = EventOf<typeof ReportReceived>;
export type CaseEventType = CaseEvent['type'];
