import { Module } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { CaseCommandRunner } from './case-command-runner.js';
import { CaseCommandsController } from './case-commands.controller.js';
import { CaseErasure } from './case-erasure.js';
import { CaseErasureController } from './case-erasure.controller.js';
import { CaseQueriesController } from './case-queries.controller.js';
import { OverdueNotificationsGauge } from './overdue-notifications.gauge.js';
import { RelayNudger } from './relay-nudger.js';
import { QueriesModule } from '../queries/queries.module.js';

@Module({
  imports: [CqrsModule, QueriesModule],
  controllers: [CaseCommandsController, CaseErasureController, CaseQueriesController],
  providers: [CaseCommandRunner, CaseErasure, RelayNudger, OverdueNotificationsGauge],
  exports: [CaseCommandRunner, CaseErasure],
})
export class CasesModule {}
