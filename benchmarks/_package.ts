/**
 * Measurements of the published package as a consumer gets it: the packed tarball, a production
 * install of it alone into a fresh project, and browser bundles of its core made with esbuild.
 * Shared by benchmarks/package-size.ts and tests/package/installed-package.test.ts.
 */
import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, readdir, readFile, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';

/** The repository root. */
export const ROOT = join(import.meta.dirname, '..');

/** Runs a command; resolves with stdout, rejects with the command's stderr in the message. */
export function run(command: string, args: readonly string[], cwd: string, timeout = 300_000): Promise<string> {
  return new Promise((done, fail) => {
    execFile(command, args, { cwd, timeout, maxBuffer: 64 * 1024 * 1024 }, (error, stdout, stderr) => {
      if (error === null) done(stdout);
      else fail(new Error(`${command} ${args.join(' ')} (in ${cwd}) failed: ${error.message}\n${stderr}`));
    });
  });
}

/** A packed tarball of the repository (dist must be built). */
export interface Tarball {
  readonly path: string;
  /** Size of the .tgz file, bytes. */
  readonly bytes: number;
  /** Paths of the files it holds, relative to the package root. */
  readonly files: readonly string[];
}

/** Packs the repository with `npm pack` into a fresh temporary directory. */
export async function packTarball(): Promise<Tarball> {
  try {
    await stat(join(ROOT, 'dist/index.js'));
  } catch {
    throw new Error('dist/ is missing: run npm run build first (npm test builds before the tests)');
  }
  const dir = await mkdtemp(join(tmpdir(), 'gfp-pack-'));
  const out = await run('npm', ['pack', '--json', '--pack-destination', dir], ROOT);
  const [info] = JSON.parse(out) as Array<{ filename: string; files: Array<{ path: string }> }>;
  const path = join(dir, info!.filename);
  return { path, bytes: (await stat(path)).size, files: info!.files.map((f) => f.path) };
}

/** A fresh project with the tarball installed, production dependencies only. */
export interface Installed {
  readonly dir: string;
  /** Packages in its node_modules (the package itself included). */
  readonly packages: readonly string[];
  /** Apparent size of its node_modules, bytes (what `du --apparent-size` reports). */
  readonly bytes: number;
}

/**
 * `npm install <tarball> --omit=dev` into a fresh project (optional peers such as natural are not
 * installed). Uses the local npm cache when it has the packages (`--prefer-offline`).
 */
export async function installTarball(tarball: string): Promise<Installed> {
  const dir = await mkdtemp(join(tmpdir(), 'gfp-consumer-'));
  await writeFile(join(dir, 'package.json'), JSON.stringify({ name: 'gfp-consumer', version: '1.0.0', private: true }));
  await run('npm', ['install', tarball, '--omit=dev', '--prefer-offline', '--no-audit', '--no-fund', '--loglevel=error'], dir);
  const lock = JSON.parse(await readFile(join(dir, 'node_modules/.package-lock.json'), 'utf8')) as { packages: Record<string, unknown> };
  const packages = Object.keys(lock.packages).map((key) => key.replace(/^.*node_modules\//, ''));
  return { dir, packages, bytes: await apparentSize(join(dir, 'node_modules')) };
}

/** Sum of the sizes of the files below `path` (apparent size, as `du --apparent-size -b` counts files). */
export async function apparentSize(path: string): Promise<number> {
  const info = await stat(path);
  if (!info.isDirectory()) return info.size;
  let total = 0;
  for (const entry of await readdir(path)) total += await apparentSize(join(path, entry));
  return total;
}

/** A bundle's size: minified and gzipped, bytes. */
export interface BundleSize {
  readonly minified: number;
  readonly gzipped: number;
}

/**
 * Bundles `code` (an ES module importing the package) for the browser with esbuild, minified and
 * tree-shaken, resolving from the consumer project `dir`; returns its minified and gzipped sizes.
 */
export async function browserBundle(dir: string, code: string): Promise<BundleSize> {
  const result = await build({
    stdin: { contents: code, resolveDir: dir, sourcefile: 'entry.js' },
    bundle: true,
    minify: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    write: false,
    logLevel: 'silent',
  });
  const bytes = result.outputFiles[0]!.contents;
  return { minified: bytes.length, gzipped: gzipSync(bytes, { level: 9 }).length };
}

/** The whole core entry, as an app that uses all of it bundles it. */
export const CORE_BUNDLE = "export * from 'goods-find-people';";
/** Only one error class of the core, as an app that catches ConfigError bundles it. */
export const ERROR_CLASS_BUNDLE = "export { ConfigError } from 'goods-find-people';";

/** Writes `files` (relative path -> text) under `dir`, creating folders. */
export async function writeFiles(dir: string, files: Record<string, string>): Promise<void> {
  for (const [name, text] of Object.entries(files)) {
    const path = join(dir, name);
    await mkdir(join(path, '..'), { recursive: true });
    await writeFile(path, text);
  }
}
