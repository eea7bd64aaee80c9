import { type Actor, type OrganisationProfile, SEED_ACTORS, SEED_IDS, SEED_ORGANISATION, seedBody } from '#libs/domain';
import { type CaseStatusDocument, type CaseStoredEvent, caseStatusProjection } from '#libs/read-models';
import type { DocumentBlock, DocumentModel } from './document-model.js';

// A variation of the seed case (libs/domain/src/seed-case) as a stream of stored events for the composers' tests:
// the organisation, the claim and the sample are the seed's; the variation notifies an EU regulator too, sends two
// supplements, closes and reopens on its own timetable, and puts canaries where a document must leave personal
// data alone.

export const CASE_ID = SEED_IDS.caseId;
export const ORGANISATION = SEED_ORGANISATION satisfies OrganisationProfile;
const seedReport = seedBody('receiveReport', 'ReceiveReport');
const seedSample = seedBody('verifySample', 'VerifySample');
const members = SEED_ORGANISATION.memberCount.count;
export const CANARY = {
  investigator: 'Canary Investigator Qx7',
  riskNotes: 'CANARY-RISK-NOTES',
  dpo: 'Dr. Canary DPO, dpo-canary@bpjs.example',
  messageSummary: 'CANARY-MESSAGE-SUMMARY',
  reopenReason: 'CANARY-REOPEN-REASON',
};

const ana: Actor = SEED_ACTORS.investigator;
const pdpFeed: Actor = SEED_ACTORS.regulator;

type Step = [type: CaseStoredEvent['type'], at: string, payload: Record<string, unknown>, actor?: Actor];

const STEPS: Step[] = [
  [
    'ReportReceived',
    '2021-05-20T03:00:00.000Z',
    {
      title: seedReport.title,
      jurisdictions: ['ID', 'EU'],
      report: { ...seedReport.report, receivedAt: '2021-05-20T03:00:00.000Z' },
    },
  ],
  [
    'InvestigatorAssigned',
    '2021-05-20T04:00:00.000Z',
    { investigator: CANARY.investigator, assignedAt: '2021-05-20T04:00:00.000Z' },
  ],
  [
    'RiskAssessed',
    '2021-05-20T05:00:00.000Z',
    {
      assessedAt: '2021-05-20T05:00:00.000Z',
      riskLevel: 'critical',
      likelyConsequences: 'Identity fraud',
      estimatedAffectedSubjects: members,
      notes: CANARY.riskNotes,
    },
  ],
  ['SampleVerified', '2021-05-21T10:00:00.000Z', { ...seedSample, verifiedAt: '2021-05-21T10:00:00.000Z' }],
  [
    'RegulatorNotified',
    '2021-05-22T12:00:00.000Z',
    {
      notificationId: 'n-pdp',
      regulatorId: pdpFeed.regulatorId,
      notifiedAt: '2021-05-22T12:00:00.000Z',
      content: {
        dataExposed: 'NIK, nama, nomor telepon.',
        whenAndHow: 'Ditawarkan di forum daring sekitar 20 Mei 2021.',
        handlingAndRecovery: 'Tim khusus dibentuk; tautan unduhan diturunkan.',
        internalReference: 'BPJS-IR-7',
      },
    },
  ],
  [
    'RegulatorNotified',
    '2021-05-22T13:00:00.000Z',
    {
      notificationId: 'n-eu',
      regulatorId: 'eu-lead-sa',
      notifiedAt: '2021-05-22T13:00:00.000Z',
      content: {
        nature: 'Offered for sale.',
        categoriesAndApproxNumbers: `About ${seedSample.matchedRecords.toLocaleString('en')} records.`,
        dpoContact: CANARY.dpo,
        likelyConsequences: 'Phishing.',
        measures: 'Takedown.',
      },
    },
  ],
  [
    'RegulatorNotificationSupplemented',
    '2021-05-23T08:00:00.000Z',
    {
      notificationId: 'n-pdp',
      supplementId: 's-1',
      regulatorId: pdpFeed.regulatorId,
      supplementedAt: '2021-05-23T08:00:00.000Z',
      content: { whenAndHow: 'Sumber ditelusuri.' },
      reasonForDelay: 'Sumber baru diketahui.',
    },
  ],
  [
    'RegulatorNotificationSupplemented',
    '2021-05-24T08:00:00.000Z',
    {
      notificationId: 'n-pdp',
      supplementId: 's-2',
      regulatorId: pdpFeed.regulatorId,
      supplementedAt: '2021-05-24T08:00:00.000Z',
      content: { handlingAndRecovery: 'Keamanan berlapis diperkuat.' },
    },
  ],
  [
    'RegulatorAcknowledged',
    '2021-05-24T09:00:00.000Z',
    {
      notificationId: 'n-pdp',
      regulatorId: pdpFeed.regulatorId,
      acknowledgedAt: '2021-05-24T09:00:00.000Z',
      reference: 'PDP/2021/1',
    },
    pdpFeed,
  ],
  [
    'DataSubjectsNotified',
    '2021-05-25T09:00:00.000Z',
    {
      notifiedAt: '2021-05-25T09:00:00.000Z',
      channel: 'public-notice',
      subjectCount: members,
      messageSummary: CANARY.messageSummary,
    },
  ],
  ['CaseClosed', '2021-06-30T10:00:00.000Z', { closedAt: '2021-06-30T10:00:00.000Z', resolution: 'breach-remediated' }],
  ['CaseReopened', '2021-07-01T10:00:00.000Z', { reopenedAt: '2021-07-01T10:00:00.000Z', reason: CANARY.reopenReason }],
];

export function caseEvents(extraAssignments = 0): CaseStoredEvent[] {
  const steps: Step[] = [...STEPS];
  for (let i = 0; i < extraAssignments; i++) {
    const at = new Date(Date.UTC(2021, 6, 2, 0, i)).toISOString();
    steps.push(['InvestigatorAssigned', at, { investigator: i % 2 ? 'ana' : 'budi', assignedAt: at }]);
  }
  return steps.map(
    ([type, at, payload, actor], index) =>
      ({
        eventId: `event-${index + 1}`,
        type,
        schemaVersion: 1,
        caseId: CASE_ID,
        version: index + 1,
        occurredAt: at,
        recordedAt: at,
        actor: actor ?? ana,
        correlationId: `correlation-${index + 1}`,
        causationId: `command-${index + 1}`,
        payload: { caseId: CASE_ID, ...payload },
      }) as CaseStoredEvent,
  );
}

export const statusOf = (events: readonly CaseStoredEvent[]): CaseStatusDocument =>
  events.reduce<CaseStatusDocument | null>((doc, event) => caseStatusProjection.evolve(doc, event), null)!;

/** Every text the model prints, in order, one per line: what a reader of either rendering sees. */
export function textOf(model: DocumentModel): string {
  const blockText = (block: DocumentBlock): string[] => {
    switch (block.kind) {
      case 'heading':
      case 'paragraph':
        return [block.text];
      case 'fields':
        return block.rows.map((row) => `${row.label}: ${row.value}`);
      case 'list':
        return block.items;
      case 'table':
        return [block.columns.map((c) => c.title).join(' | '), ...block.rows.map((row) => row.join(' | '))];
    }
  };
  const { letterhead, title, marking, blocks, footer } = model;
  return [
    letterhead.name,
    ...letterhead.lines,
    title,
    ...(marking ? [marking] : []),
    ...blocks.flatMap(blockText),
    footer,
  ].join('\n');
}
