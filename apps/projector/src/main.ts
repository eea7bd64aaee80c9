import 'reflect-metadata';
import { bootstrapHttpApp } from '#libs/platform';
import { ProjectorModule } from './projector.module.js';

await bootstrapHttpApp(ProjectorModule, { name: 'projector', defaultPort: 3102 });
