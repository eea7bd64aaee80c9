import { Module } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { FeedController } from './feed.controller.js';
import { RegulatorFeedReader } from './regulator-feed.reader.js';

@Module({
  imports: [CqrsModule],
  controllers: [FeedController],
  providers: [RegulatorFeedReader],
})
export class FeedModule {}
