import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { CliIo } from '../../src/cli/io.js';
import { runCli } from '../../src/cli/program.js';

const FIXTURES = join(import.meta.dirname, '../../fixtures/marketplace');

function capture(): CliIo & { stdout: string[]; stderr: string[] } {
  const stdout: string[] = [];
  const stderr: string[] = [];
  return { stdout, stderr, out: (t) => void stdout.push(t), err: (t) => void stderr.push(t) };
}

interface JsonRun {
  label: string;
  lambda: number;
  options: { rounds: number; usersPerRound: number; n: number };
  rounds: Array<{ round: number; users: number; clicks: number; merchantGini: number; smallTierShare: number }>;
  summary: { clicks: number; smallTierShare: number };
}

describe('gfp simulate', () => {
  it('runs one loop per lambda on the bundled marketplace and prints JSON records', async () => {
    const io = capture();
    const args = ['simulate', '--data', FIXTURES, '--lambda', '0,0.3', '--rounds', '2', '--per-round', '12', '--n', '5', '--refit-every', '0', '--json'];
    expect(await runCli(args, io)).toBe(0);
    expect(io.stderr).toEqual([]);
    const runs = JSON.parse(io.stdout.join('\n')) as JsonRun[];
    expect(runs.map((r) => [r.label, r.lambda])).toEqual([
      ['lambda=0', 0],
      ['lambda=0.3', 0.3],
    ]);
    for (const r of runs) {
      expect(r.options).toMatchObject({ rounds: 2, usersPerRound: 12, n: 5 });
      expect(r.rounds.map((x) => [x.round, x.users])).toEqual([
        [1, 12],
        [2, 12],
      ]);
      expect(r.summary.clicks).toBe(r.rounds[0]!.clicks + r.rounds[1]!.clicks);
    }
    // The same command prints the same numbers.
    const again = capture();
    expect(await runCli(args, again)).toBe(0);
    expect(again.stdout).toEqual(io.stdout);
  });

  it('prints Markdown tables by default', async () => {
    const io = capture();
    expect(await runCli(['simulate', '--data', FIXTURES, '--lambda', '0.2', '--rounds', '1', '--per-round', '5'], io)).toBe(0);
    const text = io.stdout.join('\n');
    expect(text).toMatch(/^\| run \| lambda \| clicks \|/m);
    expect(text).toMatch(/^\| lambda=0\.2 \| 0\.2 \| \d+ \|/m);
    expect(text).toMatch(/^\| 1 \| 5 \| \d+ \| 0\.\d{3} \|/m);
  });

  it('exits 2 on bad settings and on a directory without truth.json', async () => {
    const io = capture();
    expect(await runCli(['simulate', '--data', FIXTURES, '--rounds', '0'], io)).toBe(2);
    expect(io.stderr.join('\n')).toContain('feedback loop config: rounds');
    const dir = await mkdtemp(join(tmpdir(), 'gfp-simulate-'));
    await writeFile(join(dir, 'products.csv'), 'id,merchantId,title\np1,m1,T\n');
    const io2 = capture();
    expect(await runCli(['simulate', '--data', dir], io2)).toBe(2);
    expect(io2.stderr.join('\n')).toContain('truth.json');
  });

  it('--config sets the base recommender of every run; a bad key exits 2 naming it', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'gfp-sim-config-'));
    const good = join(dir, 'pop.json');
    await writeFile(good, JSON.stringify({ signals: [{ type: 'popularity' }] }));
    const args = ['simulate', '--data', FIXTURES, '--lambda', '0', '--rounds', '1', '--per-round', '8', '--n', '5', '--refit-every', '0', '--json'];
    const withConfig = capture();
    expect(await runCli([...args, '--config', good], withConfig)).toBe(0);
    const plain = capture();
    expect(await runCli(args, plain)).toBe(0);
    // Popularity alone serves other slates than the default blend, so the click records differ.
    expect(withConfig.stdout.join('\n')).not.toBe(plain.stdout.join('\n'));
    const bad = join(dir, 'bad.json');
    await writeFile(bad, JSON.stringify({ signalz: [] }));
    const io = capture();
    expect(await runCli([...args, '--config', bad], io)).toBe(2);
    expect(io.stderr.join('\n')).toContain('signalz');
  });
});
