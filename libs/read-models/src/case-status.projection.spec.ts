import { describe, expect, it } from '@jest/globals';
import { clockFactsFromEvents } from '#libs/domain';
import { caseStatusProjection } from './case-status.projection.js';
import type { CaseStoredEvent } from './projection.js';
import {
  documentsAfterEach,
  type EventStep,
  project,
  SEED_CASE_ID,
  seedAcknowledged,
  seedAssigned,
  seedCase,
  seedCaseWithFollowUps,
  seedCaseWithStatements,
  seedReport,
  seedRegulatorNotified,
  seedSampleConfirmed,
  seedRiskAssessed,
  seedSourceTraced,
  seedSubjectsNotified,
  seedSupplemented,
  storedEvent,
  storedStream,
} from './testing/case-stream.fixture.js';

const caseId = SEED_CASE_ID;
/** A fact as the status holds it: its event's payload without the case id. */
const withoutCaseId = <P extends { caseId: string }>({ caseId: _caseId, ...fact }: P) => fact;
const evolve = caseStatusProjection.evolve;

const sampleVerified = (verdict: 'confirmed' | 'not-ours' | 'inconclusive', matchedRecords: number, at: string) =>
  ({
    type: 'SampleVerified',
    at,
    payload: {
      caseId,
      verifiedAt: at,
      sampleSize: 100_002,
      matchedRecords,
      confirmedDataCategories: ['national-id'],
      method: 'Key match',
      verdict,
    },
  }) satisfies EventStep;

const closed = (at: string, extra: Partial<{ note: string; duplicateOfCaseId: string }> = {}) =>
  ({
    type: 'CaseClosed',
    at,
    payload: {
      caseId,
      closedAt: at,
      resolution: extra.duplicateOfCaseId ? 'duplicate' : 'breach-remediated',
      ...extra,
    },
  }) satisfies EventStep;

const reopened = (at: string) =>
  ({ type: 'CaseReopened', at, payload: { caseId, reopenedAt: at, reason: 'New facts' } }) satisfies EventStep;

