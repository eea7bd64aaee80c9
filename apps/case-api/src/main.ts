import 'reflect-metadata';
import { bootstrapHttpApp } from '#libs/platform';
import { AppModule } from './app.module.js';
import { createValidationPipe } from './http/validation.pipe.js';
import { setupOpenApi } from './openapi/openapi.setup.js';

await bootstrapHttpApp(AppModule, { name: 'case-api', defaultPort: 3100 }, (app) => {
  app.useGlobalPipes(createValidationPipe());
  setupOpenApi(app);
});
