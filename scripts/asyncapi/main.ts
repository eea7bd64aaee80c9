/**
 * `npm run docs:asyncapi` writes docs/asyncapi.json; `npm run docs:asyncapi -- --check` only compares and exits 1
 * when the committed document is not what the code generates.
 */
// First: the notifier module it reads WEBHOOK_EVENT_TYPES from loads decorated classes.
import 'reflect-metadata';
import { existsSync, readFileSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { ASYNCAPI_OUTPUT, renderAsyncApiDocument } from './generate-asyncapi.js';

/** The repository root: this file runs compiled from dist/scripts/asyncapi, and type-checked from scripts/asyncapi. */
function repositoryRoot(from: string): string {
  for (let dir = from; ; dir = dirname(dir)) {
    const manifest = join(dir, 'package.json');
    if (
      existsSync(manifest) &&
      (JSON.parse(readFileSync(manifest, 'utf8')) as { name?: string }).name === 'breachline'
    ) {
      return dir;
    }
    if (dirname(dir) === dir) throw new Error(`no breachline package.json above ${from}`);
  }
}

const rootDir = repositoryRoot(import.meta.dirname);
const output = join(rootDir, ASYNCAPI_OUTPUT);
const generated = await renderAsyncApiDocument({ rootDir });
const committed = existsSync(output) ? await readFile(output, 'utf8') : undefined;

if (process.argv.includes('--check')) {
  if (committed !== generated) {
    console.error(`${ASYNCAPI_OUTPUT} is not what the code generates: run \`npm run docs:asyncapi\` and commit it`);
    process.exit(1);
  }
  console.log(`${ASYNCAPI_OUTPUT} is up to date`);
} else if (committed === generated) {
  console.log(`${ASYNCAPI_OUTPUT} is up to date (${generated.length} bytes)`);
} else {
  await mkdir(dirname(output), { recursive: true });
  await writeFile(output, generated);
  console.log(`wrote ${ASYNCAPI_OUTPUT} (${generated.length} bytes)`);
}
