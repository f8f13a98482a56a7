import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll } from 'vitest';
import type { CliIo } from '../../src/cli/io.js';
import { runCli } from '../../src/cli/program.js';

/** The bundled marketplace directory (absolute). */
export const FIXTURES = join(import.meta.dirname, '../../fixtures/marketplace');

/** What one `gfp` run returned: the exit code and everything written to stdout and stderr. */
export interface GfpRun {
  readonly code: number;
  readonly out: string;
  readonly err: string;
}

/** Runs `gfp` in-process with captured stdout/stderr (each write ends with a newline); returns the exit code and the output. */
export async function gfp(...argv: string[]): Promise<GfpRun> {
  return gfpWithProgress(undefined, ...argv);
}

/** A stand-in for stderr that collects what a progress line writes; `isTTY` as given. */
export interface CapturedStream {
  readonly isTTY: boolean;
  readonly columns: number;
  text: string;
  write(text: string): boolean;
}

/** A {@link CapturedStream} (a terminal when `isTTY`). */
export function capturedStream(isTTY: boolean): CapturedStream {
  return {
    isTTY,
    columns: 100,
    text: '',
    write(text: string) {
      this.text += text;
      return true;
    },
  };
}

/** Runs `gfp` as {@link gfp} with `progress` as the progress stream (undefined: none, as in the other tests). */
export async function gfpWithProgress(progress: CapturedStream | undefined, ...argv: string[]): Promise<GfpRun> {
  let out = '';
  let err = '';
  const line = (t: string): string => (t.endsWith('\n') ? t : `${t}\n`);
  const io: CliIo = { out: (t) => void (out += line(t)), err: (t) => void (err += line(t)), ...(progress !== undefined ? { progress } : {}) };
  const code = await runCli(argv, io);
  return { code, out, err };
}

/** Runs `gfp` as {@link gfp} with `cwd` as the working directory (tests run in forks, so chdir is allowed). */
export async function gfpIn(cwd: string, ...argv: string[]): Promise<GfpRun> {
  const before = process.cwd();
  process.chdir(cwd);
  try {
    return await gfp(...argv);
  } finally {
    process.chdir(before);
  }
}

const temps: string[] = [];
afterAll(async () => {
  for (const dir of temps.splice(0)) await rm(dir, { recursive: true, force: true });
});

/** A fresh temporary directory, removed after the test file's tests. */
export async function tempDir(prefix = 'gfp-cli-'): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), prefix));
  temps.push(dir);
  return dir;
}

/** products.csv of the small test marketplaces: four products of three merchants. */
const FOUR_PRODUCTS =
  'id,merchantId,title,description,tags,category,price,createdAt,inStock\n' +
  'p1,m1,Backpack,,bag,bags,10,,true\np2,m1,Cap,,,hats,,,true\np3,m2,Mug,,,home,,,true\np4,m3,Pen,,,office,,,true\n';

/**
 * A four-product marketplace in a temp directory: events.csv has five good rows and one bad one
 * (line 7, timestamp "yesterday").
 */
export async function tinyMarketplace(): Promise<string> {
  const dir = await tempDir('gfp-inspect-');
  await writeFile(join(dir, 'products.csv'), FOUR_PRODUCTS);
  await writeFile(
    join(dir, 'events.csv'),
    'userId,productId,type,timestamp,weight,position,surface,sessionId\n' +
      'u1,p1,view,2026-06-01T08:30:00.000Z,,,,\n' +
      'u1,p1,click,2026-06-01T08:31:00.000Z,,,,\n' + // same cell as the view
      'u1,p2,purchase,2026-06-01T09:00:00.000Z,,,,\n' +
      'u2,p3,view,2026-06-02T10:00:00.000Z,,,,\n' +
      'u2,p4,impression,2026-06-02T10:00:00.000Z,,,,\n' + // weight 0: logged, not stored
      'u3,p1,view,yesterday,,,,\n', // rejected at line 7
  );
  return dir;
}

/**
 * A four-product marketplace in a temp directory whose events.csv names an unknown product, p9,
 * at lines 4 and 7 (every other row valid: eight events of four users).
 */
export async function unknownProductMarketplace(): Promise<string> {
  const dir = await tempDir('gfp-unknown-');
  await writeFile(join(dir, 'products.csv'), FOUR_PRODUCTS);
  await writeFile(
    join(dir, 'events.csv'),
    'userId,productId,type,timestamp\n' +
      'u1,p1,view,2026-06-01T08:00:00Z\n' +
      'u1,p2,purchase,2026-06-01T09:00:00Z\n' +
      'u1,p9,view,2026-06-01T09:30:00Z\n' + // line 4: unknown product
      'u2,p1,view,2026-06-02T10:00:00Z\n' +
      'u2,p3,purchase,2026-06-02T11:00:00Z\n' +
      'u3,p9,click,2026-06-03T10:00:00Z\n' + // line 7: unknown product
      'u3,p2,view,2026-06-03T11:00:00Z\n' +
      'u3,p4,purchase,2026-06-04T10:00:00Z\n' +
      'u4,p3,view,2026-06-04T11:00:00Z\n' +
      'u4,p1,purchase,2026-06-05T10:00:00Z\n',
  );
  return dir;
}
