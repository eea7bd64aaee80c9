import { Module } from '@nestjs/common';
import { KafkaModule } from '#libs/messaging';
import { PrivacyModule } from '#libs/privacy';
import { HealthModule, LoggingModule, MetricsModule, MongoModule, PlatformConfigModule } from '#libs/platform';
import { NotifierConfig, validateNotifierConfig } from './notifier-config.js';
import { NotifierService } from './notifier.service.js';

@Module({
  imports: [
    PlatformConfigModule,
    LoggingModule.forApp('notifier'),
    MetricsModule.forApp('notifier'),
    HealthModule,
    MongoModule,
    KafkaModule,
    PrivacyModule,
  ],
  providers: [{ provide: NotifierConfig, useFactory: () => validateNotifierConfig(process.env) }, NotifierService],
})
export class NotifierModule {}
