import { execFile } from 'node:child_process';
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { isBuiltin } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';

const ROOT = resolve(import.meta.dirname, '../..');
const SRC = join(ROOT, 'src');
const TSX = pathToFileURL(join(ROOT, 'node_modules/tsx/dist/loader.mjs')).href;

/** Entry modules of the package, and the CLI's module graph without its `main.ts` (which runs). */
const ENTRIES = ['index.ts', 'evaluation/index.ts', 'simulation/index.ts', 'io/index.ts', 'redis/index.ts', 'node/index.ts', 'cli/program.ts', 'cli/commands/index.ts'];

/** Records every built-in module resolved by an ES module (CommonJS requires are caught in the child). */
const HOOK = `
import { appendFileSync } from 'node:fs';
import { isBuiltin } from 'node:module';
let log;
export function initialize(data) { log = data.log; }
export async function resolve(specifier, context, next) {
  if (isBuiltin(specifier)) appendFileSync(log, specifier + '\\t' + context.parentURL + '\\n');
  return next(specifier, context);
}
`;

interface ChildResult {
  readonly stdout: string;
  readonly stderr: string;
  /** process.env before and after the imports, as the child saw it. */
  readonly envBefore: Record<string, string>;
  readonly envAfter: Record<string, string>;
  /** Built-in modules requested during the imports, with the requesting module. */
  readonly builtins: string[];
}

/**
 * Imports `modules` in a fresh Node process (TypeScript through tsx) whose working directory holds
 * a `.env` file, and reports what it printed, its env before and after, and the built-ins it loaded.
 */
async function importInChild(modules: readonly string[]): Promise<ChildResult> {
  const dir = await mkdtemp(join(tmpdir(), 'gfp-imports-'));
  await writeFile(join(dir, '.env'), 'GFP_DOTENV_PROBE=from-dotenv\nNODE_ENV=dotenv-was-here\n');
  await writeFile(join(dir, 'hook.mjs'), HOOK);
  const log = join(dir, 'builtins.log');
  const out = join(dir, 'result.json');
  await writeFile(log, '');
  const script = `
import Module, { isBuiltin, register } from 'node:module';
import { appendFileSync, writeFileSync } from 'node:fs';
register(${JSON.stringify(pathToFileURL(join(dir, 'hook.mjs')).href)}, { data: { log: ${JSON.stringify(log)} } });
const require0 = Module.prototype.require;
Module.prototype.require = function (id) {
  if (isBuiltin(id)) appendFileSync(${JSON.stringify(log)}, id + '\\t' + this.filename + '\\n');
  return require0.apply(this, arguments);
};
const envBefore = { ...process.env };
for (const m of ${JSON.stringify(modules)}) await import(m);
Module.prototype.require = require0;
writeFileSync(${JSON.stringify(out)}, JSON.stringify({ envBefore, envAfter: { ...process.env } }));
`;
  const env = { ...process.env };
  delete env.GFP_DOTENV_PROBE;
  delete env.NODE_OPTIONS; // vitest's own loaders stay out of the child
  const { stdout, stderr } = await new Promise<{ stdout: string; stderr: string }>((done, fail) => {
    execFile(process.execPath, ['--import', TSX, '--input-type=module', '-e', script], { cwd: dir, env, timeout: 60_000 }, (error, so, se) => {
      if (error !== null) fail(new Error(`child failed: ${error.message}\n${se}`));
      else done({ stdout: so, stderr: se });
    });
  });
  const result = JSON.parse(await readFile(out, 'utf8')) as Pick<ChildResult, 'envBefore' | 'envAfter'>;
  const builtins = (await readFile(log, 'utf8')).split('\n').filter((l) => l !== '');
  return { stdout, stderr, ...result, builtins };
}

const srcUrl = (path: string): string => pathToFileURL(join(SRC, path)).href;

