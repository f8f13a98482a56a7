import { readFile, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { generateOptionsFromFlags } from '../../src/cli/commands/generate.js';
import { ConfigError } from '../../src/errors.js';
import { gfp, tempDir } from './_gfp.js';

describe('gfp generate', () => {
  it('writes the marketplace files and prints the counts', async () => {
    const dir = await tempDir('gfp-generate-');
    const out = join(dir, 'market');
    const args = ['generate', '--out', out, '--seed', '3', '--users', '40', '--products', '60', '--merchants', '8', '--days', '10'];
    const io = await gfp(...args);
    const code = io.code;
    expect(io.err).toBe('');
    expect(code).toBe(0);
    expect((await readdir(out)).sort()).toEqual(['events.csv', 'merchants.csv', 'products.csv', 'topics.csv', 'truth.json']);
    const products = (await readFile(join(out, 'products.csv'), 'utf8')).trimEnd().split('\n');
    expect(products).toHaveLength(61);
    const merchants = (await readFile(join(out, 'merchants.csv'), 'utf8')).trimEnd().split('\n');
    expect(merchants).toHaveLength(9);
    const events = (await readFile(join(out, 'events.csv'), 'utf8')).trimEnd().split('\n').length - 1;
    const printed = io.out;
    expect(printed).toContain('60 products, 8 merchants');
    expect(printed).toContain(`${events} events, 4 topics`);
    const truth = JSON.parse(await readFile(join(out, 'truth.json'), 'utf8')) as { options: { seed: number; users: number } };
    expect(truth.options.seed).toBe(3);
    expect(truth.options.users).toBe(40);
  });

  it('exits 2 on bad numbers and inconsistent options, writing nothing', async () => {
    const dir = join(await tempDir('gfp-generate-'), 'never');
    const io = await gfp('generate', '--out', dir, '--users', 'many');
    expect(io.code).toBe(2);
    expect(io.err).toBe('gfp: --users: expected a positive integer, got "many"\n');
    const io2 = await gfp('generate', '--out', dir, '--products', '5', '--merchants', '9');
    expect(io2.code).toBe(2);
    expect(io2.err).toContain('merchants');
    await expect(readdir(dir)).rejects.toThrow();
  });

  it('requires --out and documents its options in --help', async () => {
    const io = await gfp('generate');
    expect(io.code).toBe(2);
    expect(io.err).toContain('--out');
    const help = await gfp('generate', '--help');
    expect(help.code).toBe(0);
    const text = help.out;
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
