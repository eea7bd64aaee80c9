import { Query } from '@nestjs/cqrs';
import type { CaseListDocument, CaseTimelineEntry } from '#libs/read-models';
import type { CaseStatusView } from './case-query.handlers.js';
import type { StatementLanguage } from '#libs/domain';
import type { ListCasesQueryDto, TimelineQueryDto } from '../cases/dto/case-queries.dto.js';
import type { Page } from './page-cursor.js';

export class GetCaseStatusQuery extends Query<CaseStatusView | null> {
  constructor(
    readonly caseId: string,
    readonly minVersion?: number,
    readonly language: StatementLanguage = 'en',
  ) {
    super();
  }
}

export class ListCasesQuery extends Query<Page<CaseListDocument>> {
  constructor(readonly filter: ListCasesQueryDto) {
    super();
  }
}

export class GetCaseTimelineQuery extends Query<Page<CaseTimelineEntry> | null> {
  constructor(
    readonly caseId: string,
    readonly page: TimelineQueryDto,
  ) {
    super();
  }
}