describe('importing the package', () => {
  it('prints nothing and leaves process.env unchanged, with a .env file in the working directory', async () => {
    const r = await importInChild(ENTRIES.map(srcUrl));
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe('');
    expect(r.envAfter).toEqual(r.envBefore);
    expect(r.envAfter.GFP_DOTENV_PROBE).toBeUndefined();
  });

  it('(control) the same harness catches natural\'s root import loading dotenv', async () => {
    const r = await importInChild([pathToFileURL(join(ROOT, 'node_modules/natural/lib/natural/index.js')).href]);
    expect(r.envAfter.GFP_DOTENV_PROBE).toBe('from-dotenv');
    expect(r.envAfter).not.toEqual(r.envBefore);
    expect(`${r.stdout}${r.stderr}`).not.toBe('');
    // natural is CommonJS: its require('fs') is caught too.
    expect(r.builtins.some((l) => /^(node:)?fs\t.*natural/.test(l))).toBe(true);
  });

  it('the core, evaluation and simulation entries load no Node built-in module, in their code or their dependencies', async () => {
    for (const entry of ['index.ts', 'evaluation/index.ts', 'simulation/index.ts']) {
      const r = await importInChild([srcUrl(entry)]);
      expect({ entry, builtins: r.builtins }).toEqual({ entry, builtins: [] });
    }
  });

  it('the redis entry loads neither ioredis nor a network module on import (the client is loaded when a store is created)', async () => {
    const r = await importInChild([srcUrl('redis/index.ts')]);
    const names = new Set(r.builtins.map((l) => l.split('\t')[0]!.replace(/^node:/, '')));
    for (const net of ['net', 'tls', 'dns']) expect(names.has(net), net).toBe(false);
    expect(r.builtins.filter((l) => l.includes('ioredis'))).toEqual([]);
    expect(r.stdout + r.stderr).toBe('');
  });

  it('(control) importing ioredis itself loads net, and the harness sees it', async () => {
    const r = await importInChild([pathToFileURL(join(ROOT, 'node_modules/ioredis/built/index.js')).href]);
    expect(r.builtins.some((l) => /^(node:)?net\t/.test(l))).toBe(true);
  });

  it('the node entry prints nothing on import; its Node built-ins are the thread pool\'s own', async () => {
    const r = await importInChild([srcUrl('node/index.ts')]);
    const names = new Set(r.builtins.map((l) => l.split('\t')[0]!.replace(/^node:/, '')));
    expect(names.has('worker_threads')).toBe(true);
    for (const net of ['net', 'tls', 'http', 'child_process']) expect(names.has(net), net).toBe(false);
    expect(r.stdout + r.stderr).toBe('');
  });

  it('(control) the io entry does load Node built-ins, and the harness sees them', async () => {
    const r = await importInChild([srcUrl('io/index.ts')]);
    const names = new Set(r.builtins.map((l) => l.split('\t')[0]));
    expect(names.has('node:fs')).toBe(true);
    expect(r.builtins.some((l) => /^node:fs\t.*csv-rows/.test(l))).toBe(true);
  });
});

/** Import and re-export specifiers of a TypeScript source file (static and dynamic). */
function specifiersOf(code: string): string[] {
  const out: string[] = [];
  const re = /(?:^|[\s;])(?:import|export)\s[^'"]*?from\s*['"]([^'"]+)['"]|(?:^|[\s;])import\s*['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)/gm;
  for (const m of code.matchAll(re)) out.push((m[1] ?? m[2] ?? m[3])!);
  return out;
}

/** Every source file reachable from `entry` through relative imports, and the bare specifiers they use. */
async function moduleGraph(entry: string): Promise<{ files: Set<string>; bare: Map<string, string> }> {
  const files = new Set<string>();
  const bare = new Map<string, string>();
  const queue = [entry];
  while (queue.length > 0) {
    const file = queue.pop()!;
    if (files.has(file)) continue;
    files.add(file);
    const code = await readFile(file, 'utf8');
    for (const spec of specifiersOf(code)) {
      if (spec.startsWith('.')) queue.push(resolve(dirname(file), spec.replace(/\.js$/, '.ts')));
      else if (!bare.has(spec)) bare.set(spec, file);
    }
  }
  return { files, bare };
}

