// Prints where the CPU went in .cpuprofile files (from `BENCH_CPU_PROF=1 npm run bench`):
//   node .local/bench-dist/bench/profile-summary.js .local/bench/<run>/profiles/*.cpuprofile
import { summarizeProfile } from './lib/cpu-profile.js';

const files = process.argv.slice(2);
if (files.length === 0) {
  process.stderr.write('usage: profile-summary.js <file.cpuprofile>…\n');
  process.exit(1);
}
for (const file of files) {
  const summary = summarizeProfile(file, Number(process.env.TOP ?? 20));
  process.stdout.write(`\n${file}\n  sampled ${summary.totalMs} ms, busy ${summary.busyMs} ms\n  self time by area:\n`);
  for (const line of summary.byArea)
    process.stdout.write(`    ${String(line.share).padStart(5)}%  ${line.selfMs} ms  ${line.what}\n`);
  process.stdout.write('  top functions (self):\n');
  for (const line of summary.topFunctions)
    process.stdout.write(`    ${String(line.share).padStart(5)}%  ${line.selfMs} ms  ${line.what}\n`);
}
