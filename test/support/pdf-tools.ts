import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const ROOT = join(import.meta.dirname, '..', '..');

/** Poppler's command-line tools read the PDFs the way a reader's viewer would; the tests need them installed. */
export function requirePoppler(): void {
  for (const tool of ['pdftotext', 'pdftoppm']) {
    try {
      execFileSync(tool, ['-v'], { stdio: 'ignore' });
    } catch {
      throw new Error(`${tool} is missing: apt-get install -y poppler-utils (the document tests extract text with it)`);
    }
  }
}

function withFile<T>(pdf: Buffer, work: (file: string, dir: string) => T): T {
  const dir = mkdtempSync(join(tmpdir(), 'breachline-pdf-'));
  try {
    const file = join(dir, 'document.pdf');
    writeFileSync(file, pdf);
    return work(file, dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The text of every page, pages separated by a form feed, as `pdftotext` extracts it. */
export const pdfText = (pdf: Buffer): string =>
  withFile(pdf, (file) => execFileSync('pdftotext', ['-enc', 'UTF-8', file, '-'], { encoding: 'utf8' }));

/** The text with every run of white space (line and page breaks too) as one space, for phrase checks. */
export const flatText = (pdf: Buffer): string => pdfText(pdf).replace(/\s+/g, ' ');

/**
 * Renders the first page at 60 dpi with `pdftoppm -png -r 60 -f 1 -l 1` into .local/test-logs/<run>/documents/,
 * where a person looks at it, and returns the PNG.
 */
export function firstPagePng(pdf: Buffer, name: string): Buffer {
  const outDir = join(ROOT, '.local', 'test-logs', process.env.BREACHLINE_TEST_RUN ?? 'local', 'documents');
  mkdirSync(outDir, { recursive: true });
  return withFile(pdf, (file, dir) => {
    execFileSync('pdftoppm', ['-png', '-r', '60', '-f', '1', '-l', '1', '-singlefile', file, join(dir, 'page')]);
    const png = readFileSync(join(dir, 'page.png'));
    writeFileSync(join(outDir, `${name}.png`), png);
    return png;
  });
}

/** GET as bytes: the test client reads answers as text, which would mangle a PDF. */
export async function getBytes(
  url: string,
  key: string,
  accept = 'application/pdf',
): Promise<{ status: number; headers: Headers; body: Buffer }> {
  const response = await fetch(url, { headers: { authorization: `Bearer ${key}`, accept } });
  return { status: response.status, headers: response.headers, body: Buffer.from(await response.arrayBuffer()) };
}
