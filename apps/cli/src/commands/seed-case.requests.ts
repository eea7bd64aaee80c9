import { SEED_ORGANISATION, SEED_STORY, type SeedActor, type SeedStep } from '#libs/domain';

// How the seed case (libs/domain/src/seed-case) is told to the API: one HTTP request per step. The demo sends these
// requests and the README's tour is printed from them (`npm run cli -- demo --curl`), so both follow the data; the
// route table lives here, with the only program that posts the story, not in the domain.

export interface SeedRequest {
  /** What happened, naming the case by its seed id where it says `{case}`. */
  says: string;
  /** The step's time, for the story's dates. */
  at: string;
  by: SeedActor;
  method: 'POST' | 'PUT';
  /** With the seed case's ids (SEED_IDS) where the API's generated ids go. */
  path: string;
  body?: object;
  /** The answer's field that carries the id the API generated in place of the seed id named. */
  generates?: { field: 'caseId' | 'notificationId' | 'statementId'; seedId: string };
}

const CASE_ROUTES: Partial<Record<SeedStep['command'], string>> = {
  AssignInvestigator: 'assignments',
  VerifySample: 'sample-verifications',
  TraceSource: 'source-traces',
  AssessRisk: 'risk-assessments',
  AssessNotifiability: 'notifiability-assessments',
  NotifyRegulator: 'regulator-notifications',
  NotifyDataSubjects: 'data-subject-notifications',
  CloseCase: 'closure',
  ReopenCase: 'reopening',
  DraftHoldingStatement: 'holding-statements',
};
const STATEMENT_ROUTES: Partial<Record<SeedStep['command'], string>> = {
  ApproveHoldingStatement: 'approval',
  PublishHoldingStatement: 'publication',
  WithdrawHoldingStatement: 'withdrawal',
};

/** The request a step is sent as. */
export function seedRequest(step: SeedStep): SeedRequest {
  const { at, by } = step;
  const says = step.says.replace('{case}', step.caseId);
  const cases = `/v1/cases/${step.caseId}`;
  const body = Object.keys(step.body).length > 0 ? step.body : undefined;
  const request = (path: string, sent: object | undefined = body): SeedRequest => ({
    says,
    at,
    by,
    method: 'POST',
    path,
    ...(sent && { body: sent }),
  });
  const notification = step.about?.notificationId ?? '';
  const statement = step.about?.statementId ?? '';
  switch (step.command) {
    case 'ReceiveReport':
      return { ...request('/v1/cases'), generates: { field: 'caseId', seedId: step.caseId } };
    case 'NotifyRegulator':
      return {
        ...request(`${cases}/regulator-notifications`),
        generates: { field: 'notificationId', seedId: step.generates!.notificationId! },
      };
    case 'DraftHoldingStatement':
      return {
        ...request(`${cases}/holding-statements`),
        generates: { field: 'statementId', seedId: step.generates!.statementId! },
      };
    case 'SupplementRegulatorNotification':
      return request(`${cases}/regulator-notifications/${notification}/supplements`);
    case 'RecordRegulatorAcknowledgement': {
      if (by !== 'regulator') return request(`${cases}/regulator-notifications/${notification}/acknowledgement`);
      // The regulator's own feed knows the regulator from its key.
      const { regulatorId: _fromTheKey, ...acknowledgement } = step.body;
      return request(`/v1/feed/${notification}/acknowledgement`, acknowledgement);
    }
    default: {
      const statementRoute = STATEMENT_ROUTES[step.command];
      if (statementRoute) return request(`${cases}/holding-statements/${statement}/${statementRoute}`);
      return request(`${cases}/${CASE_ROUTES[step.command]!}`);
    }
  }
}

/** What the demo sends, in order: the organisation profile, then every step of the story. */
export function seedRequests(): SeedRequest[] {
  return [
    {
      says: 'organisation profile: who speaks for BPJS Kesehatan, and how many members it has',
      at: SEED_STORY[0].at,
      by: 'admin',
      method: 'PUT',
      path: '/v1/organisation-profile',
      body: SEED_ORGANISATION,
    },
    ...SEED_STORY.map(seedRequest),
  ];
}
