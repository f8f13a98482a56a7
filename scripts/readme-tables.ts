/**
 * README tables from committed benchmark results: every block of the README between
 * `<!-- bench:NAME -->` and `<!-- /bench:NAME -->` is the content of `benchmarks/out/NAME.md`
 * (written by `npm run bench -- NAME`, committed) without its first heading line.
 *
 *   npm run readme          rewrites the README's blocks from the committed results
 *   npm run readme -- --check   exits 1 and names the blocks that differ (what tests/package/readme-tables.test.ts checks)
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

/** A block of the README that a results file fills. */
export interface ReadmeBlock {
  /** The results file's name in benchmarks/out, without `.md`. */
  readonly name: string;
  /** The text between the markers as it is now. */
  readonly current: string;
}

const BLOCK = /<!-- bench:([a-z0-9-]+) -->\n([\s\S]*?)<!-- \/bench:\1 -->/g;

/** The README's blocks, in order. */
export function readmeBlocks(readme: string): ReadmeBlock[] {
  return [...readme.matchAll(BLOCK)].map((m) => ({ name: m[1]!, current: m[2]! }));
}

/** What a results file puts in its block: the file without its leading heading line, trimmed, and a newline. */
export function blockText(results: string): string {
  const lines = results.replace(/\r\n/g, '\n').split('\n');
  if (lines[0]?.startsWith('#') === true) lines.shift();
  return `${lines.join('\n').trim()}\n`;
}

/** The README with every block filled from `results(name)` (the text of benchmarks/out/NAME.md). */
export function renderReadme(readme: string, results: (name: string) => string): string {
  return readme.replace(BLOCK, (_, name: string) => `<!-- bench:${name} -->\n${blockText(results(name))}<!-- /bench:${name} -->`);
}

const root = fileURLToPath(new URL('..', import.meta.url));

/** Reads a committed results file. */
export function committedResults(name: string): string {
  return readFileSync(join(root, 'benchmarks', 'out', `${name}.md`), 'utf8');
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const path = join(root, 'README.md');
  const readme = readFileSync(path, 'utf8');
  const rendered = renderReadme(readme, committedResults);
  if (process.argv.includes('--check')) {
    const stale = readmeBlocks(readme).filter((b) => b.current !== blockText(committedResults(b.name))).map((b) => b.name);
    if (stale.length > 0) {
      process.stderr.write(`README blocks differ from benchmarks/out: ${stale.join(', ')} (run npm run readme)\n`);
      process.exitCode = 1;
    }
  } else if (rendered !== readme) {
    writeFileSync(path, rendered);
    process.stdout.write(`rewrote ${readmeBlocks(readme).length} README blocks from benchmarks/out\n`);
  }
}
