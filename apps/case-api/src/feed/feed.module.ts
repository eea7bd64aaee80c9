import { Module } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { CasesModule } from '../cases/cases.module.js';
import { FeedController } from './feed.controller.js';
import { QueriesModule } from '../queries/queries.module.js';

@Module({
  imports: [CqrsModule, CasesModule, QueriesModule],
  controllers: [FeedController],
})
export class FeedModule {}
