/**
 * `gfp --version`, a reader that goes away (`| head -1`), and progress on stderr.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { createProgressLine, formatProgress } from '../../src/cli/progress.js';
import { FIXTURES, capturedStream, gfp, gfpWithProgress } from './_gfp.js';

const ROOT = join(import.meta.dirname, '../..');
const TSX = pathToFileURL(join(ROOT, 'node_modules/tsx/dist/loader.mjs')).href;

describe('gfp --version', () => {
  it('prints the package version and exits 0', async () => {
    const { version } = JSON.parse(await readFile(join(ROOT, 'package.json'), 'utf8')) as { version: string };
    for (const flag of ['--version', '-V']) {
      const r = await gfp(flag);
      expect(r).toEqual({ code: 0, out: `${version}\n`, err: '' });
    }
  });
});

describe('a closed pipe', () => {
  it('`gfp recommend ... | head -1` exits 0 quietly (no EPIPE stack trace, no exit 1)', async () => {
    // 60 users as JSON: far more than a pipe buffer (64 KiB), so writes go on after head has exited.
    const users = Array.from({ length: 60 }, (_, i) => `--user u-${String(i + 1).padStart(4, '0')}`).join(' ');
    const script = `node --import ${TSX} src/cli/main.ts recommend --data ${FIXTURES} ${users} --json | head -1; echo "gfp exit: \${PIPESTATUS[0]}" >&2`;
    const { stdout, stderr } = await new Promise<{ stdout: string; stderr: string }>((done, fail) => {
      execFile('bash', ['-c', script], { cwd: ROOT, timeout: 120_000 }, (error, so, se) => (error === null ? done({ stdout: so, stderr: se }) : fail(error)));
    });
    expect(stdout).toBe('[\n');
    expect(stderr).toBe('gfp exit: 0\n');
  });

  it('`gfp eval ... --out FILE | head -3` still writes the whole report (it was left at 0 bytes with exit 0)', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'gfp-pipe-'));
    const out = join(dir, 'report.json');
    const script = `node --import ${TSX} src/cli/main.ts eval fixtures/eval/marketplace.json --out ${out} | head -3 > /dev/null; echo "gfp exit: \${PIPESTATUS[0]}" >&2`;
    const { stderr } = await new Promise<{ stdout: string; stderr: string }>((done, fail) => {
      execFile('bash', ['-c', script], { cwd: ROOT, timeout: 240_000 }, (error, so, se) => (error === null ? done({ stdout: so, stderr: se }) : fail(error)));
    });
    expect(stderr.endsWith('gfp exit: 0\n')).toBe(true);
    const report = JSON.parse(await readFile(out, 'utf8')) as { runs: unknown[] };
    expect(report.runs.length).toBeGreaterThan(1);
  }, 240_000);
});

describe('progress on stderr', () => {
  it('formats a step with its count and a bar', () => {
    expect(formatProgress('fit 1/5: ials')).toBe('fit 1/5: ials');
    expect(formatProgress('load events.csv', 20_000)).toBe('load events.csv 20000');
    expect(formatProgress('recommend', 3, 4)).toBe('recommend 3/4 [##################------]');
  });

  it('redraws in place on a terminal at most every 100 ms per step, and erases itself', () => {
    const stream = capturedStream(true);
    let now = 0;
    const line = createProgressLine({ mode: 'auto', stream, clock: () => now });
    line.update('recommend', 1, 10);
    now = 50;
    line.update('recommend', 2, 10); // throttled
    now = 150;
    line.update('recommend', 3, 10);
    line.update('fit', 0, 2); // a new step always draws
    line.stop();
    expect(stream.text.split('\r\u001b[2K')).toEqual(['', 'recommend 1/10 [##----------------------]', 'recommend 3/10 [#######-----------------]', 'fit 0/2 [------------------------]', '']);
  });

  it('in a log only with --progress (one line per step), never with --no-progress', () => {
    const log = capturedStream(false);
    expect(createProgressLine({ mode: 'auto', stream: log }).active).toBe(false);
    const on = createProgressLine({ mode: 'on', stream: log, clock: () => 0 });
    on.update('load events.csv', 10_000);
    on.update('load events.csv', 20_000); // same step within 2 s: no new line
    on.update('fit 1/2: ials', 0, 2);
    on.stop();
    expect(log.text).toBe('load events.csv 10000\nfit 1/2: ials 0/2 [------------------------]\n');
    expect(createProgressLine({ mode: 'off', stream: capturedStream(true) }).active).toBe(false);
  });

  it('gfp recommend shows loading, each signal being fitted and the users on a terminal, and keeps stdout clean', async () => {
    const tty = capturedStream(true);
    const r = await gfpWithProgress(tty, 'recommend', '--data', FIXTURES, '--user', 'u-0008', '--user', 'u-0009', '--n', '3', '--json');
    expect(r.code).toBe(0);
    expect(JSON.parse(r.out)).toHaveLength(2);
    const steps = tty.text.split('\r\u001b[2K').filter((s) => s !== '');
    expect(steps).toContain('load products.csv 400');
    expect(steps.some((s) => s.startsWith('load events.csv '))).toBe(true);
    // The default blend: ials, item-knn, content, trending, popularity, each named as it is fitted.
    for (const [i, name] of ['ials', 'item-knn', 'content', 'trending', 'popularity'].entries()) {
      expect(steps.some((s) => s.startsWith(`fit ${i + 1}/5: ${name} ${i}/5`)), name).toBe(true);
    }
    expect(steps.some((s) => s.startsWith('recommend 0/2'))).toBe(true);
    expect(tty.text.endsWith('\r\u001b[2K')).toBe(true);
    const quiet = capturedStream(true);
    expect((await gfpWithProgress(quiet, 'recommend', '--data', FIXTURES, '--user', 'u-0008', '--n', '3', '--no-progress')).code).toBe(0);
    expect(quiet.text).toBe('');
    const log = capturedStream(false);
    expect((await gfpWithProgress(log, 'recommend', '--data', FIXTURES, '--user', 'u-0008', '--n', '3')).code).toBe(0);
    expect(log.text).toBe('');
  });

  it('gfp simulate shows each run', async () => {
    const tty = capturedStream(false);
    const r = await gfpWithProgress(tty, 'simulate', '--data', FIXTURES, '--rounds', '1', '--per-round', '5', '--lambda', '0,0.3', '--progress');
    expect(r.code).toBe(0);
    expect(tty.text).toContain('simulate lambda=0 (1 rounds) 0/2');
    expect(tty.text).toContain('simulate lambda=0.3 (1 rounds) 1/2');
  });
});
