import type { CaseCommand, CaseCommandType } from '../case/case-commands.js';
import type { OrganisationProfile } from '../holding-statement/holding-statement-types.js';
import type { Actor } from '../shared/actor.js';

// The seed case of DOMAIN.md (BPJS Kesehatan, public reporting, May 2021) and the 2019 concern, defined once as
// data: who records what, when, with which request body. The demo posts these steps, the OpenAPI examples and the
// README's tour show them, and test fixtures get their events by running the decider on them (seed-case-events.ts).
// It lives in the domain because it is data in the domain's own vocabulary, importable by every app and test; how
// a step becomes an HTTP request is the CLI's concern (apps/cli/src/commands/seed-case.requests.ts).

/** What the organisation published about itself: 222.4 million members in May 2021. */
export const SEED_ORGANISATION = {
  name: 'BPJS Kesehatan',
  memberCount: { count: 222_400_000, asOf: '2021-05', noun: 'members' },
  spokesperson: { name: 'Humas BPJS Kesehatan', email: 'humas@bpjs-kesehatan.example' },
  nextUpdateWithinHours: 24,
  timeZone: 'Asia/Jakarta',
  workingHours: { start: '09:00', end: '18:00' },
} as const satisfies OrganisationProfile;

/** The people of the story, as the API keys name them. */
export const SEED_ACTORS = {
  investigator: { name: 'ana', role: 'investigator' },
  /** Drafts holding statements. */
  pr: { name: 'citra', role: 'pr' },
  /** Approves and publishes them: four eyes. */
  secondPr: { name: 'dewi', role: 'pr' },
  regulator: { name: 'pdp-agency', role: 'regulator', regulatorId: 'id-pdp' },
  admin: { name: 'admin', role: 'admin' },
} as const satisfies Record<string, Actor>;
export type SeedActor = keyof typeof SEED_ACTORS;

/** Ids the API would generate, fixed so that everything built from the seed case is the same on every run. */
export const SEED_IDS = {
  caseId: '0b6f3c1e-5d2a-4c8e-9f47-2a1d8e6b7c35',
  concernCaseId: '9c41d7a2-6e3b-4f05-a8d1-3b7e2c9f4a60',
  notificationId: '5e2c8a41-7b3d-4f19-8c6e-d0a9b1f24e76',
  supplementId: 'a7d4e2b9-1c6f-4e83-b5a0-93f7c2d18e64',
  /** The four-point statement of 20 May (claim stage), then its update in both languages after the notification. */
  firstStatementId: 'c3e9a7f2-4b1d-4d6a-8e25-6f0b9d3c1a87',
  statementId: 'd8b2f6e1-3a9c-4e7d-b1f0-7c5a2e9d4b13',
  englishStatementId: 'e4a7c3d9-8f2b-4a61-9d5e-1b6c8f3a7e29',
} as const;

/** The claim as it arrived: 279 million records alleged for sale; 15 data categories claimed. */
export const SEED_CLAIMED_RECORDS = 279_000_000;
/** Kominfo's check of the free sample: 100,002 rows matching member formats (not the 1 million claimed). */
export const SEED_SAMPLE_ROWS = 100_002;

type DataOf<T extends CaseCommandType> = Extract<CaseCommand, { type: T }>['data'];
/** What the API generates or takes from the path (case, notification, supplement and statement ids). */
type Generated = 'caseId' | 'notificationId' | 'supplementId' | 'statementId';
/** A step's request body: the command's data without what the API adds. */
export type SeedBody<T extends CaseCommandType> = T extends 'DraftHoldingStatement'
  ? { language: 'id' | 'en'; includeSourceDetails: boolean }
  : T extends 'ApproveHoldingStatement' | 'PublishHoldingStatement'
    ? Record<string, never>
    : T extends 'WithdrawHoldingStatement'
      ? { reason: string }
      : T extends 'RecordRegulatorAcknowledgement'
        ? Omit<DataOf<T>, Generated> & { acknowledgedAt: string }
        : Omit<DataOf<T>, Generated>;

