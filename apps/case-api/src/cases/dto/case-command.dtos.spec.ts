import { describe, expect, it } from '@jest/globals';
import type { Type } from '@nestjs/common';
import { createValidationPipe } from '../../http/validation.pipe.js';
import { FieldValidationException } from '../../http/problem-details.filter.js';
import {
  DraftHoldingStatementDto,
  WithdrawHoldingStatementDto,
} from '../../holding-statements/holding-statement.dtos.js';
import {
  AssessNotifiabilityDto,
  AssessRiskDto,
  AssignInvestigatorDto,
  CloseCaseDto,
  NotifyDataSubjectsDto,
  NotifyRegulatorDto,
  ReopenCaseDto,
  TraceSourceDto,
  VerifySampleDto,
} from './case-fact.dtos.js';
import { ReceiveReportDto } from './receive-report.dto.js';

// The shape of a command is checked once, here at the edge: each refusal names the field and the rule, so the API
// answers 400 before anything reaches the decider. What the values mean for the case is the decider's (its specs).

const pipe = createValidationPipe();
const validate = (dto: Type<unknown>, body: unknown) => pipe.transform(body, { type: 'body', metatype: dto });

async function refusalOf(dto: Type<unknown>, body: unknown) {
  try {
    await validate(dto, body);
  } catch (error) {
    expect(error).toBeInstanceOf(FieldValidationException);
    return (error as FieldValidationException).errors.map(({ field, rule }) => ({ field, rule }));
  }
  throw new Error('expected the body to be refused, but it was accepted');
}

const report = {
  title: 'Alleged sale of 279M member records',
  jurisdictions: ['ID'],
  report: {
    receivedAt: '2021-05-20T06:00:00Z',
    channel: 'social-media',
    summary: 'Forum post offers member data',
    dataCategories: ['national-id'],
  },
};
const bodies = {
  assignment: { investigator: 'Ana Putri', assignedAt: '2021-05-20T07:00:00Z' },
  risk: {
    assessedAt: '2021-05-20T09:00:00Z',
    riskLevel: 'high',
    likelyConsequences: 'Identity fraud and targeted phishing',
    estimatedAffectedSubjects: 222_400_000,
  },
  notifiability: {
    assessedAt: '2021-05-20T11:00:00Z',
    affectedSubjects: 100_002,
    dataCategories: ['national-id', 'name'],
    confidentiality: 'exfiltrated',
    integrity: false,
    availability: 'none',
    dataUnintelligible: false,
    harmRemediated: false,
    riskToIndividuals: 'high',
  },
  sample: {
    verifiedAt: '2021-05-20T10:00:00Z',
    sampleSize: 1_000_000,
    matchedRecords: 100_002,
    confirmedDataCategories: ['national-id', 'name', 'phone'],
    method: 'Format and key match against the membership database',
    verdict: 'confirmed',
  },
  trace: {
    tracedAt: '2021-05-20T12:00:00Z',
    sourceSystem: 'membership-db',
    vector: 'unknown',
    confidence: 'low',
    summary: 'Special team tracing the source',
  },
  notification: { regulatorId: 'komdigi', notifiedAt: '2021-05-20T14:00:00Z', content: { dataExposed: 'NIK' } },
  subjects: {
    notifiedAt: '2021-05-21T09:00:00Z',
    channel: 'public-notice',
    subjectCount: 100_002,
    messageSummary: 'What happened and what members can do',
  },
  closure: { closedAt: '2021-05-22T10:00:00Z', resolution: 'breach-remediated' },
  reopening: { reopenedAt: '2021-05-22T11:00:00Z', reason: 'A second sample surfaced' },
};

