import { BODY_FUZZ_PARTS, defineBodyFuzzSuite } from './support/fuzz-suites.js';

// One of four body-fuzz files (other, statements, notifications, facts); BODY_FUZZ_PARTS says which routes each takes.
await defineBodyFuzzSuite('security-fuzz-other', BODY_FUZZ_PARTS.other, {
  junkRuns: 1_000,
  validRuns: 50,
  junkConcurrency: 12,
  validConcurrency: 4,
  seed: 20210520,
});