/** One thing someone records: the command, on which case, by whom, recorded at `at`, with the request body. */
export type SeedStep = {
  [T in CaseCommandType]: {
    /** Names the step in examples and fixtures. */
    name: string;
    /** What happened, for the demo's output and the README's tour; `{case}` stands for the case's id. */
    says: string;
    command: T;
    caseId: string;
    by: SeedActor;
    at: string;
    body: SeedBody<T>;
    /** Ids the API generates for this step (new notification, supplement or statement). */
    generates?: { notificationId?: string; supplementId?: string; statementId?: string };
    /** The notification or statement the step is about (a path parameter). */
    about?: { notificationId?: string; statementId?: string };
  };
}[CaseCommandType];

const step = <T extends CaseCommandType>(s: Extract<SeedStep, { command: T }>) => s;
const { caseId, concernCaseId, notificationId, supplementId } = SEED_IDS;
const confirmed = ['national-id', 'name', 'phone', 'address', 'card-number', 'office-code', 'payment-status'] as const;

/** 20–22 May 2021 (UTC; 08:00Z is 15:00 WIB): what the demo posts, in order. */
export const SEED_STORY: readonly SeedStep[] = [
  step({
    name: 'receiveReport',
    says: 'report received: case {case}',
    command: 'ReceiveReport',
    caseId,
    by: 'investigator',
    at: '2021-05-20T03:05:00Z',
    body: {
      title: 'Alleged sale of data of 279 million Indonesians on an online forum',
      jurisdictions: ['ID'],
      report: {
        receivedAt: '2021-05-20T03:00:00Z',
        channel: 'social-media',
        summary:
          'Posts allege that data of 279 million Indonesians, including deceased, is for sale; a free sample is offered.',
        sourceUrl: 'https://forum.example/thread/279m',
        claimedRecordCount: SEED_CLAIMED_RECORDS,
        dataCategories: [
          'national-id',
          'name',
          'phone',
          'address',
          'email',
          'tax-id',
          'birth-place-date',
          'gender',
          'photo',
          'family-members',
          'salary',
          'card-number',
          'office-code',
          'dependants',
          'payment-status',
        ],
      },
    },
  }),
  step({
    name: 'assignInvestigator',
    says: 'ana leads the investigation',
    command: 'AssignInvestigator',
    caseId,
    by: 'investigator',
    at: '2021-05-20T03:16:00Z',
    body: { investigator: 'ana', assignedAt: '2021-05-20T03:15:00Z', note: 'Lead investigator for the forum claim.' },
  }),
  ...statementIssued('ClaimStatement', SEED_IDS.firstStatementId, 'id', '2021-05-20T08:00:00Z'),
  step({
    name: 'verifySample',
    says: 'sample verified: the rows match member formats (confirmed)',
    command: 'VerifySample',
    caseId,
    by: 'investigator',
    at: '2021-05-21T10:05:00Z',
    body: {
      verifiedAt: '2021-05-21T10:00:00Z',
      sampleSize: SEED_SAMPLE_ROWS,
      matchedRecords: SEED_SAMPLE_ROWS,
      confirmedDataCategories: [...confirmed],
      method: 'Format and membership check of the free sample (Kominfo found 100,002 rows, not the 1 million claimed)',
      verdict: 'confirmed',
    },
  }),
  step({
    name: 'traceSource',
    says: 'source tracing under way, download links taken down',
    command: 'TraceSource',
    caseId,
    by: 'investigator',
    at: '2021-05-21T14:05:00Z',
    body: {
      tracedAt: '2021-05-21T14:00:00Z',
      sourceSystem: 'member-data-exchange',
      vector: 'unknown',
      confidence: 'low',
      summary: 'Special team tracing the source; download links taken down.',
      containment: 'Download links taken down; exports from the member data exchange suspended.',
    },
  }),
  step({
    name: 'assessRisk',
    says: 'risk assessed: high',
    command: 'AssessRisk',
    caseId,
    by: 'investigator',
    at: '2021-05-21T15:05:00Z',
    body: {
      assessedAt: '2021-05-21T15:00:00Z',
      riskLevel: 'high',
      likelyConsequences:
        'Identity fraud and targeted phishing using national ID numbers, phone numbers and card numbers.',
      estimatedAffectedSubjects: SEED_SAMPLE_ROWS,
    },
  }),
  step({
    name: 'assessNotifiability',
    says: 'notifiability assessed against every law that reaches the case',
    command: 'AssessNotifiability',
    caseId,
    by: 'investigator',
    at: '2021-05-21T15:35:00Z',
    body: {
      assessedAt: '2021-05-21T15:30:00Z',
      affectedSubjects: SEED_SAMPLE_ROWS,
      dataCategories: [...confirmed],
      confidentiality: 'exfiltrated',
      integrity: false,
      availability: 'none',
      dataUnintelligible: false,
      harmRemediated: false,
      riskToIndividuals: 'high',
      notes: 'The verified sample was offered for sale on an online forum; identity fraud is likely.',
    },
  }),
  step({
    name: 'notifyRegulator',
    says: 'Indonesian PDP agency notified',
    command: 'NotifyRegulator',
    caseId,
    by: 'investigator',
    at: '2021-05-21T16:05:00Z',
    generates: { notificationId },
    body: {
      regulatorId: 'id-pdp',
      notifiedAt: '2021-05-21T16:00:00Z',
      content: {
        dataExposed: 'Member identity data: NIK, name, phone, address, card number, office code, payment status.',
        whenAndHow: 'Offered for sale on an online forum around 20 May 2021; the source is being traced.',
        handlingAndRecovery: 'Special team formed, download links taken down, layered security reinforced.',
      },
    },
  }),
  step({
    name: 'supplementRegulatorNotification',
    says: 'notification supplemented',
    command: 'SupplementRegulatorNotification',
    caseId,
    by: 'investigator',
    at: '2021-05-22T09:05:00Z',
    about: { notificationId },
    generates: { supplementId },
    body: {
      supplementedAt: '2021-05-22T09:00:00Z',
      content: { handlingAndRecovery: 'Exports from the member data exchange suspended pending the forensic review.' },
    },
  }),
  // The regulator acknowledges through its own feed (investigators may record one that came by mail).
  step({
    name: 'acknowledgeNotification',
    says: 'the PDP agency acknowledges through its feed',
    command: 'RecordRegulatorAcknowledgement',
    caseId,
    by: 'regulator',
    at: '2021-05-22T10:00:05Z',
    about: { notificationId },
    body: { regulatorId: 'id-pdp', acknowledgedAt: '2021-05-22T10:00:00Z', reference: 'PDP-2021-0522-017' },
  }),
  step({
    name: 'notifyDataSubjects',
    says: 'members told by public notice',
    command: 'NotifyDataSubjects',
    caseId,
    by: 'investigator',
    at: '2021-05-22T11:05:00Z',
    body: {
      notifiedAt: '2021-05-22T11:00:00Z',
      channel: 'public-notice',
      subjectCount: SEED_SAMPLE_ROWS,
      messageSummary:
        'Public notice to members on the claim, what is confirmed and how to spot phishing that uses leaked data.',
    },
  }),
  ...statementIssued('HoldingStatement', SEED_IDS.statementId, 'id', '2021-05-22T12:00:00Z'),
  ...statementIssued('EnglishStatement', SEED_IDS.englishStatementId, 'en', '2021-05-22T12:10:00Z'),
  // Aug 2019: a concern, not a breach, triaged and closed without notification.
  step({
    name: 'receiveConcern',
    says: 'a concern arrives: case {case}',
    command: 'ReceiveReport',
    caseId: concernCaseId,
    by: 'investigator',
    at: '2019-08-12T02:05:00Z',
    body: {
      title: 'Concern: cooperation with a foreign insurer could expose member data',
      jurisdictions: ['ID'],
      report: {
        receivedAt: '2019-08-12T02:00:00Z',
        channel: 'media',
        summary:
          'Press and watchdogs warn that a proposed cooperation with a foreign insurer could expose member data.',
        dataCategories: [],
      },
    },
  }),
  step({
    name: 'closeConcern',
    says: 'a concern, not a breach: case {case} triaged and closed without notification',
    command: 'CloseCase',
    caseId: concernCaseId,
    by: 'investigator',
    at: '2019-08-14T02:05:00Z',
    body: {
      closedAt: '2019-08-14T02:00:00Z',
      resolution: 'false-report',
      note: 'A concern about a proposed cooperation, not a breach: triaged, no data exposed, no notification due.',
    },
  }),
];

