import { mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { generateOptionsFromFlags } from '../../src/cli/commands/generate.js';
import type { CliIo } from '../../src/cli/io.js';
import { runCli } from '../../src/cli/program.js';
import { ConfigError } from '../../src/errors.js';

const temps: string[] = [];
afterAll(async () => {
  for (const dir of temps) await rm(dir, { recursive: true, force: true });
});

function captureIo(): CliIo & { stdout: string[]; stderr: string[] } {
  const stdout: string[] = [];
  const stderr: string[] = [];
  return { stdout, stderr, out: (t) => stdout.push(t), err: (t) => stderr.push(t) };
}

describe('gfp generate', () => {
  it('writes the marketplace files and prints the counts', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'gfp-generate-'));
    temps.push(dir);
    const out = join(dir, 'market');
    const io = captureIo();
    const args = ['generate', '--out', out, '--seed', '3', '--users', '40', '--products', '60', '--merchants', '8', '--days', '10'];
    const code = await runCli(args, io);
    expect(io.stderr).toEqual([]);
    expect(code).toBe(0);
    expect((await readdir(out)).sort()).toEqual(['events.csv', 'merchants.csv', 'products.csv', 'topics.csv', 'truth.json']);
    const products = (await readFile(join(out, 'products.csv'), 'utf8')).trimEnd().split('\n');
    expect(products).toHaveLength(61);
    const merchants = (await readFile(join(out, 'merchants.csv'), 'utf8')).trimEnd().split('\n');
    expect(merchants).toHaveLength(9);
    const events = (await readFile(join(out, 'events.csv'), 'utf8')).trimEnd().split('\n').length - 1;
    const printed = io.stdout.join('\n');
    expect(printed).toContain('60 products, 8 merchants');
    expect(printed).toContain(`${events} events, 4 topics`);
    const truth = JSON.parse(await readFile(join(out, 'truth.json'), 'utf8')) as { options: { seed: number; users: number } };
    expect(truth.options.seed).toBe(3);
    expect(truth.options.users).toBe(40);
  });

  it('exits 2 on bad numbers and inconsistent options, writing nothing', async () => {
    const dir = join(tmpdir(), `gfp-generate-never-${process.pid}`);
    const io = captureIo();
    expect(await runCli(['generate', '--out', dir, '--users', 'many'], io)).toBe(2);
    expect(io.stderr.join('\n')).toContain('--users: expected a number, got "many"');
    const io2 = captureIo();
    expect(await runCli(['generate', '--out', dir, '--products', '5', '--merchants', '9'], io2)).toBe(2);
    expect(io2.stderr.join('\n')).toContain('merchants');
    await expect(readdir(dir)).rejects.toThrow();
  });

  it('requires --out and documents its options in --help', async () => {
    const io = captureIo();
    expect(await runCli(['generate'], io)).toBe(2);
    expect(io.stderr.join('')).toContain('--out');
    const help = captureIo();
    expect(await runCli(['generate', '--help'], help)).toBe(0);
    const text = help.stdout.join('');
    for (const flag of ['--out', '--seed', '--users', '--products', '--merchants', '--days', '--start']) expect(text).toContain(flag);
  });

  it('maps flags to generator options, keeping defaults for absent flags', () => {
    expect(generateOptionsFromFlags({})).toEqual({});
    expect(generateOptionsFromFlags({ seed: '5', days: '7', start: '2026-07-01T00:00:00Z', zipf: '0.8' })).toEqual({
      seed: 5,
      days: 7,
      start: Date.UTC(2026, 6, 1),
      zipfExponent: 0.8,
    });
    expect(() => generateOptionsFromFlags({ start: 'yesterday' })).toThrow(ConfigError);
  });
});
