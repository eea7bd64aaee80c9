// The programs outside Node and npm that test files run, and how `npm test` obtains them: a missing one is installed
// with apt-get when the tests run as root (CI, containers), or else the run stops before building, with the one command
// that installs everything missing. Only the tools of the test files a run selects are looked at.
//
// Add an entry when a test starts running a program; test/test-tools.e2e-spec.ts fails when a test file runs one that
// this list does not name.
import fs from 'node:fs';
import path from 'node:path';
import { run } from './run.mjs';

/** @type {readonly import('./test-tools.d.mts').TestTool[]} */
export const TEST_TOOLS = [
  // Headless Chromium renders the Swagger UI at /docs; Playwright drives the Debian browser and never downloads one.
  { command: 'chromium', debianPackage: 'chromium', neededBy: ['test/docs.e2e-spec.ts'] },
  // Poppler reads the documents back: pdftotext for their text, pdftoppm for a page image.
  { command: 'pdftotext', debianPackage: 'poppler-utils', neededBy: ['test/documents.e2e-spec.ts'] },
  { command: 'pdftoppm', debianPackage: 'poppler-utils', neededBy: ['test/documents.e2e-spec.ts'] },
  // The SQLite shell reads the local database server's files to check each table's query plan.
  { command: 'sqlite3', debianPackage: 'sqlite3', neededBy: ['test/ferretdb-index.e2e-spec.ts'] },
];

export class MissingTestToolsError extends Error {}

/** The absolute path of `command` on PATH (or `command` itself when it is an existing absolute path), else null. */
export function commandPath(command, searchPath = process.env.PATH ?? '') {
  const candidates = path.isAbsolute(command)
    ? [command]
    : searchPath
        .split(path.delimiter)
        .filter(Boolean)
        .map((dir) => path.join(dir, command));
  return candidates.find(isExecutable) ?? null;
}

/** The command that installs `tools`, e.g. `sudo apt-get install -y chromium`. */
export function installCommand(tools) {
  return `sudo apt-get install -y ${[...new Set(tools.map((tool) => tool.debianPackage))].join(' ')}`;
}

/** The tools that `testFiles` (paths relative to the repository) need and that are not on PATH. */
export function missingTestTools(testFiles, { tools = TEST_TOOLS, find = commandPath } = {}) {
  const selected = new Set(testFiles.map((file) => file.split(path.sep).join('/')));
  return tools.filter((tool) => tool.neededBy.some((file) => selected.has(file)) && !find(tool.command));
}

/**
 * Makes sure every tool `testFiles` need is on PATH: installs the missing ones with apt-get (one `apt-get update`
 * first) when running as root, otherwise throws MissingTestToolsError naming them and the command that fixes it.
 */
export async function ensureTestTools(
  testFiles,
  { tools = TEST_TOOLS, isRoot = process.getuid?.() === 0, log = (message) => console.error(`[test] ${message}`) } = {},
) {
  const missing = missingTestTools(testFiles, { tools });
  if (missing.length === 0) return;
  const described = missing.map((tool) => `\`${tool.command}\` (needed by ${tool.neededBy.join(', ')})`).join(', ');
  if (!isRoot || !commandPath('apt-get')) {
    throw new MissingTestToolsError(
      `[test] missing ${described}. Install with: ${installCommand(missing)}` +
        (commandPath('apt-get') ? '' : ' (Debian/Ubuntu; elsewhere install those packages with your package manager)'),
    );
  }
  const packages = [...new Set(missing.map((tool) => tool.debianPackage))];
  log(`missing ${described}: installing ${packages.join(' ')} with apt-get…`);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  // Another run on this machine may be installing at the same moment: wait for dpkg's lock instead of failing.
  const lockWait = ['-o', 'DPkg::Lock::Timeout=600'];
  await run('apt-get', [...lockWait, 'update'], { env });
  await run('apt-get', [...lockWait, 'install', '-y', ...packages], { env });
  const stillMissing = missingTestTools(testFiles, { tools });
  if (stillMissing.length > 0) {
    throw new MissingTestToolsError(
      `[test] apt-get installed ${packages.join(' ')} but ${stillMissing.map((t) => `\`${t.command}\``).join(', ')} ` +
        'is still not on PATH',
    );
  }
  log(`installed ${packages.join(' ')}`);
}

function isExecutable(file) {
  try {
    fs.accessSync(file, fs.constants.X_OK);
    return fs.statSync(file).isFile();
  } catch {
    return false;
  }
}