/**
 * After the demo's story (the demo stops before it, leaving the case open with a current statement): the English
 * statement withdrawn, the case closed, then reopened. Examples and fixtures use it for the routes the story lacks.
 */
export const SEED_AFTERWARDS: readonly SeedStep[] = [
  step({
    name: 'withdrawHoldingStatement',
    says: 'English statement withdrawn',
    command: 'WithdrawHoldingStatement',
    caseId,
    by: 'secondPr',
    at: '2021-05-26T01:00:00Z',
    about: { statementId: SEED_IDS.englishStatementId },
    body: { reason: 'Replaced by the joint statement agreed with the authorities.' },
  }),
  step({
    name: 'closeCase',
    says: 'case closed: breach remediated',
    command: 'CloseCase',
    caseId,
    by: 'investigator',
    at: '2021-07-30T08:05:00Z',
    body: {
      closedAt: '2021-07-30T08:00:00Z',
      resolution: 'breach-remediated',
      note: 'Source export closed; members and regulators informed.',
    },
  }),
  step({
    name: 'reopenCase',
    says: 'case reopened: a second sample surfaced',
    command: 'ReopenCase',
    caseId,
    by: 'investigator',
    at: '2021-08-02T08:05:00Z',
    body: {
      reopenedAt: '2021-08-02T08:00:00Z',
      reason: 'A second sample from the same export surfaced on another forum.',
    },
  }),
];

