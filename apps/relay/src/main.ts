import 'reflect-metadata';
import { bootstrapHttpApp } from '#libs/platform';
import { RelayModule } from './relay.module.js';

await bootstrapHttpApp(RelayModule, { name: 'relay', defaultPort: 3101 });
