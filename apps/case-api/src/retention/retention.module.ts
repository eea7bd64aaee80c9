import { Module } from '@nestjs/common';
import { CasesModule } from '../cases/cases.module.js';
import { QueriesModule } from '../queries/queries.module.js';
import { RetentionRunner } from './retention.runner.js';

/** Automatic erasure of closed cases after RETENTION_AFTER_CLOSE (off unless set). */
@Module({
  imports: [CasesModule, QueriesModule],
  providers: [RetentionRunner],
})
export class RetentionModule {}
