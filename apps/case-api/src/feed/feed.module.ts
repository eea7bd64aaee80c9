import { Module } from '@nestjs/common';
import { CasesModule } from '../cases/cases.module.js';
import { FeedController } from './feed.controller.js';
import { RegulatorFeedReader } from './regulator-feed.reader.js';

@Module({
  imports: [CasesModule],
  controllers: [FeedController],
  providers: [RegulatorFeedReader],
})
export class FeedModule {}
