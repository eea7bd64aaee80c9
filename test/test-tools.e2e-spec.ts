// `npm test` obtains the programs its tests run from scripts/test-tools.mjs: a test file that runs a program the list
// does not name would fail on a machine without it, so the list is checked against what the test files actually run.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { describe, expect, it } from '@jest/globals';
import {
  ensureTestTools,
  installCommand,
  MissingTestToolsError,
  missingTestTools,
  TEST_TOOLS,
  type TestTool,
} from '../scripts/test-tools.mjs';

const ROOT = join(import.meta.dirname, '..');

/** What `npm test` runs: jest.config.js's testMatch of both projects. */
const testFiles = [
  ...filesUnder('test').filter((file) => file.endsWith('.e2e-spec.ts')),
  ...['apps', 'libs'].flatMap((dir) => filesUnder(dir).filter((file) => file.endsWith('.spec.ts'))),
];

/** Programs a file starts: the first argument of spawn/execFile and friends, Chromium's path, or commandPath(…). */
const PROGRAM_USES = [
  /\b(?:spawn|spawnSync|execFile|execFileSync)\(\s*'([^']+)'/g,
  /\b(?:exec|execSync)\(\s*'([^' ]+)/g,
  /\bcommandPath\(\s*'([^']+)'/g,
  /\bexecutablePath:\s*'([^']+)'/g,
  /'\/(?:usr\/)?(?:local\/)?s?bin\/([^'/ ]+)'/g,
];
/** Node itself and its package manager come with the checkout's toolchain, not from the list. */
const TOOLCHAIN = new Set(['node', 'npm', 'npx']);

describe('the programs npm test obtains (scripts/test-tools.mjs)', () => {
  it('names every program a test file runs, directly or through the modules it imports, for that file', () => {
    const unlisted = testFiles.flatMap((file) =>
      [...programsRunBy(file)]
        .filter((command) => !TEST_TOOLS.some((tool) => tool.command === command && tool.neededBy.includes(file)))
        .map((command) => `${file} runs ${command}`),
    );
    expect(unlisted).toEqual([]);
    expect(programsRunBy('test/docs.e2e-spec.ts')).toContain('chromium');
  });

  it('lists no program for a file that does not run it', () => {
    for (const tool of TEST_TOOLS) {
      expect(tool.debianPackage).toMatch(/^[a-z0-9][a-z0-9+.-]+$/);
      for (const file of tool.neededBy) {
        expect(existsSync(join(ROOT, file))).toBe(true);
        expect([...programsRunBy(file)]).toContain(tool.command);
      }
    }
  });

  it('reports a missing program with the test that needs it and the one command that installs it', async () => {
    const tools: TestTool[] = [
      { command: 'breachline-no-such-viewer', debianPackage: 'breachline-viewers', neededBy: ['test/a.e2e-spec.ts'] },
      { command: 'breachline-no-such-pager', debianPackage: 'breachline-viewers', neededBy: ['test/b.e2e-spec.ts'] },
      { command: 'breachline-no-such-shell', debianPackage: 'breachline-shell', neededBy: ['test/b.e2e-spec.ts'] },
      { command: 'node', debianPackage: 'nodejs', neededBy: ['test/a.e2e-spec.ts'] },
    ];
    const run = ensureTestTools(['test/a.e2e-spec.ts', 'test/b.e2e-spec.ts'], { tools, isRoot: false });

    await expect(run).rejects.toBeInstanceOf(MissingTestToolsError);
    const message = await run.catch((error: Error) => error.message);
    expect(message).toContain('`breachline-no-such-viewer` (needed by test/a.e2e-spec.ts)');
    expect(message).toContain('`breachline-no-such-shell` (needed by test/b.e2e-spec.ts)');
    expect(message).toContain('sudo apt-get install -y breachline-viewers breachline-shell');
    expect(message).not.toContain('nodejs');
  });

  it('looks only at the programs of the test files the run selects', async () => {
    const tools: TestTool[] = [
      { command: 'breachline-no-such-viewer', debianPackage: 'breachline-viewers', neededBy: ['test/a.e2e-spec.ts'] },
    ];
    expect(missingTestTools(['test/a.e2e-spec.ts'], { tools })).toEqual(tools);
    expect(missingTestTools(['test/b.e2e-spec.ts'], { tools })).toEqual([]);
    await expect(ensureTestTools(['test/b.e2e-spec.ts'], { tools, isRoot: false })).resolves.toBeUndefined();
    expect(installCommand(tools)).toBe('sudo apt-get install -y breachline-viewers');
  });
});

/** The programs `file` and the project modules it imports (transitively) run. */
function programsRunBy(file: string, seen = new Set<string>()): Set<string> {
  const programs = new Set<string>();
  if (seen.has(file) || !existsSync(join(ROOT, file))) return programs;
  seen.add(file);
  const source = readFileSync(join(ROOT, file), 'utf8');
  for (const pattern of PROGRAM_USES) {
    for (const [, program] of source.matchAll(pattern)) {
      if (!TOOLCHAIN.has(program)) programs.add(program);
    }
  }
  for (const [, specifier] of source.matchAll(/\bfrom\s+'(\.{1,2}\/[^']+)'/g)) {
    const imported = relative(ROOT, join(ROOT, dirname(file), specifier)).replace(/\.js$/, '.ts');
    if (imported.startsWith('scripts/test-tools.')) continue; // the list itself names every program
    for (const program of programsRunBy(imported, seen)) programs.add(program);
  }
  return programs;
}

function filesUnder(dir: string): string[] {
  return readdirSync(join(ROOT, dir), { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => relative(ROOT, join(entry.parentPath, entry.name)));
}