/** Drafted by PR at `at`, approved 20 and published 30 minutes later by a second PR officer. */
function statementIssued(suffix: string, statementId: string, language: 'id' | 'en', at: string): SeedStep[] {
  const later = (minutes: number) => new Date(Date.parse(at) + minutes * 60_000).toISOString().replace('.000', '');
  return [
    step({
      name: `draft${suffix}`,
      says: `${language} holding statement drafted on the facts so far`,
      command: 'DraftHoldingStatement',
      caseId,
      by: 'pr',
      at,
      generates: { statementId },
      body: { language, includeSourceDetails: false },
    }),
    step({
      name: `approve${suffix}`,
      says: 'approved by a second PR officer',
      command: 'ApproveHoldingStatement',
      caseId,
      by: 'secondPr',
      at: later(20),
      about: { statementId },
      body: {},
    }),
    step({
      name: `publish${suffix}`,
      says: 'published',
      command: 'PublishHoldingStatement',
      caseId,
      by: 'secondPr',
      at: later(30),
      about: { statementId },
      body: {},
    }),
  ];
}

/** The step of the story or afterwards with this name. */
export function seedStep(name: string): SeedStep {
  const found = [...SEED_STORY, ...SEED_AFTERWARDS].find((candidate) => candidate.name === name);
  if (!found) throw new Error(`The seed case has no step ${name}`);
  return found;
}

/** The body of the step with this name, which must record `command`. */
export function seedBody<T extends CaseCommandType>(name: string, command: T): SeedBody<T> {
  const found = seedStep(name);
  if (found.command !== command) throw new Error(`The seed step ${name} records ${found.command}, not ${command}`);
  return found.body as SeedBody<T>;
}
