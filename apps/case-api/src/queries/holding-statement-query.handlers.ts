import { Inject } from '@nestjs/common';
import { type IQueryHandler, QueryBus, QueryHandler } from '@nestjs/cqrs';
import { Db } from 'mongodb';
import { type HoldingStatementsDocument, isStatementStale, ReadModelCatalog } from '#libs/read-models';
import { ReadYourWrites } from '../http/read-your-writes.js';
import {
  GetHoldingStatementQuery,
  GetHoldingStatementsQuery,
  GetLatestHoldingStatementQuery,
  type HoldingStatementsView,
  type StatementResult,
} from './holding-statement-queries.js';

@QueryHandler(GetHoldingStatementsQuery)
export class GetHoldingStatementsHandler implements IQueryHandler<
  GetHoldingStatementsQuery,
  HoldingStatementsView | null
> {
  constructor(
    @Inject(Db) private readonly db: Db,
    @Inject(ReadModelCatalog) private readonly catalog: ReadModelCatalog,
    @Inject(ReadYourWrites) private readonly reads: ReadYourWrites,
  ) {}

  async execute({ caseId, minVersion }: GetHoldingStatementsQuery): Promise<HoldingStatementsView | null> {
    const name = await this.catalog.readCollection('holding_statements');
    const collection = this.db.collection<HoldingStatementsDocument>(name);
    const read = () => collection.findOne({ _id: caseId }, { projection: { _id: 0 } });
    const document = await this.reads.readAtLeast(`${name}:${caseId}`, read, minVersion);
    if (!document) return null;
    return {
      caseId,
      factsVersion: document.factsVersion,
      statements: document.statements.map((statement) => ({
        ...statement,
        stale: isStatementStale(statement, document),
      })),
    };
  }
}

@QueryHandler(GetLatestHoldingStatementQuery)
export class GetLatestHoldingStatementHandler implements IQueryHandler<
  GetLatestHoldingStatementQuery,
  StatementResult
> {
  constructor(@Inject(QueryBus) private readonly queryBus: QueryBus) {}

  async execute({ caseId, language, minVersion }: GetLatestHoldingStatementQuery): Promise<StatementResult> {
    const all = await this.queryBus.execute(new GetHoldingStatementsQuery(caseId, minVersion));
    if (!all) return 'unknown-case';
    const published = all.statements.filter((s) => s.status === 'published' && s.language === language).at(-1);
    return { statement: published ?? null };
  }
}

@QueryHandler(GetHoldingStatementQuery)
export class GetHoldingStatementHandler implements IQueryHandler<GetHoldingStatementQuery, StatementResult> {
  constructor(@Inject(QueryBus) private readonly queryBus: QueryBus) {}

  async execute({ caseId, statementId }: GetHoldingStatementQuery): Promise<StatementResult> {
    const all = await this.queryBus.execute(new GetHoldingStatementsQuery(caseId));
    if (!all) return 'unknown-case';
    return { statement: all.statements.find((s) => s.statementId === statementId) ?? null };
  }
}
