import { Global, Module } from '@nestjs/common';
import { ConfigModule, ConfigService } from '@nestjs/config';
import { Environment, validateEnvironment } from './environment.js';

@Global()
@Module({
  imports: [
    ConfigModule.forRoot({
      ignoreEnvFile: true,
      load: [() => ({ environment: validateEnvironment(process.env) })],
    }),
  ],
  providers: [
    {
      provide: Environment,
      inject: [ConfigService],
      useFactory: (config: ConfigService) => config.getOrThrow<Environment>('environment'),
    },
  ],
  exports: [Environment],
})
export class PlatformConfigModule {}
