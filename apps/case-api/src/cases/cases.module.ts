import { Module } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { Db } from 'mongodb';
import { type CaseState, decide, evolve, initialCaseState } from '#libs/domain';
import { CommandHandler, EventStore, StateCache } from '#libs/event-store';
import { CaseCommandsController } from './case-commands.controller.js';
import { CaseQueriesController } from './case-queries.controller.js';
import { CASE_COMMAND_HANDLER, RecordCaseFactHandler } from './record-case-fact.handler.js';
import { OverdueNotificationsGauge } from './overdue-notifications.gauge.js';
import { RelayNudger } from './relay-nudger.js';
import { QueriesModule } from '../queries/queries.module.js';

/** Bump when CaseState changes shape: older snapshots are then ignored. */
const CASE_STATE_SCHEMA = 'case-state-3';

@Module({
  imports: [CqrsModule, QueriesModule],
  controllers: [CaseCommandsController, CaseQueriesController],
  providers: [
    {
      provide: CASE_COMMAND_HANDLER,
      inject: [EventStore, Db],
      useFactory: (store: EventStore, db: Db) =>
        new CommandHandler(
          store,
          { decide, evolve, initialState: initialCaseState },
          new StateCache<CaseState>(db, CASE_STATE_SCHEMA),
        ),
    },
    RelayNudger,
    OverdueNotificationsGauge,
    RecordCaseFactHandler,
  ],
})
export class CasesModule {}
