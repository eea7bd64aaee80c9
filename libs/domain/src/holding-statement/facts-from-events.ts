import { type CaseEvent, isStatementEvent } from '../case/case-events.js';
import type { HoldingStatementFacts } from './holding-statement-types.js';

export type VersionedCaseEvent = CaseEvent & { version: number };

/**
 * The facts a holding statement may use, folded from the case's events in stream order. Regulators are
 * named through `regulatorName` (the registry's display name); statement events are not facts.
 */
export function holdingStatementFactsFromEvents(
  events: readonly VersionedCaseEvent[],
  regulatorName: (regulatorId: string) => string,
): HoldingStatementFacts {
  const [first] = events;
  if (first?.type !== 'ReportReceived') throw new Error('Corrupt case stream: it does not start with ReportReceived');
  const { report, title } = first.payload;
  let facts: HoldingStatementFacts = {
    factsVersion: first.version,
    title,
    claim: {
      channel: report.channel,
      receivedAt: report.receivedAt,
      dataCategories: [...report.dataCategories],
      ...(report.claimedRecordCount !== undefined && { claimedRecordCount: report.claimedRecordCount }),
      ...(report.sourceUrl !== undefined && { sourceUrl: report.sourceUrl }),
    },
    regulatorsNotified: [],
    recordedFacts: {},
  };
  for (const event of events.slice(1)) {
    if (isStatementEvent(event)) continue;
    facts = { ...withFact(facts, event), factsVersion: event.version };
  }
  return facts;

  function withFact(current: HoldingStatementFacts, event: VersionedCaseEvent): HoldingStatementFacts {
    switch (event.type) {
      case 'SampleVerified': {
        const { verdict, sampleSize, matchedRecords, confirmedDataCategories, verifiedAt } = event.payload;
        return { ...current, sample: { verdict, sampleSize, matchedRecords, confirmedDataCategories, verifiedAt } };
      }
      case 'SourceTraced': {
        const { sourceSystem, vector, viaPartner, confidence, tracedAt, containment } = event.payload;
        const sourceTrace = {
          sourceSystem,
          vector,
          viaPartner,
          confidence,
          tracedAt,
          ...(containment && { containment }),
        };
        return { ...current, sourceTrace };
      }
      case 'NotifiabilityAssessed': {
        const regulatorsToNotify = event.payload.outcomes
          .filter((outcome) => outcome.regulator === 'required')
          .map(({ regulatorId }) => ({ regulatorId, regulatorName: regulatorName(regulatorId) }));
        return { ...current, regulatorsToNotify };
      }
      case 'RegulatorNotified': {
        const { regulatorId, notifiedAt } = event.payload;
        const notified = { regulatorId, regulatorName: regulatorName(regulatorId), notifiedAt };
        return { ...current, regulatorsNotified: [...current.regulatorsNotified, notified] };
      }
      case 'DataSubjectsNotified': {
        const { subjectCount, notifiedAt } = event.payload;
        const total = (current.subjectsNotified?.subjectCount ?? 0) + subjectCount;
        return { ...current, subjectsNotified: { subjectCount: total, notifiedAt } };
      }
      case 'CaseClosed':
        return { ...current, closure: { resolution: event.payload.resolution, closedAt: event.payload.closedAt } };
      case 'CaseReopened': {
        const { closure: _, ...reopened } = current;
        return reopened;
      }
      default:
        return current;
    }
  }
}