describe('command DTOs: shape, once, at the edge', () => {
  it.each([
    ['report.claimedRecordCount', 2.5, 'isInt'],
    ['report.channel', 'pigeon', 'isIn'],
  ])('ReceiveReportDto: given %s %p, then refused as %s', async (field, value, rule) => {
    const body = { ...report, report: { ...report.report, [field.split('.')[1]!]: value } };
    expect(await refusalOf(ReceiveReportDto, body)).toContainEqual({ field, rule });
  });

  it.each(
    (
      [
        [AssignInvestigatorDto, bodies.assignment, 'investigator', '  ', 'matches'],
        [AssessRiskDto, bodies.risk, 'estimatedAffectedSubjects', -1, 'min'],
        [AssessRiskDto, bodies.risk, 'estimatedAffectedSubjects', 1.5, 'isInt'],
        [AssessRiskDto, bodies.risk, 'estimatedAffectedSubjects', Number.NaN, 'isInt'],
        [AssessRiskDto, bodies.risk, 'estimatedAffectedSubjects', Number.POSITIVE_INFINITY, 'isInt'],
        [AssessRiskDto, bodies.risk, 'estimatedAffectedSubjects', '10', 'isInt'],
        [AssessRiskDto, bodies.risk, 'riskLevel', 'extreme', 'isIn'],
        [AssessNotifiabilityDto, bodies.notifiability, 'confidentiality', 'leaked', 'isIn'],
        [AssessNotifiabilityDto, bodies.notifiability, 'availability', 'gone', 'isIn'],
        [AssessNotifiabilityDto, bodies.notifiability, 'riskToIndividuals', 'medium', 'isIn'],
        [AssessNotifiabilityDto, bodies.notifiability, 'integrity', 'no', 'isBoolean'],
        [AssessNotifiabilityDto, bodies.notifiability, 'affectedSubjects', -1, 'min'],
        [AssessNotifiabilityDto, bodies.notifiability, 'dataCategories', [], 'arrayMinSize'],
        [VerifySampleDto, bodies.sample, 'sampleSize', 0, 'min'],
        [VerifySampleDto, bodies.sample, 'matchedRecords', -1, 'min'],
        [TraceSourceDto, bodies.trace, 'vector', 'aliens', 'isOneOfDescribed'],
        [TraceSourceDto, bodies.trace, 'vector', 'compromised-vendor-credential', 'isOneOfDescribed'],
        [TraceSourceDto, bodies.trace, 'viaPartner', 'yes', 'isBoolean'],
        [NotifyRegulatorDto, bodies.notification, 'content', { 'a.b': 'x' }, 'isTextFields'],
        [NotifyRegulatorDto, bodies.notification, 'content', { $where: 'x' }, 'isTextFields'],
        [NotifyRegulatorDto, bodies.notification, 'content', { '': 'x' }, 'isTextFields'],
        [NotifyRegulatorDto, bodies.notification, 'content', {}, 'isTextFields'],
        [NotifyRegulatorDto, bodies.notification, 'content', { records: ['a', 'b'] }, 'isTextFields'],
        [NotifyDataSubjectsDto, bodies.subjects, 'subjectCount', -5, 'min'],
        [NotifyDataSubjectsDto, bodies.subjects, 'channel', 'fax', 'isIn'],
        [CloseCaseDto, bodies.closure, 'resolution', 'solved', 'isIn'],
        [ReopenCaseDto, bodies.reopening, 'reason', '', 'isLength'],
        [DraftHoldingStatementDto, { language: 'id' }, 'language', 'fr', 'isIn'],
        [WithdrawHoldingStatementDto, { reason: 'Superseded' }, 'reason', '', 'isLength'],
      ] as const
    ).map(([dto, valid, field, value, rule]) => [dto.name, field, value, rule, dto, valid] as const),
  )('%s: %s %p is refused as %s', async (_name, field, value, rule, dto, valid) => {
    expect(await validate(dto, valid)).toBeInstanceOf(dto);
    expect(await refusalOf(dto, { ...valid, [field]: value })).toContainEqual({ field, rule });
  });
});

describe('command DTOs: one mapping to each command', () => {
  it('maps a sample check to VerifySample with exactly the fields the caller decides', async () => {
    const dto = (await validate(VerifySampleDto, bodies.sample)) as VerifySampleDto;
    expect(VerifySampleDto.toCommand(dto, 'case-1')).toStrictEqual({
      type: 'VerifySample',
      data: { caseId: 'case-1', ...bodies.sample },
    });
  });

  it('leaves the ids of what a command creates to the command (a notification gets the command id)', async () => {
    const dto = (await validate(NotifyRegulatorDto, bodies.notification)) as NotifyRegulatorDto;
    expect(NotifyRegulatorDto.toCommand(dto, 'case-1').data).toStrictEqual({
      caseId: 'case-1',
      ...bodies.notification,
    });
  });
});
