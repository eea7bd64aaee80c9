import { describe, expect, it } from '@jest/globals';
import { CASE_EVENT_DEFINITIONS, SEED_CLAIMED_RECORDS } from '#libs/domain';
import { CASE_TIMELINE_INDEXES, timelineEntryId, toTimelineEntry } from './case-timeline.projection.js';
import {
  type EventStep,
  notifiabilityAssessed,
  regulatorFeed,
  SEED_CASE_ID,
  SEED_NOTIFIABILITY_FACTS,
  seedCaseWithFollowUps,
  seedCaseWithStatements,
  seedAcknowledged,
  seedAssigned,
  seedRegulatorNotified,
  seedReopened,
  seedReport,
  seedRiskAssessed,
  seedSampleConfirmed,
  seedSourceTraced,
  seedSubjectsNotified,
  seedSupplemented,
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
    const [report, sample, trace] = [seedReport.payload, seedSampleConfirmed.payload, seedSourceTraced.payload];
    const [notified, acknowledged] = [seedRegulatorNotified.payload, seedAcknowledged.payload];
    const [assigned, risk, supplemented] = [seedAssigned.payload, seedRiskAssessed.payload, seedSupplemented.payload];
    const [subjects, reopened] = [seedSubjectsNotified.payload, seedReopened.payload];
    const n = (count: number) => count.toLocaleString('en');
    const feed = `${regulatorFeed.name} (regulator)`;
    expect(entries.map((entry) => entry.line)).toEqual([
      `ana (investigator) opened the case "${report.title}" — reported on social media, ${n(SEED_CLAIMED_RECORDS)} records claimed; jurisdictions ID`,
      `ana (investigator) verified a sample: ${n(sample.matchedRecords)} of ${n(sample.sampleSize)} records matched — verdict confirmed`,
      `ana (investigator) traced the source to ${trace.sourceSystem} by an unknown vector (confidence low)`,
      `ana (investigator) notified regulator ${notified.regulatorId} (notification ${notified.notificationId}: dataExposed, whenAndHow, handlingAndRecovery)`,
      `${feed} recorded that regulator ${acknowledged.regulatorId} acknowledged notification ${acknowledged.notificationId} (reference ${acknowledged.reference})`,
      `ana (investigator) assigned the case to ${assigned.investigator}`,
      `ana (investigator) assessed the risk as ${risk.riskLevel}: about ${n(risk.estimatedAffectedSubjects)} data subjects likely affected`,
      `ana (investigator) supplemented notification ${supplemented.notificationId} to regulator ${supplemented.regulatorId} (supplement ${supplemented.supplementId}: handlingAndRecovery)`,
      `ana (investigator) notified ${n(subjects.subjectCount)} data subjects by public notice`,
      'ana (investigator) closed the case: breach remediated',
      `ana (investigator) reopened the case: ${reopened.reason}`,
    ]);
  });

  it('given a notifiability assessment, tells the facts and each regulator’s outcome (regulator / data subjects)', () => {
    expect(lineOf(assessed)).toBe(
      `ana (investigator) assessed notifiability (${SEED_NOTIFIABILITY_FACTS.affectedSubjects.toLocaleString('en')} data subjects, confidentiality exfiltrated, risk high): id-pdp required / required, id-kominfo-pm20 required / required`,
    );
  });

  it('given a reassessment that changes an outcome, says which outcome changed, from what to what', () => {
    const reassessed = notifiabilityAssessed('2021-05-22T02:00:00.000Z', harmless, [
      { regulatorId: 'id-kominfo-pm20', recipient: 'regulator', from: 'required', to: 'not-required' },
      { regulatorId: 'id-kominfo-pm20', recipient: 'data-subjects', from: 'required', to: 'not-required' },
    ]);
    expect(lineOf(reassessed)).toBe(
      `ana (investigator) assessed notifiability (${SEED_NOTIFIABILITY_FACTS.affectedSubjects.toLocaleString('en')} data subjects, confidentiality none, risk high): id-pdp required / required, id-kominfo-pm20 not-required / not-required; outcome changed: id-kominfo-pm20 the regulator required → not-required, id-kominfo-pm20 the data subjects required → not-required`,
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
      occurredAt: seedSampleConfirmed.at,
      recordedAt: new Date(Date.parse(seedSampleConfirmed.at) + 250).toISOString(),
      actor: { name: 'ana', role: 'investigator' },
      correlationId: 'correlation-2',
      line: 'ana (investigator) verified a sample: 100,002 of 100,002 records matched — verdict confirmed',
    });
  });

  it("names the regulator behind a regulator's key", () => {
    expect(entries[4]!.actor).toStrictEqual(regulatorFeed);
  });

  describe('wording of the variants', () => {
    it('a report without a claimed count', () => {
      const report = { ...seedReport.payload.report, channel: 'researcher' as const };
      delete report.claimedRecordCount;

      expect(lineOf({ ...seedReport, payload: { ...seedReport.payload, jurisdictions: ['ID', 'EU'], report } })).toBe(
        `ana (investigator) opened the case "${seedReport.payload.title}" — reported by a researcher, no record count claimed; jurisdictions ID, EU`,
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
        `ana (investigator) traced the source to ${seedSourceTraced.payload.sourceSystem} by VERIS hacking / Use of stolen creds, through a partner (confidence high)`,
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
