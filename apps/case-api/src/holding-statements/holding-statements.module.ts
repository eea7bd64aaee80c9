import { Module } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { CasesModule } from '../cases/cases.module.js';
import { HoldingStatementComposer } from './holding-statement-composer.js';
import { HoldingStatementsController } from './holding-statements.controller.js';
import { StatementSettings } from './statement-settings.js';
import { HoldingStatementRenderer } from './holding-statement.renderer.js';
import { QueriesModule } from '../queries/queries.module.js';

@Module({
  imports: [CqrsModule, CasesModule, QueriesModule],
  controllers: [HoldingStatementsController],
  providers: [StatementSettings, HoldingStatementComposer, HoldingStatementRenderer],
})
export class HoldingStatementsModule {}
