import { Module } from '@nestjs/common';
import { EventStoreModule } from '#libs/event-store';
import { PrivacyModule } from '#libs/privacy';
import { KafkaModule } from '#libs/messaging';
import { HealthModule, LoggingModule, MetricsModule, MongoModule, PlatformConfigModule } from '#libs/platform';
import { CheckpointWitnessService } from './checkpoint-witness.service.js';
import { ProjectorService } from './projector.service.js';

@Module({
  imports: [
    PlatformConfigModule,
    LoggingModule.forApp('projector'),
    MetricsModule.forApp('projector'),
    HealthModule,
    MongoModule,
    KafkaModule,
    PrivacyModule,
    EventStoreModule,
  ],
  providers: [ProjectorService, CheckpointWitnessService],
})
export class ProjectorModule {}
