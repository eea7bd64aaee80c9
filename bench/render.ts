// Writes BENCHMARKS.md (and the figures in latest.json) again from bench/results/latest.json (e.g. after editing bench/FINDINGS.md), without
// measuring: BENCH_RENDER_ONLY=1 node bench/run.mjs
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildReport } from './lib/report.js';
import type { BenchResults } from './lib/results.js';
import { findRoot } from './lib/stack.js';

const root = findRoot();
const { figures: _figures, ...results } = JSON.parse(
  readFileSync(join(root, 'bench', 'results', 'latest.json'), 'utf8'),
) as BenchResults & { figures: unknown };
const { json, markdown } = await buildReport(results, root);
writeFileSync(join(root, 'BENCHMARKS.md'), markdown);
writeFileSync(join(root, 'bench', 'results', 'latest.json'), json);
process.stdout.write(
  `[bench] wrote BENCHMARKS.md and bench/results/latest.json from the results of run ${results.runId}\n`,
);
