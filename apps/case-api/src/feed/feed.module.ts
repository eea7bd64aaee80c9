import { Module } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { FeedController } from './feed.controller.js';
import { QueriesModule } from '../queries/queries.module.js';

@Module({
  imports: [CqrsModule, QueriesModule],
  controllers: [FeedController],
})
export class FeedModule {}
