import { Controller, Get, Inject, NotFoundException, Param, ParseUUIDPipe } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { Roles } from '#libs/platform';
import { GetCaseStatusQuery } from './get-case-status.query.js';

@Controller('v1/cases')
@Roles('investigator', 'pr', 'admin')
export class CaseQueriesController {
  constructor(@Inject(QueryBus) private readonly queryBus: QueryBus) {}

  @Get(':caseId/status')
  async status(@Param('caseId', new ParseUUIDPipe({ version: '4' })) caseId: string) {
    const status = await this.queryBus.execute(new GetCaseStatusQuery(caseId));
    if (!status) throw new NotFoundException(`Case ${caseId} not found`);
    return status;
  }
}
