import { Module } from '@nestjs/common';
import { EventStoreModule } from '#libs/event-store';
import { KafkaModule } from '#libs/messaging';
import { HealthModule, LoggingModule, MetricsModule, MongoModule, PlatformConfigModule } from '#libs/platform';
import { RelayController } from './relay.controller.js';
import { ledgerSealerProvider } from './ledger-sealer.provider.js';
import { RelayService } from './relay.service.js';

@Module({
  imports: [
    PlatformConfigModule,
    LoggingModule.forApp('relay'),
    MetricsModule.forApp('relay'),
    HealthModule,
    MongoModule,
    KafkaModule,
    EventStoreModule,
  ],
  controllers: [RelayController],
  providers: [ledgerSealerProvider, RelayService],
})
export class RelayModule {}
