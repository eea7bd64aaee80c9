import type { Type } from '@nestjs/common';
import type { ParameterObject, ReferenceObject, SchemaObject } from '@nestjs/swagger';
import { CaseCommandsController } from '../cases/case-commands.controller.js';
import { CaseErasureController } from '../cases/case-erasure.controller.js';
import { CaseQueriesController } from '../cases/case-queries.controller.js';
import { DocumentsController } from '../documents/documents.controller.js';
import { FeedController } from '../feed/feed.controller.js';
import { HoldingStatementsController } from '../holding-statements/holding-statements.controller.js';
import { LedgerController } from '../ledger/ledger.controller.js';
import { RegulatorsController } from '../regulators/regulators.controller.js';
import { ledgerExamples } from './ledger.examples.js';
import { requests, seedCase } from './seed-case.examples.js';

/** What only examples can say about an operation; everything else is read from the routes' metadata. */
export interface OperationExamples {
  /** Body example; validated against the body DTO when the document is built. */
  request?: unknown;
  /** For a body without a DTO. */
  requestSchema?: SchemaObject | ReferenceObject;
  /** Example of the success answer; absent only for 204. */
  response?: unknown;
  /** Media type of the success answer (default application/json). */
  mediaType?: string;
  /** Further media types the success answer may be asked for with `Accept`. */
  alternatives?: string[];
  /** A 201 carrying `Location`: what it points to. */
  location?: string;
  headers?: ParameterObject[];
  /** Only for routes whose controllers live outside this app (health, metrics). */
  summary?: string;
  /** Other answers than the errors derived from the metadata. */
  otherResponses?: Record<string, { description: string; example?: unknown }>;
}

/** A PDF's first bytes: the document itself is binary. */
const PDF_EXAMPLE = '%PDF-1.3 …';
/** Documents are headed by the organisation profile. */
const NO_PROFILE = { description: 'No organisation profile has been set yet.' };

type Table<T> = { [K in keyof T]?: OperationExamples };
const table = <T>(controller: Type<T>, operations: Table<T>): [string, OperationExamples][] =>
  Object.entries(operations as Record<string, OperationExamples>).map(([method, examples]) => [
    `${controller.name}_${method}`,
    examples,
  ]);

/** Keyed like operationIds (`Controller_method`); every operation of the document must have an entry. */
export function operationExamples(): Map<string, OperationExamples> {
  const { responses } = seedCase();
  const body = (name: keyof typeof requests, response = responses[name]): OperationExamples => ({
    request: requests[name],
    response,
  });
  return new Map<string, OperationExamples>([
    ...table(CaseCommandsController, {
      receiveReport: { ...body('receiveReport'), location: 'The new case: `/v1/cases/{caseId}`.' },
      assignInvestigator: body('assignInvestigator'),
      assessRisk: body('assessRisk'),
      assessNotifiability: body('assessNotifiability'),
      verifySample: body('verifySample'),
      traceSource: body('traceSource'),
      notifyRegulator: body('notifyRegulator'),
      supplementRegulatorNotification: body('supplementRegulatorNotification'),
      recordRegulatorAcknowledgement: body('recordRegulatorAcknowledgement'),
      notifyDataSubjects: body('notifyDataSubjects'),
      closeCase: body('closeCase'),
      reopenCase: body('reopenCase'),
    }),
    ...table(CaseErasureController, {
      erase: {
        request: { reason: 'Retention period after closure ended' },
        response: {
          caseId: (responses.status as { caseId: string }).caseId,
          version: 27,
          erasedAt: '2022-05-20T00:00:00.000Z',
          erasedBy: 'eko',
          reason: 'Retention period after closure ended',
        },
      },
    }),
    ...table(CaseQueriesController, {
      list: { response: responses.list },
      status: { response: responses.status },
      timeline: { response: responses.timeline },
    }),
    ...table(HoldingStatementsController, {
      draft: {
        ...body('draftHoldingStatement'),
        location: 'The new statement: `/v1/cases/{caseId}/holding-statements/{statementId}`.',
      },
      approve: { response: responses.approve },
      publish: { response: responses.publish },
      withdraw: body('withdrawHoldingStatement', responses.withdraw),
      history: { response: responses.history },
      latest: { response: responses.latest, alternatives: ['text/markdown', 'text/plain', 'application/pdf'] },
      statement: {
        response: responses.latest,
        alternatives: ['text/markdown', 'text/plain', 'application/pdf'],
        otherResponses: { 409: NO_PROFILE },
      },
      organisationProfile: {
        response: responses.organisationProfile,
        otherResponses: { 409: NO_PROFILE },
      },
      setOrganisationProfile: body('organisationProfile'),
    }),
    ...table(DocumentsController, {
      letter: {
        response: PDF_EXAMPLE,
        mediaType: 'application/pdf',
        alternatives: ['text/markdown'],
        otherResponses: { 409: NO_PROFILE },
      },
      report: {
        response: responses.report,
        mediaType: 'text/markdown',
        alternatives: ['application/pdf'],
        otherResponses: { 409: NO_PROFILE },
      },
    }),
    ...table(FeedController, {
      pull: {
        response: responses.feed,
        otherResponses: {
          404: { description: '`caseId` names a case with no notification addressed to you up to `minVersion`.' },
        },
      },
      stream: {
        response: responses.feedStream,
        mediaType: 'text/event-stream',
        headers: [
          {
            name: 'Last-Event-ID',
            in: 'header',
            required: false,
            description: 'The last sequence number received: the stream resumes after it (instead of `after`).',
            schema: { type: 'string', pattern: '^\\d{1,12}$' },
          },
        ],
      },
      acknowledge: body('acknowledgeNotification'),
    }),
    ...table(RegulatorsController, {
      list: { response: responses.regulators },
      get: { response: responses.regulator },
      add: {
        ...body('addRegulator'),
        requestSchema: { $ref: '#/components/schemas/RegulatorDefinition' },
        otherResponses: { 409: { description: 'A regulator with this id exists already.' } },
      },
      setWebhook: body('setWebhook'),
      removeWebhook: {},
      deliveries: { response: responses.deliveries },
      delivery: { response: responses.delivery },
    }),
    ...table(LedgerController, ledgerExamples),
    ['HealthController_live', { summary: 'Liveness: the process answers', response: responses.live }],
    [
      'HealthController_ready',
      {
        summary: 'Readiness: MongoDB and Kafka reachable',
        response: responses.ready,
        otherResponses: {
          503: {
            description: 'A backing server is unreachable.',
            example: {
              ready: false,
              checks: { mongodb: { ok: true }, kafka: { ok: false, error: 'Connection timeout' } },
            },
          },
        },
      },
    ],
    [
      'MetricsController_scrape',
      {
        summary: 'Prometheus metrics',
        response: responses.metrics,
        mediaType: 'text/plain; version=0.0.4; charset=utf-8',
      },
    ],
  ]);
}
