import { Module } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { Db } from 'mongodb';
import { type CaseState, decide, evolve, initialCaseState } from '#libs/domain';
import { CommandHandler, EVENT_CODEC, type EventCodec, EventStore, StateCache } from '#libs/event-store';
import { ReadModelCatalog } from '#libs/read-models';
import { CaseCommandsController } from './case-commands.controller.js';
import { CaseErasureController } from './case-erasure.controller.js';
import { CaseQueriesController } from './case-queries.controller.js';
import { GetCaseStatusHandler, GetCaseTimelineHandler, ListCasesHandler } from './case-query.handlers.js';
import { CASE_COMMAND_HANDLER, RecordCaseFactHandler } from './record-case-fact.handler.js';
import { CaseDeadlines } from './case-deadlines.js';
import { OverdueNotificationsGauge } from './overdue-notifications.gauge.js';
import { RelayNudger } from './relay-nudger.js';

/** Bump when CaseState changes shape: older snapshots are then ignored. */
const CASE_STATE_SCHEMA = 'case-state-4';

@Module({
  imports: [CqrsModule],
  controllers: [CaseCommandsController, CaseErasureController, CaseQueriesController],
  providers: [
    {
      provide: CASE_COMMAND_HANDLER,
      inject: [EventStore, Db, EVENT_CODEC],
      useFactory: (store: EventStore, db: Db, codec: EventCodec) =>
        new CommandHandler(
          store,
          { decide, evolve, initialState: initialCaseState },
          // Snapshots hold personal data: sealed with the case's data key like its events.
          new StateCache<CaseState>(db, CASE_STATE_SCHEMA, undefined, undefined, codec),
        ),
    },
    { provide: ReadModelCatalog, inject: [Db], useFactory: (db: Db) => new ReadModelCatalog(db) },
    RelayNudger,
    CaseDeadlines,
    OverdueNotificationsGauge,
    RecordCaseFactHandler,
    GetCaseStatusHandler,
    ListCasesHandler,
    GetCaseTimelineHandler,
  ],
})
export class CasesModule {}
