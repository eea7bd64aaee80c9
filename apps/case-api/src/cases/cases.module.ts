import { Module } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { Db } from 'mongodb';
import { ReadModelCatalog } from '#libs/read-models';
import { CaseCommandRunner } from './case-command-runner.js';
import { CaseCommandsController } from './case-commands.controller.js';
import { CaseQueriesController } from './case-queries.controller.js';
import { GetCaseStatusHandler, GetCaseTimelineHandler, ListCasesHandler } from './case-query.handlers.js';
import { CaseDeadlines } from './case-deadlines.js';
import { OverdueNotificationsGauge } from './overdue-notifications.gauge.js';
import { RelayNudger } from './relay-nudger.js';

@Module({
  imports: [CqrsModule],
  controllers: [CaseCommandsController, CaseQueriesController],
  providers: [
    CaseCommandRunner,
    { provide: ReadModelCatalog, inject: [Db], useFactory: (db: Db) => new ReadModelCatalog(db) },
    RelayNudger,
    CaseDeadlines,
    OverdueNotificationsGauge,
    GetCaseStatusHandler,
    ListCasesHandler,
    GetCaseTimelineHandler,
  ],
  exports: [CaseCommandRunner],
})
export class CasesModule {}
