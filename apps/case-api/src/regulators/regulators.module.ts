import { Global, Module } from '@nestjs/common';
import { Db } from 'mongodb';
import { Environment, SecretBox } from '#libs/platform';
import { RegulatorRegistry } from '#libs/regulators';
import { RegulatorsController } from './regulators.controller.js';
import { NotificationContentCheck } from './notification-content.check.js';

@Global()
@Module({
  controllers: [RegulatorsController],
  providers: [
    {
      provide: RegulatorRegistry,
      inject: [Db, Environment],
      useFactory: (db: Db, environment: Environment) =>
        new RegulatorRegistry(db, new SecretBox(environment.BREACHLINE_SECRETS_KEY)),
    },
    NotificationContentCheck,
  ],
  exports: [RegulatorRegistry, NotificationContentCheck],
})
export class RegulatorsModule {}
