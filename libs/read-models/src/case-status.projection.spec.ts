import { describe, expect, it } from '@jest/globals';
import { clockFactsFromEvents } from '#libs/domain';
import { caseStatusProjection } from './case-status.projection.js';
import type { CaseStoredEvent } from './projection.js';
import {
  documentsAfterEach,
  type EventStep,
  project,
  SEED_CASE_ID,
  seedCase,
  seedCaseWithFollowUps,
  seedCaseWithStatements,
  seedReport,
  seedRegulatorNotified,
  seedSampleConfirmed,
  seedSourceTraced,
  storedEvent,
  storedStream,
} from './testing/case-stream.fixture.js';

const caseId = SEED_CASE_ID;
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

      expect(status).toStrictEqual({
        _id: caseId,
        caseId,
        title: 'Alleged sale of 279 million BPJS Kesehatan member records',
        stage: 'regulator-notified',
        milestone: 'regulator-notified',
        jurisdictions: ['ID'],
        report: {
          receivedAt: '2021-05-20T06:00:00.000Z',
          channel: 'social-media',
          summary: 'Posts allege data of 279 million Indonesians is for sale on an online forum, with a free sample',
          sourceUrl: 'https://forum.example/threads/279m',
          claimedRecordCount: 279_000_000,
          dataCategories: ['national-id', 'name', 'phone', 'address', 'email', 'tax-id', 'salary', 'card-number'],
        },
        latestSampleVerification: {
          verifiedAt: '2021-05-20T09:30:00.000Z',
          sampleSize: 100_002,
          matchedRecords: 100_002,
          confirmedDataCategories: ['national-id', 'name', 'phone', 'card-number'],
          method: 'Format and key match of the free sample against the membership database',
          verdict: 'confirmed',
        },
        sampleVerificationCount: 1,
        sourceTrace: {
          tracedAt: '2021-05-20T11:45:00.000Z',
          sourceSystem: 'membership-db',
          vector: 'unknown',
          viaPartner: false,
          confidence: 'low',
          summary: 'Special team tracing the source',
          containment: 'Download links taken down',
        },
        regulatorNotifications: [
          {
            notificationId: 'notif-komdigi-1',
            regulatorId: 'id-komdigi',
            notifiedAt: '2021-05-20T14:00:00.000Z',
            content: {
              dataExposed: 'National ID, name, phone and card number of members',
              whenAndHow: 'A sample offered on an online forum on 20 May 2021; source under investigation',
              handlingAndRecovery: 'Special team formed; download links taken down',
            },
            supplements: [],
            acknowledgement: { acknowledgedAt: '2021-05-21T03:00:00.000Z', reference: 'KOMDIGI/2021/0521' },
          },
        ],
        dataSubjectNotifications: [],
        reopenCount: 0,
        openedAt: '2021-05-20T06:10:00.000Z',
        updatedAt: '2021-05-21T03:00:00.000Z',
        clockFacts: clockFactsFromEvents(seedCase()),
        version: 5,
      });
    });

    it('adds assignee, risk, supplements and data-subject notifications as they come', () => {
      const status = project(caseStatusProjection, seedCaseWithFollowUps());

      expect(status.assignee).toEqual({ investigator: 'Ana Putri', assignedAt: '2021-05-21T04:00:00.000Z' });
      expect(status.riskAssessment).toEqual({
        assessedAt: '2021-05-21T05:00:00.000Z',
        riskLevel: 'critical',
        likelyConsequences: 'Identity fraud and targeted phishing',
        estimatedAffectedSubjects: 222_400_000,
      });
      expect(status.regulatorNotifications[0]!.supplements).toEqual([
        {
          supplementId: 'supp-1',
          supplementedAt: '2021-05-22T08:00:00.000Z',
          content: { cause: 'Compromised vendor credential' },
          reasonForDelay: 'The source was traced only after the first notification',
        },
      ]);
      expect(status.regulatorNotifications[0]!.acknowledgement?.reference).toBe('KOMDIGI/2021/0521');
      expect(status.dataSubjectNotifications).toEqual([
        {
          notifiedAt: '2021-05-22T09:00:00.000Z',
          channel: 'public-notice',
          subjectCount: 222_400_000,
          messageSummary: 'What happened, what we are doing, what members can do',
        },
      ]);
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
