import 'reflect-metadata';
import { readFileSync, writeFileSync } from 'node:fs';
import { isDeepStrictEqual } from 'node:util';
import { join } from 'node:path';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter } from '@nestjs/platform-fastify';
import { AppModule } from '../app.module.js';
import { createOpenApiDocument } from './openapi-document.js';

// `npm run docs:generate` writes docs/openapi.json; `… --check` fails when the committed file is stale.
// The app is created in preview mode: modules and routes are scanned, no provider is created, nothing connects.

const target = join(import.meta.dirname, '..', '..', '..', '..', '..', 'docs', 'openapi.json');
const app = await NestFactory.create(AppModule, new FastifyAdapter(), {
  preview: true,
  abortOnError: false,
  logger: false,
});
const document = await createOpenApiDocument(app);
await app.close();

if (process.argv.includes('--check')) {
  const committed = JSON.parse(readFileSync(target, 'utf8')) as unknown;
  if (!isDeepStrictEqual(committed, JSON.parse(JSON.stringify(document)))) {
    process.stderr.write(`${target} is not what the code generates: run npm run docs:generate\n`);
    process.exit(1);
  }
} else {
  // Formatted as `prettier --check .` expects (prettier is a dev dependency, like this script).
  const prettier = await import('prettier');
  const options = await prettier.resolveConfig(target);
  writeFileSync(target, await prettier.format(JSON.stringify(document), { ...options, parser: 'json' }));
  process.stdout.write(`wrote ${target}\n`);
}
