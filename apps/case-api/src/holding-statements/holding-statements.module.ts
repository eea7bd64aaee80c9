import { Module } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { Db } from 'mongodb';
import { ReadModelCatalog } from '#libs/read-models';
import { CasesModule } from '../cases/cases.module.js';
import { HoldingStatementComposer } from './holding-statement-composer.js';
import { HoldingStatementsController } from './holding-statements.controller.js';
import { StatementSettings } from './statement-settings.js';

@Module({
  imports: [CqrsModule, CasesModule],
  controllers: [HoldingStatementsController],
  providers: [
    StatementSettings,
    HoldingStatementComposer,
    { provide: ReadModelCatalog, inject: [Db], useFactory: (db: Db) => new ReadModelCatalog(db) },
  ],
})
export class HoldingStatementsModule {}
