import { type RegulatorDefinition, SEED_ORGANISATION, seedBody } from '#libs/domain';
import type {
  AssessNotifiabilityDto,
  AssessRiskDto,
  AssignInvestigatorDto,
  CloseCaseDto,
  NotifyDataSubjectsDto,
  NotifyRegulatorDto,
  RecordRegulatorAcknowledgementDto,
  ReopenCaseDto,
  SupplementRegulatorNotificationDto,
  TraceSourceDto,
  VerifySampleDto,
} from '../cases/dto/case-fact.dtos.js';
import type { ReceiveReportDto } from '../cases/dto/receive-report.dto.js';
import type { AcknowledgeNotificationDto } from '../feed/feed.dto.js';
import type {
  DraftHoldingStatementDto,
  WithdrawHoldingStatementDto,
} from '../holding-statements/holding-statement.dtos.js';
import type { OrganisationProfileDto } from '../holding-statements/organisation-profile.dto.js';
import type { SetWebhookDto } from '../regulators/regulators.dto.js';

// The request examples: the seed case's own bodies (libs/domain/src/seed-case), each checked against its DTO here
// and validated again when the document is built; the registry's examples are not part of the story.

const { regulatorId: _feedKnowsTheRegulator, ...acknowledgement } = seedBody(
  'acknowledgeNotification',
  'RecordRegulatorAcknowledgement',
);

export const requests = {
  receiveReport: seedBody('receiveReport', 'ReceiveReport') satisfies ReceiveReportDto,
  assignInvestigator: seedBody('assignInvestigator', 'AssignInvestigator') satisfies AssignInvestigatorDto,
  verifySample: seedBody('verifySample', 'VerifySample') satisfies VerifySampleDto,
  traceSource: seedBody('traceSource', 'TraceSource') satisfies TraceSourceDto,
  assessRisk: seedBody('assessRisk', 'AssessRisk') satisfies AssessRiskDto,
  assessNotifiability: seedBody('assessNotifiability', 'AssessNotifiability') satisfies AssessNotifiabilityDto,
  notifyRegulator: seedBody('notifyRegulator', 'NotifyRegulator') satisfies NotifyRegulatorDto,
  supplementRegulatorNotification: seedBody(
    'supplementRegulatorNotification',
    'SupplementRegulatorNotification',
  ) satisfies SupplementRegulatorNotificationDto,
  recordRegulatorAcknowledgement: seedBody(
    'acknowledgeNotification',
    'RecordRegulatorAcknowledgement',
  ) satisfies RecordRegulatorAcknowledgementDto,
  acknowledgeNotification: acknowledgement satisfies AcknowledgeNotificationDto,
  notifyDataSubjects: seedBody('notifyDataSubjects', 'NotifyDataSubjects') satisfies NotifyDataSubjectsDto,
  draftHoldingStatement: seedBody('draftHoldingStatement', 'DraftHoldingStatement') satisfies DraftHoldingStatementDto,
  withdrawHoldingStatement: seedBody(
    'withdrawHoldingStatement',
    'WithdrawHoldingStatement',
  ) satisfies WithdrawHoldingStatementDto,
  closeCase: seedBody('closeCase', 'CloseCase') satisfies CloseCaseDto,
  reopenCase: seedBody('reopenCase', 'ReopenCase') satisfies ReopenCaseDto,
  organisationProfile: SEED_ORGANISATION satisfies OrganisationProfileDto,
  setWebhook: {
    url: 'https://pdp-agency.example/breachline/webhooks',
    secret: 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw',
  } satisfies SetWebhookDto,
  addRegulator: {
    id: 'id-ojk',
    name: { en: 'Financial Services Authority (OJK)', id: 'Otoritas Jasa Keuangan (OJK)' },
    jurisdiction: 'ID',
    legalBasis: 'Illustrative entry: financial-services reporting rule',
    deadline: { amount: 24, unit: 'hours', clockStartsAt: 'awareness', description: '24 hours from awareness' },
    requiredContent: [
      { field: 'incidentSummary', label: 'Incident summary', description: 'What happened and when it was found.' },
      { field: 'affectedServices', label: 'Affected services' },
    ],
    delivery: { mode: 'webhook', url: 'https://ojk.example/breachline/webhooks' },
  } satisfies RegulatorDefinition,
};
