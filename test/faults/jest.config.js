// The fault suite (npm run test:faults): its own jest config so that `npm test` never runs it. Same ESM/TypeScript
// setup as the e2e project; one worker, since scenarios SIGKILL servers that every scenario uses.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import base from '../../jest.config.js';

const rootDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const e2e = base.projects.find((project) => project.displayName === 'e2e');

export default {
  rootDir,
  testTimeout: 240_000,
  maxWorkers: 1,
  projects: [
    {
      ...e2e,
      rootDir,
      displayName: 'faults',
      testMatch: ['<rootDir>/test/faults/**/*.fault-spec.ts'],
      globalSetup: '<rootDir>/test/faults/global-setup.ts',
      globalTeardown: '<rootDir>/test/faults/global-teardown.ts',
    },
  ],
};