describe('the core module graph (static scan of the sources)', () => {
  it('imports no node: or built-in module, no fast-csv, no natural and no OpenCC package', async () => {
    const { files, bare } = await moduleGraph(join(SRC, 'index.ts'));
    expect(files.size).toBeGreaterThan(40);
    const paths = [...files].map((f) => f.slice(SRC.length + 1));
    // Nothing of the Node-only entries (files, CLI, thread pool, Redis) is reachable from the core.
    expect(paths.filter((p) => /^(io|cli|node|redis)\//.test(p))).toEqual([]);
    const offenders = [...bare].filter(([spec]) => isBuiltin(spec) || spec === 'fast-csv' || spec === 'natural');
    expect(offenders).toEqual([]);
    // What it does use: zod/mini with zod's English messages (never zod's full entry, which was
    // two thirds of the browser bundle) and the Porter stemmer (bundled into the build). The text
    // fold's OpenCC table is generated source; natural's other languages are loaded at run time
    // only when a config names them, never by an import.
    expect([...bare.keys()].sort()).toEqual(['stemmer', 'zod/mini', 'zod/v4/locales/en.js']);
  });

  it('(control) the scan finds the built-ins of the io entry', async () => {
    const { bare } = await moduleGraph(join(SRC, 'io/index.ts'));
    expect(bare.has('node:fs')).toBe(true);
    expect(bare.has('node:zlib')).toBe(true);
  });

  it('the scan reads every import form', () => {
    expect(
      specifiersOf(`import a from 'x';\nimport type { B } from "./b.js";\nexport * from './c.js';\nexport { d } from 'node:fs';\nimport 'side';\nconst e = await import('./e.js');`),
    ).toEqual(['x', './b.js', './c.js', 'node:fs', 'side', './e.js']);
  });
});

/** Runs `code` (an ES module, TypeScript through tsx) in a fresh Node process; resolves with its stdout. */
function runInChild(code: string): Promise<string> {
  const env = { ...process.env };
  delete env.NODE_OPTIONS;
  return new Promise((done, fail) => {
    execFile(process.execPath, ['--import', TSX, '--input-type=module', '-e', code], { cwd: ROOT, env, timeout: 60_000 }, (error, so, se) => {
      if (error !== null) fail(new Error(`child failed: ${error.message}\n${se}`));
      else done(so);
    });
  });
}

describe('messages of the core without zod\'s full entry loaded (zod/mini has no locale of its own)', () => {
  it('config, record and snapshot errors read in English, as with full zod', async () => {
    const out = await runInChild(`
import { createRecommender, validateRecords, ProductSchema, ExposureLedger } from ${JSON.stringify(srcUrl('index.ts'))};
const messages = [];
const attempt = (fn) => { try { fn(); messages.push('no error'); } catch (e) { messages.push(e.message); } };
attempt(() => createRecommender({ signals: [{ type: 'ials', factors: 0 }] }));
attempt(() => createRecommender({ n: 'ten' }));
attempt(() => validateRecords(ProductSchema, [{ id: 'p1', merchantId: 'm1' }], { source: 'products.csv' }));
attempt(() => new ExposureLedger().restore({ version: 1, at: 0, halfLifeMs: -1, partial: false, entries: [], totals: { exposure: 0, merit: 0, merchants: 0 } }));
console.log(JSON.stringify({ messages }));
`);
    const { messages } = JSON.parse(out) as { messages: string[] };
    expect(messages[0]).toBe('signals.0: ials config: factors: Too small: expected number to be >=1');
    expect(messages[1]).toBe('recommender config: n: Invalid input: expected number, received string');
    expect(messages[2]).toMatch(/field "title".*: required$/);
    expect(messages[3]).toMatch(/halfLifeMs.*Too small: expected number to be >0/);
    for (const m of messages) expect(m).not.toMatch(/Invalid input$/);
  });
});

describe('import cost', () => {
  it('importing the core creates no Intl.Segmenter (ICU word data loads on the first tokenisation, not on import)', async () => {
    const out = await runInChild(`
let made = 0;
const Original = Intl.Segmenter;
Intl.Segmenter = class extends Original { constructor(...args) { super(...args); made++; } };
const core = await import(${JSON.stringify(srcUrl('index.ts'))});
const onImport = made;
core.createRecommender({ signals: [{ type: 'content' }] }).fit({ products: [{ id: 'p1', merchantId: 'm1', title: '羊毛围巾 red wool scarf' }], merchants: [{ id: 'm1' }], events: [{ userId: 'u1', productId: 'p1', type: 'view', timestamp: 0 }] });
console.log(JSON.stringify({ onImport, afterFit: made }));
`);
    const { onImport, afterFit } = JSON.parse(out) as { onImport: number; afterFit: number };
    expect(onImport).toBe(0);
    // (control) the counter sees the segmenter a fit makes.
    expect(afterFit).toBe(1);
  });
});
