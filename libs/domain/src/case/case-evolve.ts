import { type CaseEvent, isStatementEvent, type StatementEvent } from './case-events.js';
import {
  initialCaseState,
  type CaseState,
  type ExistingCaseState,
  type NotificationState,
  type OpenCaseState,
  type StatementStatus,
} from './case-state.js';

export function evolve(state: CaseState, event: CaseEvent): CaseState {
  const version = state.version + 1;
  if (event.type === 'ReportReceived') {
    if (state.status !== 'absent') throw new Error(`Corrupt case stream: a second ReportReceived`);
    const { caseId, jurisdictions, report } = event.payload;
    return {
      status: 'open',
      version,
      caseId,
      receivedAt: report.receivedAt,
      jurisdictions: [...jurisdictions],
      latestVerdict: null,
      notifications: [],
      notifiability: null,
      factsVersion: version,
      lastFactType: event.type,
      statements: [],
      erasedAt: null,
    };
  }
  if (state.status === 'absent') {
    throw new Error(`Corrupt case stream: ${event.type} before ReportReceived`);
  }
  if (isStatementEvent(event)) return evolveStatement({ ...state, version }, event);
  return evolveExisting({ ...state, version, factsVersion: version, lastFactType: event.type }, event);
}

export function evolveAll(events: readonly CaseEvent[], from: CaseState = initialCaseState()): CaseState {
  return events.reduce(evolve, from);
}

function evolveStatement(state: ExistingCaseState, event: StatementEvent): ExistingCaseState {
  switch (event.type) {
    case 'HoldingStatementDrafted': {
      const { statementId, language, draftedBy, factsVersion } = event.payload;
      const statement = { statementId, language, draftedBy, factsVersion, status: 'draft' as const };
      return { ...state, statements: [...state.statements, statement] };
    }
    case 'HoldingStatementApproved':
      return setStatementStatus(state, event.payload.statementId, 'approved');
    case 'HoldingStatementPublished': {
      const published = state.statements.find((s) => s.statementId === event.payload.statementId);
      const superseded = state.statements.map((s) =>
        s.status === 'published' && s.language === published?.language ? { ...s, status: 'superseded' as const } : s,
      );
      return setStatementStatus({ ...state, statements: superseded }, event.payload.statementId, 'published');
    }
    case 'HoldingStatementWithdrawn':
      return setStatementStatus(state, event.payload.statementId, 'withdrawn');
  }
}

function setStatementStatus(state: ExistingCaseState, statementId: string, status: StatementStatus): ExistingCaseState {
  return {
    ...state,
    statements: state.statements.map((s) => (s.statementId === statementId ? { ...s, status } : s)),
  };
}

function evolveExisting(
  state: ExistingCaseState,
  event: Exclude<CaseEvent, { type: 'ReportReceived' } | StatementEvent>,
): CaseState {
  switch (event.type) {
    case 'InvestigatorAssigned':
    case 'RiskAssessed':
    case 'SourceTraced':
    case 'DataSubjectsNotified':
      return state;
    case 'SampleVerified':
      return { ...state, latestVerdict: event.payload.verdict };
    case 'NotifiabilityAssessed': {
      const notifiability = event.payload.outcomes.map(({ regulatorId, regulator, dataSubjects }) => ({
        regulatorId,
        regulator,
        dataSubjects,
      }));
      return { ...state, notifiability };
    }
    case 'RegulatorNotified': {
      const { notificationId, regulatorId, notifiedAt } = event.payload;
      const notification = { notificationId, regulatorId, notifiedAt, supplementIds: [], acknowledged: false };
      return { ...state, notifications: [...state.notifications, notification] };
    }
    case 'RegulatorNotificationSupplemented': {
      const { notificationId, supplementId } = event.payload;
      return updateNotification(state, notificationId, (n) => ({
        ...n,
        supplementIds: [...n.supplementIds, supplementId],
      }));
    }
    case 'RegulatorAcknowledged':
      return updateNotification(state, event.payload.notificationId, (n) => ({ ...n, acknowledged: true }));
    case 'CaseClosed':
      return {
        ...withoutClosure(state),
        status: 'closed',
        closedAt: event.payload.closedAt,
        resolution: event.payload.resolution,
      };
    case 'CaseReopened':
      return withoutClosure(state);
    case 'PersonalDataErased':
      return { ...state, erasedAt: event.payload.erasedAt };
  }
}

/** The case's facts without its closure: the state a reopened case resumes from. */
function withoutClosure(state: ExistingCaseState): OpenCaseState {
  if (state.status === 'open') return state;
  const { closedAt, resolution, ...facts } = state;
  return { ...facts, status: 'open' };
}

function updateNotification(
  state: ExistingCaseState,
  notificationId: string,
  update: (notification: NotificationState) => NotificationState,
): ExistingCaseState {
  return {
    ...state,
    notifications: state.notifications.map((n) => (n.notificationId === notificationId ? update(n) : n)),
  };
}
