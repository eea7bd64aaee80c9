import { describe, expect, it } from '@jest/globals';
import { CASE_EVENT_DEFINITIONS } from '#libs/domain';
import { CASE_TIMELINE_INDEXES, timelineEntryId, toTimelineEntry } from './case-timeline.projection.js';
import {
  type EventStep,
  notifiabilityAssessed,
  SEED_CASE_ID,
  SEED_NOTIFIABILITY_FACTS,
  seedCaseWithFollowUps,
  seedCaseWithStatements,
  seedReport,
  seedSampleConfirmed,
  seedSourceTraced,
  storedEvent,
} from './testing/case-stream.fixture.js';

const lineOf = (step: EventStep) => toTimelineEntry(storedEvent(step, SEED_CASE_ID, 1)).line;
const erasure: EventStep = {
  type: 'PersonalDataErased',
  at: '2028-05-22T00:00:00.000Z',
  actor: { name: 'retention', role: 'system' },
  payload: {
    caseId: SEED_CASE_ID,
    erasedAt: '2028-05-22T00:00:00.000Z',
    erasedBy: 'retention',
    reason: 'retention: RETENTION_AFTER_CLOSE P6Y after closure',
  },
};

describe('case_timeline projection', () => {
  const events = seedCaseWithFollowUps();
  const entries = events.map(toTimelineEntry);

  const assessed = notifiabilityAssessed('2021-05-21T02:00:00.000Z', SEED_NOTIFIABILITY_FACTS);
  const harmless = { ...SEED_NOTIFIABILITY_FACTS, confidentiality: 'none', availability: 'restored-quickly' } as const;

  it('covers every case event type in these tests', () => {
    const covered = [
      ...events,
      ...seedCaseWithStatements(),
      storedEvent(assessed, SEED_CASE_ID, 1),
      storedEvent(erasure, SEED_CASE_ID, 1),
    ].map((event) => event.type);
    expect(new Set(covered)).toEqual(new Set(CASE_EVENT_DEFINITIONS.map((d) => d.type)));
  });

  it('given the seed case and its follow-ups, tells each event in one line starting with the actor', () => {
    expect(entries.map((entry) => entry.line)).toEqual([
      'ana (investigator) opened the case "Alleged sale of 279 million BPJS Kesehatan member records" — reported on social media, 279,000,000 records claimed; jurisdictions ID',
      'ana (investigator) verified a sample: 100,002 of 100,002 records matched — verdict confirmed',
      'ana (investigator) traced the source to membership-db by an unknown vector (confidence low)',
      'ana (investigator) notified regulator id-komdigi (notification notif-komdigi-1: dataExposed, whenAndHow, handlingAndRecovery)',
      'komdigi-feed (regulator) recorded that regulator id-komdigi acknowledged notification notif-komdigi-1 (reference KOMDIGI/2021/0521)',
      'ana (investigator) assigned the case to Ana Putri',
      'ana (investigator) assessed the risk as critical: about 222,400,000 data subjects likely affected',
      'ana (investigator) supplemented notification notif-komdigi-1 to regulator id-komdigi (supplement supp-1: cause), with reasons for the delay',
      'ana (investigator) notified 222,400,000 data subjects by public notice',
      'ana (investigator) closed the case: breach remediated',
      'ana (investigator) reopened the case: A second sample surfaced',
    ]);
  });

  it('given a notifiability assessment, tells the facts and each regulator’s outcome (regulator / data subjects)', () => {
    expect(lineOf(assessed)).toBe(
      'ana (investigator) assessed notifiability (222,400,000 data subjects, confidentiality exfiltrated, risk high): id-pdp required / required, id-kominfo-pm20 required / required',
    );
  });

  it('given a reassessment that changes an outcome, says which outcome changed, from what to what', () => {
    const reassessed = notifiabilityAssessed('2021-05-22T02:00:00.000Z', harmless, [
      { regulatorId: 'id-kominfo-pm20', recipient: 'regulator', from: 'required', to: 'not-required' },
      { regulatorId: 'id-kominfo-pm20', recipient: 'data-subjects', from: 'required', to: 'not-required' },
    ]);
    expect(lineOf(reassessed)).toBe(
      'ana (investigator) assessed notifiability (222,400,000 data subjects, confidentiality none, risk high): id-pdp required / required, id-kominfo-pm20 not-required / not-required; outcome changed: id-kominfo-pm20 the regulator required → not-required, id-kominfo-pm20 the data subjects required → not-required',
    );
  });

  it('given the seed case with its holding statements, tells each statement event in one line', () => {
    const statementLines = seedCaseWithStatements()
      .map(toTimelineEntry)
      .filter((entry) => entry.type.startsWith('HoldingStatement'))
      .map((entry) => entry.line);

    expect(statementLines).toEqual([
      'rina (pr) drafted holding statement hs-id-1 (id) from the facts at version 2',
      'dewi (admin) approved holding statement hs-id-1',
      'dewi (admin) published holding statement hs-id-1',
      'rina (pr) drafted holding statement hs-id-2 (id) from the facts at version 6',
      'rina (pr) drafted holding statement hs-en-1 (en) from the facts at version 6',
      'dewi (admin) approved holding statement hs-id-2',
      'dewi (admin) published holding statement hs-id-2',
      'rina (pr) withdrew holding statement hs-en-1: The regulator was notified before approval',
    ]);
  });

  it('given an erasure, tells who erased the personal data and why', () => {
    expect(lineOf(erasure)).toBe(
      'retention (system) erased the personal data of the case: retention: RETENTION_AFTER_CLOSE P6Y after closure',
    );
  });

  it('keeps the envelope of each event: who, when, which version, which request', () => {
    expect(entries[1]).toStrictEqual({
      _id: `${SEED_CASE_ID}:2`,
      caseId: SEED_CASE_ID,
      version: 2,
      eventId: `event-${SEED_CASE_ID}-2`,
      type: 'SampleVerified',
      occurredAt: '2021-05-20T10:00:00.000Z',
      recordedAt: '2021-05-20T10:00:00.250Z',
      actor: { name: 'ana', role: 'investigator' },
      correlationId: 'correlation-2',
      line: 'ana (investigator) verified a sample: 100,002 of 100,002 records matched — verdict confirmed',
    });
  });

  it("names the regulator behind a regulator's key", () => {
    expect(entries[4]!.actor).toStrictEqual({ name: 'komdigi-feed', role: 'regulator', regulatorId: 'id-komdigi' });
  });

  describe('wording of the variants', () => {
    it('a report without a claimed count', () => {
      const report = { ...seedReport.payload.report, channel: 'researcher' as const };
      delete report.claimedRecordCount;

      expect(lineOf({ ...seedReport, payload: { ...seedReport.payload, jurisdictions: ['ID', 'EU'], report } })).toBe(
        'ana (investigator) opened the case "Alleged sale of 279 million BPJS Kesehatan member records" — reported by a researcher, no record count claimed; jurisdictions ID, EU',
      );
    });

    it('a sample that is not ours, and a single record', () => {
      const payload = {
        ...seedSampleConfirmed.payload,
        sampleSize: 1,
        matchedRecords: 0,
        verdict: 'not-ours' as const,
      };

      expect(lineOf({ ...seedSampleConfirmed, payload })).toBe(
        'ana (investigator) verified a sample: 0 of 1 record matched — verdict not-ours',
      );
    });

    it('a known vector', () => {
      const payload = {
        ...seedSourceTraced.payload,
        vector: 'hacking:use-of-stolen-credentials' as const,
        viaPartner: true,
        confidence: 'high' as const,
      };

      expect(lineOf({ ...seedSourceTraced, payload })).toBe(
        'ana (investigator) traced the source to membership-db by VERIS hacking / Use of stolen creds, through a partner (confidence high)',
      );
    });

    it('a duplicate closure names the case it duplicates', () => {
      const at = '2021-05-21T00:00:00.000Z';
      const payload = {
        caseId: SEED_CASE_ID,
        closedAt: at,
        resolution: 'duplicate' as const,
        duplicateOfCaseId: 'bpjs-a',
      };

      expect(lineOf({ type: 'CaseClosed', at, payload })).toBe(
        'ana (investigator) closed the case as a duplicate of bpjs-a',
      );
    });

    it('one data subject, notified in the app', () => {
      const at = '2021-05-21T00:00:00.000Z';
      const payload = {
        caseId: SEED_CASE_ID,
        notifiedAt: at,
        channel: 'in-app' as const,
        subjectCount: 1,
        messageSummary: 'x',
      };

      expect(lineOf({ type: 'DataSubjectsNotified', at, payload })).toBe(
        'ana (investigator) notified 1 data subject in the app',
      );
    });
  });

  it('identifies an entry by case and version, and indexes that pair uniquely for paging', () => {
    expect(timelineEntryId('case:with:colons', 12)).toBe('case:with:colons:12');
    expect(CASE_TIMELINE_INDEXES).toEqual([
      { key: { caseId: 1, version: 1 }, options: { name: 'caseId_version', unique: true } },
    ]);
  });
});
