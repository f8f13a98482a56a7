/**
 * Doc comments once cited DESIGN.md, the team's design page, which users of the package cannot
 * read; docs/design.md (shipped) holds the same sections by number. This script lists the
 * citations left in src/ and, with --fix, points them at docs/design.md (comment text only):
 *
 *   npm run design-refs            # list them; exit 1 when any is left or cites a missing section
 *   npm run design-refs -- --fix   # rewrite them
 */
import { readFile, readdir, writeFile } from 'node:fs/promises';
import { join, relative } from 'node:path';

const ROOT = join(import.meta.dirname, '..');

/** One citation of DESIGN.md in a source file. */
export interface DesignRef {
  readonly file: string;
  readonly line: number;
  readonly text: string;
  /** The section number it names (`5.3`), when it names one. */
  readonly section: string | undefined;
}

/** `DESIGN.md 5.3`, `DESIGN.md section 8`, `DESIGN.md's ...`. */
const CITATION = /DESIGN\.md(?:'s)?(?: (?:section )?(\d+(?:\.\d+)?))?/g;

/** Every `.ts` file below `dir`. */
async function sources(dir: string): Promise<string[]> {
  const out: string[] = [];
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...(await sources(path)));
    else if (entry.name.endsWith('.ts')) out.push(path);
  }
  return out;
}

/** `docs/design.md 5.3`: a citation of the shipped design notes, as --fix writes them. */
export const DOCS_CITATION = /docs\/design\.md(?: (\d+(?:\.\d+)?))?/g;

/** The citations in src/ of DESIGN.md (or of what `pattern` matches: a global regex, group 1 the section). */
export async function designRefs(root = ROOT, pattern: RegExp = CITATION): Promise<DesignRef[]> {
  const refs: DesignRef[] = [];
  for (const file of await sources(join(root, 'src'))) {
    const lines = (await readFile(file, 'utf8')).split('\n');
    lines.forEach((text, i) => {
      for (const m of text.matchAll(pattern)) refs.push({ file: relative(root, file), line: i + 1, text: m[0], section: m[1] });
    });
  }
  return refs;
}

/** The section numbers of docs/design.md (`## 5.3 Reranker` -> `5.3`, `## 3. Signals` -> `3`). */
export async function designSections(root = ROOT): Promise<Set<string>> {
  const text = await readFile(join(root, 'docs/design.md'), 'utf8');
  return new Set([...text.matchAll(/^#{2,3} (\d+(?:\.\d+)?)\.? /gm)].map((m) => m[1]!));
}

/** The comment text a citation becomes. */
function pointed(citation: string): string {
  return citation.replace(/^DESIGN\.md/, 'docs/design.md').replace(' section ', ' ');
}

async function main(): Promise<void> {
  const refs = await designRefs();
  const sections = await designSections();
  const missing = refs.filter((r) => r.section !== undefined && !sections.has(r.section));
  for (const r of missing) console.error(`${r.file}:${r.line}: ${r.text}: docs/design.md has no section ${r.section}`);
  if (process.argv.includes('--fix') && missing.length === 0) {
    for (const file of new Set(refs.map((r) => r.file))) {
      const path = join(ROOT, file);
      await writeFile(path, (await readFile(path, 'utf8')).replace(CITATION, pointed));
    }
    console.log(`pointed ${refs.length} citations in ${new Set(refs.map((r) => r.file)).size} files at docs/design.md`);
    return;
  }
  for (const r of refs) console.log(`${r.file}:${r.line}: ${r.text}`);
  if (refs.length > 0) process.exitCode = 1;
}

if (process.argv[1] !== undefined && import.meta.filename === process.argv[1]) await main();