describe('case_status projection', () => {
  describe('given the seed case', () => {
    it('reaches each milestone in turn: reported → sample-verified → source-traced → regulator-notified', () => {
      const stages = documentsAfterEach(caseStatusProjection, seedCase()).map((doc) => doc.stage);

      expect(stages).toEqual([
        'reported',
        'sample-verified',
        'source-traced',
        'regulator-notified',
        'regulator-notified',
      ]);
    });

    it('holds every fact of the case once acknowledged', () => {
      const status = project(caseStatusProjection, seedCase());

      const { title, jurisdictions, report } = seedReport.payload;
      const { notificationId, regulatorId, notifiedAt, content } = seedRegulatorNotified.payload;
      const { acknowledgedAt, reference } = seedAcknowledged.payload;
      expect(status).toStrictEqual({
        _id: caseId,
        caseId,
        title,
        stage: 'regulator-notified',
        milestone: 'regulator-notified',
        jurisdictions,
        report,
        latestSampleVerification: withoutCaseId(seedSampleConfirmed.payload),
        sampleVerificationCount: 1,
        sourceTrace: withoutCaseId(seedSourceTraced.payload),
        regulatorNotifications: [
          {
            notificationId,
            regulatorId,
            notifiedAt,
            content,
            supplements: [],
            acknowledgement: { acknowledgedAt, reference },
          },
        ],
        dataSubjectNotifications: [],
        reopenCount: 0,
        openedAt: seedReport.at,
        updatedAt: seedAcknowledged.at,
        clockFacts: clockFactsFromEvents(seedCase()),
        version: 5,
      });
    });

    it('adds assignee, risk, supplements and data-subject notifications as they come', () => {
      const status = project(caseStatusProjection, seedCaseWithFollowUps());

      const { notificationId: _notification, regulatorId: _regulator, ...supplement } = seedSupplemented.payload;
      const { investigator, assignedAt } = seedAssigned.payload;
      expect(status.assignee).toEqual({ investigator, assignedAt });
      expect(status.riskAssessment).toEqual(withoutCaseId(seedRiskAssessed.payload));
      expect(status.regulatorNotifications[0]!.supplements).toEqual([withoutCaseId(supplement)]);
      expect(status.regulatorNotifications[0]!.acknowledgement?.reference).toBe(seedAcknowledged.payload.reference);
      expect(status.dataSubjectNotifications).toEqual([withoutCaseId(seedSubjectsNotified.payload)]);
      expect(status.version).toBe(11);
    });
  });

  describe('given holding statements', () => {
    it('moves only the last update and the version: statements are not facts of the case', () => {
      const events = seedCaseWithStatements();
      const documents = documentsAfterEach(caseStatusProjection, events);

      events.forEach((event, index) => {
        if (!event.type.startsWith('HoldingStatement')) return;
        expect(documents[index]).toStrictEqual({
          ...documents[index - 1],
          updatedAt: event.occurredAt,
          version: event.version,
        });
      });
    });
  });

  describe('milestones', () => {
    it.each(['confirmed', 'not-ours', 'inconclusive'] as const)(
      'a sample verified with verdict %s reaches sample-verified',
      (verdict) => {
        const status = project(
          caseStatusProjection,
          storedStream(caseId, [seedReport, sampleVerified(verdict, 0, '2021-05-20T10:00:00.000Z')]),
        );

        expect(status.stage).toBe('sample-verified');
        expect(status.latestSampleVerification?.verdict).toBe(verdict);
      },
    );

    it('stay at the furthest one reached, whatever order facts arrive in', () => {
      const events = storedStream(caseId, [
        seedReport,
        seedSourceTraced,
        sampleVerified('not-ours', 0, '2021-05-20T13:00:00.000Z'),
      ]);

      expect(documentsAfterEach(caseStatusProjection, events).map((doc) => doc.milestone)).toEqual([
        'reported',
        'source-traced',
        'source-traced',
      ]);
    });

    it('are not lost when a later sample says not-ours', () => {
      const events = storedStream(caseId, [
        ...[seedReport, seedSampleConfirmed, seedRegulatorNotified],
        sampleVerified('not-ours', 0, '2021-05-21T10:00:00.000Z'),
      ]);

      expect(project(caseStatusProjection, events).stage).toBe('regulator-notified');
    });
  });

  describe('given repeated sample checks', () => {
    it('keeps the latest and counts them all', () => {
      const events = storedStream(caseId, [
        seedReport,
        sampleVerified('inconclusive', 12, '2021-05-20T08:00:00.000Z'),
        sampleVerified('confirmed', 100_002, '2021-05-20T10:00:00.000Z'),
      ]);

      const status = project(caseStatusProjection, events);

      expect(status.latestSampleVerification).toMatchObject({ verdict: 'confirmed', matchedRecords: 100_002 });
      expect(status.sampleVerificationCount).toBe(2);
    });
  });

  describe('closing and reopening', () => {
    it('closed overrides the milestone, and reopening returns to it', () => {
      const events = storedStream(caseId, [
        ...[seedReport, seedSampleConfirmed, seedSourceTraced, seedRegulatorNotified],
        closed('2021-06-30T10:00:00.000Z', { note: 'Vendor credential rotated' }),
        reopened('2021-07-02T10:00:00.000Z'),
      ]);
      const [, , , , whenClosed, whenReopened] = documentsAfterEach(caseStatusProjection, events);

      expect(whenClosed).toMatchObject({
        stage: 'closed',
        milestone: 'regulator-notified',
        closure: {
          closedAt: '2021-06-30T10:00:00.000Z',
          resolution: 'breach-remediated',
          note: 'Vendor credential rotated',
        },
      });
      expect(whenReopened).toMatchObject({
        stage: 'regulator-notified',
        milestone: 'regulator-notified',
        reopenCount: 1,
        lastReopening: { reopenedAt: '2021-07-02T10:00:00.000Z', reason: 'New facts' },
      });
      expect(whenReopened).not.toHaveProperty('closure');
    });

    it('a case closed straight from the report returns to reported, and counts every reopening', () => {
      const events = storedStream(caseId, [
        seedReport,
        closed('2021-05-21T10:00:00.000Z', { duplicateOfCaseId: 'bpjs-2021-05-a' }),
        reopened('2021-05-22T10:00:00.000Z'),
        closed('2021-05-23T10:00:00.000Z'),
        reopened('2021-05-24T10:00:00.000Z'),
      ]);
      const documents = documentsAfterEach(caseStatusProjection, events);

      expect(documents.map((doc) => doc.stage)).toEqual(['reported', 'closed', 'reported', 'closed', 'reported']);
      expect(documents[1]!.closure).toEqual({
        closedAt: '2021-05-21T10:00:00.000Z',
        resolution: 'duplicate',
        duplicateOfCaseId: 'bpjs-2021-05-a',
      });
      expect(documents[4]!.reopenCount).toBe(2);
    });
  });

  describe('optional facts', () => {
    it('are omitted, never undefined', () => {
      const report = { ...seedReport.payload.report };
      delete report.sourceUrl;
      delete report.claimedRecordCount;
      const events = storedStream(caseId, [
        { ...seedReport, payload: { ...seedReport.payload, report } },
        { ...seedSourceTraced, payload: { ...seedSourceTraced.payload, containment: undefined } },
      ]);

      const status = project(caseStatusProjection, events);

      expect(Object.keys(status.report)).toEqual(['receivedAt', 'channel', 'summary', 'dataCategories']);
      expect(status.sourceTrace).not.toHaveProperty('containment');
      expect(status).not.toHaveProperty('assignee');
      expect(status).not.toHaveProperty('closure');
    });
  });

  describe('refuses a stream it cannot trust', () => {
    const report = storedEvent(seedReport, caseId, 1);

    it('an event before ReportReceived', () => {
      expect(() => evolve(null, storedEvent(seedSampleConfirmed, caseId, 1))).toThrow(/before ReportReceived/);
    });

    it('a second ReportReceived', () => {
      expect(() => evolve(evolve(null, report), storedEvent(seedReport, caseId, 2))).toThrow(/second ReportReceived/);
    });

    it('an acknowledgement of a notification it never saw', () => {
      const acknowledged = storedEvent(
        {
          type: 'RegulatorAcknowledged',
          at: '2021-05-21T03:00:00.000Z',
          payload: {
            caseId,
            notificationId: 'nope',
            regulatorId: 'id-komdigi',
            acknowledgedAt: '2021-05-21T03:00:00.000Z',
          },
        },
        caseId,
        2,
      );

      expect(() => evolve(evolve(null, report), acknowledged)).toThrow(/no regulator notification nope/);
    });

    it('an event type newer than this code, so it goes to the dead-letter topic rather than being skipped', () => {
      const future = {
        ...storedEvent(seedSampleConfirmed, caseId, 2),
        type: 'DeadlineExtended',
      } as unknown as CaseStoredEvent;

      expect(() => evolve(evolve(null, report), future)).toThrow(/cannot apply event type DeadlineExtended/);
    });
  });
});
