import { existsSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { describeSystemError } from '../../src/cli/system-error.js';
import { gfp, tempDir } from './_gfp.js';

const fixture = (p: string): string => fileURLToPath(new URL(`../../fixtures/${p}`, import.meta.url));
const sysError = (code: string, path?: string): Error & { code: string; path?: string } =>
  Object.assign(new Error(`${code}: raw node message`), { code, ...(path !== undefined ? { path } : {}) });

describe('gfp error messages and exit codes', () => {
  it('maps Node file errors to "<path>: <what>" with exit 2', async () => {
    const missing = await gfp('inspect', '/tmp/nonexistent-gfp-path');
    expect([missing.code, missing.err]).toEqual([2, 'gfp: /tmp/nonexistent-gfp-path: no such file or directory\n']);
    expect(describeSystemError(sysError('EACCES', 'data/x.csv'))).toBe('data/x.csv: permission denied');
    expect(describeSystemError(sysError('EISDIR', '/tmp'))).toBe('/tmp: is a directory (expected a file)');
    expect(describeSystemError(sysError('ENOENT'))).toBe('no such file or directory (ENOENT)');
    // Node leaves the path out of EISDIR on read: the CLI puts it back.
    const dir = await tempDir('gfp-eisdir-');
    const config = await gfp('recommend', '--data', fixture('marketplace'), '--user', 'u-0001', '--config', dir);
    expect([config.code, config.err]).toEqual([2, `gfp: ${dir}: is a directory (expected a file)\n`]);
    const report = await gfp('gate', '--baseline', '/tmp/nonexistent-gfp.json', '--current', '/tmp/nonexistent-gfp.json');
    expect([report.code, report.err]).toEqual([2, 'gfp: cannot read the baseline report: /tmp/nonexistent-gfp.json: no such file or directory\n']);
    // Codes without a wording keep Node's message.
    expect(describeSystemError(sysError('ECONNRESET', '/x'))).toBe('ECONNRESET: raw node message');
  });

  it('a missing file of a format names the format and the file expected', async () => {
    const r = await gfp('recommend', '--format', 'ml-100k', '--data', fixture('marketplace'), '--user', 'u-0001');
    expect(r.code).toBe(2);
    expect(r.err).toBe(`gfp: ml-100k: expected the movie file u.item in ${fixture('marketplace')} (not found)\n`);
    const dir = await tempDir('gfp-ml1m-');
    await writeFile(join(dir, 'movies.dat'), '1::Toy Story (1995)::Animation\n');
    const ratings = await gfp('inspect', dir, '--format', 'ml-1m');
    expect(ratings.err).toBe(`gfp: ml-1m: expected the ratings file ratings.dat in ${dir} (not found)\n`);
  });

  it('--user is required by recommend: exit 2, message on stderr, nothing on stdout', async () => {
    const r = await gfp('recommend', '--data', fixture('marketplace'));
    expect([r.code, r.out, r.err]).toEqual([2, '', "gfp: required option '--user <id>' not specified (repeat it for several users)\n"]);
  });

  it('every error has the one "gfp: " prefix, commander usage errors included', async () => {
    const alpha = await gfp('gate', '--baseline', 'a.json', '--current', 'b.json', '--require-significance', '2');
    expect([alpha.code, alpha.err]).toEqual([2, 'gfp: --require-significance: expected a number in (0, 1), got "2"\n']);
    const test = await gfp('gate', '--baseline', 'a.json', '--current', 'b.json', '--test', 'wilcoxon');
    expect(test.err).toBe('gfp: --test: expected paired-t or randomisation, got "wilcoxon"\n');
    const unknown = await gfp('demo', '--colour');
    expect(unknown.code).toBe(2);
    expect(unknown.err).toMatch(/^gfp: unknown option '--colour'\n/);
    const sweep = await gfp('sweep', fixture('eval/tiny-popularity.json'), '--param', 'models.0.k');
    expect(sweep.err).toBe('gfp: give --param and --values together\n');
  });

  it('documents the exit codes in the help of the program and of each command', async () => {
    for (const args of [['--help'], ['gate', '--help'], ['demo', '--help']]) {
      const r = await gfp(...args);
      expect(r.code).toBe(0);
      expect(r.out).toContain('Exit codes:\n  0  ok\n  1  a check failed (gfp gate found a regression)\n  2  bad input');
      expect(r.out).toContain('  3  internal error');
    }
  });

  it('eval, sweep and gate fail fast (exit 2, nothing computed) on output paths they cannot write', async () => {
    const dir = await tempDir('gfp-out-');
    const config = fixture('eval/tiny-popularity.json');
    const evalOut = await gfp('eval', config, '--out', '/nonexistent-gfp-dir/x.json');
    expect([evalOut.code, evalOut.out]).toEqual([2, '']);
    expect(evalOut.err).toBe('gfp: --out /nonexistent-gfp-dir/x.json: cannot write there: directory /nonexistent-gfp-dir does not exist\n');
    const md = await gfp('eval', config, '--markdown', dir);
    expect(md.err).toBe(`gfp: --markdown ${dir}: cannot write there: it is a directory (expected a file name)\n`);
    // A file where the directory should be: the sweep stops before running.
    const file = join(dir, 'a-file');
    await writeFile(file, 'x');
    const sweep = await gfp('sweep', fixture('eval/sweep-lambda.json'), '--out-dir', join(file, 'out'));
    expect([sweep.code, sweep.out]).toEqual([2, '']);
    expect(sweep.err).toBe(`gfp: --out-dir ${join(file, 'out')}: cannot create or write this directory (a file is in the way)\n`);
    // The gate checks --summary and --junit before reading the reports (which do not exist here).
    const gate = await gfp('gate', '--baseline', 'none.json', '--current', 'none.json', '--junit', join(dir, 'missing', 'j.xml'));
    expect(gate.err).toBe(`gfp: --junit ${join(dir, 'missing', 'j.xml')}: cannot write there: directory ${join(dir, 'missing')} does not exist\n`);
    expect(existsSync(join(dir, 'missing'))).toBe(false);
  });
});
