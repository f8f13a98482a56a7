/**
 * README tables from committed benchmark results: every block of the README (and of BENCHMARKS.md,
 * the repository's other results, {@link RESULT_DOCUMENTS}) between
 * `<!-- bench:NAME -->` and `<!-- /bench:NAME -->` is the content of `benchmarks/out/NAME.md`
 * (written by `npm run bench -- NAME`, committed) without its first heading line. A block opened
 * as `<!-- bench:NAME summary -->` takes only the part before the file's first `###` heading (the
 * summary of a long results file whose per-dataset tables stay in benchmarks/out), and one opened
 * as `<!-- bench:NAME sections=2 -->` that part and the first two `###` sections.
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
  /**
   * How many `###` sections of the file the block keeps after the part before the first one
   * (`summary`: 0; `sections=N`: N); undefined = the whole file.
   */
  readonly sections: number | undefined;
}

const BLOCK = /<!-- bench:([a-z0-9-]+)( summary| sections=\d+)? -->\n([\s\S]*?)<!-- \/bench:\1 -->/g;

function sectionsOf(option: string | undefined): number | undefined {
  if (option === undefined) return undefined;
  return option === ' summary' ? 0 : Number(option.slice(' sections='.length));
}

/** The README's blocks, in order. */
export function readmeBlocks(readme: string): ReadmeBlock[] {
  return [...readme.matchAll(BLOCK)].map((m) => ({ name: m[1]!, current: m[3]!, sections: sectionsOf(m[2]) }));
}

/**
 * What a results file puts in its block: the file without its leading heading line (and, when
 * `sections` is given, without everything from its `sections + 1`-th `###` heading on), trimmed,
 * and a newline.
 */
export function blockText(results: string, sections?: number): string {
  let lines = results.replace(/\r\n/g, '\n').split('\n');
  if (lines[0]?.startsWith('#') === true) lines.shift();
  if (sections !== undefined) {
    const headings = lines.flatMap((l, i) => (l.startsWith('### ') ? [i] : []));
    const cut = headings[sections];
    if (cut !== undefined) lines = lines.slice(0, cut);
  }
  return `${lines.join('\n').trim()}\n`;
}

/** The README with every block filled from `results(name)` (the text of benchmarks/out/NAME.md). */
export function renderReadme(readme: string, results: (name: string) => string): string {
  return readme.replace(BLOCK, (_, name: string, option: string | undefined) => `<!-- bench:${name}${option ?? ''} -->\n${blockText(results(name), sectionsOf(option))}<!-- /bench:${name} -->`);
}

const root = fileURLToPath(new URL('..', import.meta.url));

/** Reads a committed results file. */
export function committedResults(name: string): string {
  return readFileSync(join(root, 'benchmarks', 'out', `${name}.md`), 'utf8');
}

/** The documents whose blocks are filled: the README (in the package) and BENCHMARKS.md (the repository's other results). */
export const RESULT_DOCUMENTS: readonly string[] = ['README.md', 'BENCHMARKS.md'];

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  for (const name of RESULT_DOCUMENTS) {
    const path = join(root, name);
    const text = readFileSync(path, 'utf8');
    const rendered = renderReadme(text, committedResults);
    if (process.argv.includes('--check')) {
      const stale = readmeBlocks(text).filter((b) => b.current !== blockText(committedResults(b.name), b.sections)).map((b) => b.name);
      if (stale.length > 0) {
        process.stderr.write(`${name} blocks differ from benchmarks/out: ${stale.join(', ')} (run npm run readme)\n`);
        process.exitCode = 1;
      }
    } else if (rendered !== text) {
      writeFileSync(path, rendered);
      process.stdout.write(`rewrote ${readmeBlocks(text).length} ${name} blocks from benchmarks/out\n`);
    }
  }
}
