// npm run bench: brings the local servers up (or uses MONGO_URL / KAFKA_BROKERS), builds the apps, compiles the
// bench (transpile only: `npx tsc -p tsconfig.json` type-checks it with everything else), installs the peer event
// store of bench/emmett once, then runs bench/main.ts. Set BENCH_SKIP_BUILD=1 to use the dist/ already built,
// BENCH_CPU_PROF=1 to write CPU profiles of every process (see bench/FINDINGS.md), BENCH_TRANSPILE_ONLY=1 to
// only compile it, BENCH_RENDER_ONLY=1 to rewrite BENCHMARKS.md from bench/results/latest.json.
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import ts from 'typescript';
import { InfraError, up } from '../infra/local/infra.mjs';

const ROOT = join(import.meta.dirname, '..');
const OUT = join(ROOT, '.local', 'bench-dist');

function run(command, args, options = {}) {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio: 'inherit', cwd: ROOT, ...options });
    child.once('error', reject);
    child.once('exit', (code, signal) =>
      code === 0
        ? resolve()
        : reject(Object.assign(new Error(`${command} ${args.join(' ')} failed`), { code: code ?? 1, signal })),
    );
  });
}

function sources(dir) {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (name === 'node_modules' || name === 'results') return [];
    if (statSync(path).isDirectory()) return sources(path);
    return name.endsWith('.ts') ? [path] : [];
  });
}

/** Transpiles bench/**.ts and the test helpers it uses into .local/bench-dist, keeping the repository layout. */
function transpile() {
  const { config } = ts.readConfigFile(join(ROOT, 'tsconfig.json'), ts.sys.readFile);
  const { options } = ts.parseJsonConfigFileContent(config, ts.sys, ROOT);
  const files = [
    ...sources(join(ROOT, 'bench')),
    join(ROOT, 'test', 'fixtures', 'seed-case.ts'),
    join(ROOT, 'test', 'support', 'free-port.ts'),
  ];
  for (const file of files) {
    const { outputText, diagnostics } = ts.transpileModule(readFileSync(file, 'utf8'), {
      fileName: file,
      reportDiagnostics: true,
      compilerOptions: {
        ...options,
        module: ts.ModuleKind.ES2022,
        moduleResolution: ts.ModuleResolutionKind.Bundler,
        noEmit: false,
        sourceMap: false,
        inlineSourceMap: true,
        declaration: false,
      },
    });
    if (diagnostics?.length) {
      throw new Error(
        ts.formatDiagnostics(diagnostics, {
          getCanonicalFileName: (f) => f,
          getCurrentDirectory: () => ROOT,
          getNewLine: () => '\n',
        }),
      );
    }
    const target = join(OUT, relative(ROOT, file)).replace(/\.ts$/, '.js');
    mkdirSync(dirname(target), { recursive: true });
    writeFileSync(target, outputText);
  }
  return files.length;
}

const started = Date.now();
const say = (message) => console.log(`[bench] ${message}`);
try {
  if (process.env.BENCH_TRANSPILE_ONLY === '1' || process.env.BENCH_RENDER_ONLY === '1') {
    say(`transpiled ${transpile()} bench files into ${relative(ROOT, OUT)}`);
    if (process.env.BENCH_RENDER_ONLY === '1') await run(process.execPath, [join(OUT, 'bench', 'render.js')]);
    process.exit(0);
  }
  const servers = await up();
  const env = { ...process.env, MONGO_URL: servers.mongoUrl, KAFKA_BROKERS: servers.kafkaBrokers, BENCH_ROOT: ROOT };
  if (process.env.BENCH_SKIP_BUILD !== '1') {
    say('building the apps (tsc -p tsconfig.build.json)');
    await run('npx', ['tsc', '-p', 'tsconfig.build.json'], { env });
  }
  say(`transpiled ${transpile()} bench files into ${relative(ROOT, OUT)}`);
  const emmettDir = join(ROOT, 'bench', 'emmett');
  if (!existsSync(join(emmettDir, 'node_modules', '@event-driven-io', 'emmett-mongodb'))) {
    say('installing the peer event store (npm ci in bench/emmett)');
    await run('npm', ['ci', '--no-audit', '--no-fund'], { cwd: emmettDir, env });
  }
  // The issue's limit is 10 minutes for the whole run: main.ts gets what the build left, less a minute for its
  // watchdog's grace and the clean-up.
  const budgetMs = Math.max(120_000, started + 10 * 60_000 - Date.now() - 75_000);
  env.BENCH_BUDGET_MS ??= String(budgetMs);
  say(`measuring (budget ${Math.round(Number(env.BENCH_BUDGET_MS) / 1000)} s)`);
  await run(process.execPath, [join(OUT, 'bench', 'main.js')], { env });
  say(`done in ${((Date.now() - started) / 1000).toFixed(0)} s`);
} catch (error) {
  if (error instanceof InfraError) console.error(error.message);
  else console.error(`[bench] ${error.message}`);
  process.exit(error.code ?? 1);
}
