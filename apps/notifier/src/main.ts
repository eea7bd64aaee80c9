import 'reflect-metadata';
import { bootstrapHttpApp } from '#libs/platform';
import { NotifierModule } from './notifier.module.js';

await bootstrapHttpApp(NotifierModule, { name: 'notifier', defaultPort: 3103 });
