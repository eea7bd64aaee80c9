import { Module } from '@nestjs/common';
import { APP_FILTER } from '@nestjs/core';
import { EventStoreModule } from '#libs/event-store';
import { PrivacyModule } from '#libs/privacy';
import {
  AuthModule,
  HealthModule,
  LoggingModule,
  MetricsModule,
  MongoModule,
  PlatformConfigModule,
} from '#libs/platform';
import { CasesModule } from './cases/cases.module.js';
import { DocumentsModule } from './documents/documents.module.js';
import { FeedModule } from './feed/feed.module.js';
import { HoldingStatementsModule } from './holding-statements/holding-statements.module.js';
import { LedgerModule } from './ledger/ledger.module.js';
import { RegulatorsModule } from './regulators/regulators.module.js';
import { ProblemDetailsFilter } from './http/problem-details.filter.js';
import { ReadYourWritesModule } from './http/read-your-writes.js';

@Module({
  imports: [
    PlatformConfigModule,
    LoggingModule.forApp('case-api'),
    MetricsModule.forApp('case-api'),
    HealthModule,
    MongoModule,
    PrivacyModule,
    EventStoreModule,
    AuthModule,
    ReadYourWritesModule,
    RegulatorsModule,
    CasesModule,
    FeedModule,
    HoldingStatementsModule,
    DocumentsModule,
    LedgerModule,
  ],
  providers: [{ provide: APP_FILTER, useClass: ProblemDetailsFilter }],
})
export class AppModule {}
