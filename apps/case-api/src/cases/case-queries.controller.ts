import { Controller, Get, Inject, NotFoundException, Param, Query } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { Roles } from '#libs/platform';
import { CaseIdPipe } from '../http/case-id.pipe.js';
import { GetCaseStatusQuery, GetCaseTimelineQuery, ListCasesQuery } from '../queries/case-queries.js';
import { CaseStatusQueryDto, ListCasesQueryDto, TimelineQueryDto } from './dto/case-queries.dto.js';

@ApiTags('Cases')
@Controller('v1/cases')
@Roles('investigator', 'pr', 'admin')
export class CaseQueriesController {
  constructor(@Inject(QueryBus) private readonly queryBus: QueryBus) {}

  @Get()
  @ApiOperation({
    summary: 'List cases',
    description: 'Sorted by last update, newest first; page with `cursor` (the previous page’s `nextCursor`).',
  })
  list(@Query() filter: ListCasesQueryDto) {
    return this.queryBus.execute(new ListCasesQuery(filter));
  }

  @Get(':caseId/status')
  @ApiOperation({
    summary: 'Read a case: facts, stage and legal deadlines',
    description: 'Deadlines name each regulator in `language` (`en` by default, or `id`).',
  })
  async status(@Param('caseId', CaseIdPipe) caseId: string, @Query() { minVersion, language }: CaseStatusQueryDto) {
    const status = await this.queryBus.execute(new GetCaseStatusQuery(caseId, minVersion, language));
    if (!status) throw new NotFoundException(`Case ${caseId} not found`);
    return status;
  }

  @Get(':caseId/timeline')
  @ApiOperation({ summary: 'Read a case’s audit log', description: 'One entry per event, oldest first.' })
  async timeline(@Param('caseId', CaseIdPipe) caseId: string, @Query() page: TimelineQueryDto) {
    const timeline = await this.queryBus.execute(new GetCaseTimelineQuery(caseId, page));
    if (!timeline) throw new NotFoundException(`Case ${caseId} not found`);
    return timeline;
  }
}
