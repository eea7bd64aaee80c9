import { Module } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { Db } from 'mongodb';
import { ReadModelCatalog } from '#libs/read-models';
import { CaseDeadlines } from './case-deadlines.js';
import { ClosedCasesReader } from './closed-cases.reader.js';
import { GetCaseStatusHandler, GetCaseTimelineHandler, ListCasesHandler } from './case-query.handlers.js';
import {
  GetHoldingStatementHandler,
  GetHoldingStatementsHandler,
  GetLatestHoldingStatementHandler,
} from './holding-statement-query.handlers.js';
import { RegulatorFeedReader } from './regulator-feed.reader.js';

/**
 * The read side of case-api, in one place: every query of a read model goes through a handler or reader here, and the
 * read-model catalog (which generation to read, cached) is provided once, so every reader sees the same switch.
 */
@Module({
  imports: [CqrsModule],
  providers: [
    { provide: ReadModelCatalog, inject: [Db], useFactory: (db: Db) => new ReadModelCatalog(db) },
    CaseDeadlines,
    ClosedCasesReader,
    RegulatorFeedReader,
    GetCaseStatusHandler,
    ListCasesHandler,
    GetCaseTimelineHandler,
    GetHoldingStatementsHandler,
    GetLatestHoldingStatementHandler,
    GetHoldingStatementHandler,
  ],
  exports: [ReadModelCatalog, CaseDeadlines, ClosedCasesReader, RegulatorFeedReader],
})
export class QueriesModule {}
