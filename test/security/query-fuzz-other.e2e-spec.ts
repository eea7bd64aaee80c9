import { defineQueryFuzzSuite, QUERY_FUZZ_PARTS } from './support/fuzz-suites.js';

// One of two query-fuzz files (cases, other); QUERY_FUZZ_PARTS says which routes each takes.
await defineQueryFuzzSuite('security-query-other', QUERY_FUZZ_PARTS.other, {
  junkRuns: 1_000,
  validRuns: 100,
  concurrency: 16,
  seed: 19092,
});
