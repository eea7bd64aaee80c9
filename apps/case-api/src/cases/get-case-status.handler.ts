import { Inject } from '@nestjs/common';
import { type IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { Db } from 'mongodb';
import { caseStatusProjection, type CaseStatusDocument } from '#libs/read-models';
import { GetCaseStatusQuery } from './get-case-status.query.js';

@QueryHandler(GetCaseStatusQuery)
export class GetCaseStatusHandler implements IQueryHandler<GetCaseStatusQuery, CaseStatusDocument | null> {
  constructor(@Inject(Db) private readonly db: Db) {}

  execute({ caseId }: GetCaseStatusQuery): Promise<CaseStatusDocument | null> {
    return this.db
      .collection<CaseStatusDocument>(caseStatusProjection.name)
      .findOne({ _id: caseId }, { projection: { _id: 0 } });
  }
}
