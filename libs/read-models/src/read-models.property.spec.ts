import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { CASE_EVENT_DEFINITIONS } from '#libs/domain';
import { caseListProjection } from './case-list.projection.js';
import { caseStatusProjection, type CaseStatusDocument } from './case-status.projection.js';
import { type CaseTimelineEntry, toTimelineEntry } from './case-timeline.projection.js';
import { type HoldingStatementEntry, holdingStatementsProjection } from './holding-statements.projection.js';
import type { CaseDocumentProjection, CaseStoredEvent } from './projection.js';
import {
  applyDeliveries,
  deepFreeze,
  documentsAfterEach,
  project,
  storageProblems,
} from './testing/case-stream.fixture.js';
import { generatedCase, jsonRoundTrip, redelivered } from './testing/case-stream.arbitraries.js';

describe('read models: properties', () => {
  it('applying a stream twice, or with any redeliveries, gives the documents of a single delivery', () => {
    fc.assert(
      fc.property(
        generatedCase.chain(({ events }) => fc.tuple(fc.constant(events), redelivered(events))),
        ([events, deliveries]) => {
          expectDeliveriesIdempotent(caseStatusProjection, events, deliveries);
          expectDeliveriesIdempotent(caseListProjection, events, deliveries);
          expectDeliveriesIdempotent(holdingStatementsProjection, events, deliveries);

          // The timeline keeps the first insert of each id: a redelivery must yield the same entry.
          const firstById = new Map<string, CaseTimelineEntry>();
          for (const entry of deliveries.map(toTimelineEntry)) {
            expect(entry).toStrictEqual(firstById.get(entry._id) ?? entry);
            firstById.set(entry._id, entry);
          }
          expect([...firstById.values()]).toStrictEqual(events.map(toTimelineEntry));
        },
      ),
      { numRuns: 200 },
    );
  });

  it('every document and timeline entry is storable as is and round-trips through JSON unchanged', () => {
    fc.assert(
      fc.property(generatedCase, ({ events }) => {
        const written = [
          ...documentsAfterEach(caseStatusProjection, events),
          ...documentsAfterEach(caseListProjection, events),
          ...documentsAfterEach(holdingStatementsProjection, events),
          ...events.map(toTimelineEntry),
        ];
        for (const document of written) {
          expect(storageProblems(document)).toEqual([]);
          expect(jsonRoundTrip(document)).toStrictEqual(document);
        }
      }),
      { numRuns: 200 },
    );
  });

  it('evolve never changes the document it is given', () => {
    fc.assert(
      fc.property(generatedCase, ({ events }) => {
        expectPure(caseStatusProjection, events);
        expectPure(caseListProjection, events);
        expectPure(holdingStatementsProjection, events);
      }),
    );
  });

  it("agrees with the domain's state, and case_list agrees with case_status", () => {
    const typesGenerated = new Set<string>();
    fc.assert(
      fc.property(generatedCase, ({ events, state }) => {
        for (const event of events) typesGenerated.add(event.type);
        if (state.status === 'absent') throw new Error('the generator always opens the case');
        const status = project(caseStatusProjection, events);
        const listed = project(caseListProjection, events);
        const seen = new Set(events.map((event) => event.type));

        expect(status.milestone).toBe(expectedMilestone(seen));
        expect(status.stage).toBe(state.status === 'closed' ? 'closed' : status.milestone);
        expect('closure' in status).toBe(state.status === 'closed');
        expect(status.latestSampleVerification?.verdict ?? null).toBe(state.latestVerdict);
        expect(status.sampleVerificationCount).toBe(events.filter((e) => e.type === 'SampleVerified').length);
        expect(status.reopenCount).toBe(events.filter((e) => e.type === 'CaseReopened').length);
        expect(notificationsOf(status)).toEqual(state.notifications);
        expect(status.version).toBe(state.version);
        expect(status.erasure?.erasedAt ?? null).toBe(state.erasedAt);

        expect(listed).toMatchObject({
          stage: status.stage,
          milestone: status.milestone,
          title: status.title,
          jurisdictions: status.jurisdictions,
          openedAt: status.openedAt,
          updatedAt: status.updatedAt,
          version: status.version,
        });
        expect(listed.assignee).toBe(status.assignee?.investigator);
        expect(listed.latestVerdict).toBe(status.latestSampleVerification?.verdict);

        const statements = project(holdingStatementsProjection, events);
        expect(statements).toMatchObject({
          factsVersion: state.factsVersion,
          lastFactType: state.lastFactType,
          updatedAt: status.updatedAt,
          version: state.version,
        });
        expect(statements.statements.map(statementStateOf)).toEqual(state.statements);
      }),
      { numRuns: 200 },
    );

    // Guards against a generator that never reaches the interesting states.
    expect([...typesGenerated].sort()).toEqual(CASE_EVENT_DEFINITIONS.map((definition) => definition.type).sort());
  });
});

type Versioned = { _id: string; version: number };

function expectDeliveriesIdempotent<D extends Versioned>(
  projection: CaseDocumentProjection<D>,
  events: readonly CaseStoredEvent[],
  deliveries: readonly CaseStoredEvent[],
) {
  const once = project(projection, events);
  expect(applyDeliveries(projection, [...events, ...events])).toStrictEqual(once);
  expect(applyDeliveries(projection, deliveries)).toStrictEqual(once);
}

function expectPure<D extends Versioned>(projection: CaseDocumentProjection<D>, events: readonly CaseStoredEvent[]) {
  events.reduce<D | null>((current, event) => {
    const before = structuredClone(current);
    const next = projection.evolve(deepFreeze(current), event);
    expect(current).toStrictEqual(before);
    return next;
  }, null);
}

/** Declarative on purpose: the projections get the milestone incrementally, this from the whole history. */
function expectedMilestone(seen: Set<string>) {
  if (seen.has('RegulatorNotified')) return 'regulator-notified';
  if (seen.has('SourceTraced')) return 'source-traced';
  if (seen.has('SampleVerified')) return 'sample-verified';
  return 'reported';
}

function statementStateOf({ statementId, language, draftedBy, factsVersion, status }: HoldingStatementEntry) {
  return { statementId, language, draftedBy, factsVersion, status };
}

function notificationsOf(status: CaseStatusDocument) {
  return status.regulatorNotifications.map((n) => ({
    notificationId: n.notificationId,
    regulatorId: n.regulatorId,
    notifiedAt: n.notifiedAt,
    supplementIds: n.supplements.map((s) => s.supplementId),
    acknowledged: n.acknowledgement !== undefined,
  }));
}
