import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FIXTURES, gfp, tempDir } from './_gfp.js';

interface JsonRun {
  label: string;
  lambda: number;
  options: { rounds: number; usersPerRound: number; n: number };
  rounds: Array<{ round: number; users: number; clicks: number; merchantGini: number; smallTierShare: number }>;
  summary: { clicks: number; smallTierShare: number };
}

describe('gfp simulate', () => {
  it('runs one loop per lambda on the bundled marketplace and prints JSON records', async () => {
    const args = ['simulate', '--data', FIXTURES, '--lambda', '0,0.3', '--rounds', '2', '--per-round', '12', '--n', '5', '--refit-every', '0', '--json'];
    const r = await gfp(...args);
    expect(r.code).toBe(0);
    expect(r.err).toBe('');
    const runs = JSON.parse(r.out) as JsonRun[];
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
    const again = await gfp(...args);
    expect(again.code).toBe(0);
    expect(again.out).toBe(r.out);
  });

  it('prints Markdown tables by default', async () => {
    const r = await gfp('simulate', '--data', FIXTURES, '--lambda', '0.2', '--rounds', '1', '--per-round', '5');
    expect(r.code).toBe(0);
    const text = r.out;
    expect(text).toMatch(/^\| run \| lambda \| clicks \|/m);
    expect(text).toMatch(/^\| lambda=0\.2 \| 0\.2 \| \d+ \|/m);
    expect(text).toMatch(/^\| 1 \| 5 \| \d+ \| 0\.\d{3} \|/m);
  });

  it('exits 2 on bad settings and on a directory without truth.json', async () => {
    const zero = await gfp('simulate', '--data', FIXTURES, '--rounds', '0');
    expect(zero.code).toBe(2);
    expect(zero.err).toBe('gfp: --rounds: expected a positive integer, got "0"\n');
    const dir = await tempDir('gfp-simulate-');
    await writeFile(join(dir, 'products.csv'), 'id,merchantId,title\np1,m1,T\n');
    const noTruth = await gfp('simulate', '--data', dir);
    expect(noTruth.code).toBe(2);
    expect(noTruth.err).toContain('truth.json');
  });

  it('checks every number flag before reading data, naming the flag and the text', async () => {
    const cases: Array<[string[], string]> = [
      [['--rounds', 'abc'], '--rounds: expected a positive integer, got "abc"'],
      [['--per-round', '2.5'], '--per-round: expected a positive integer, got "2.5"'],
      [['--n', '-1'], '--n: expected a positive integer, got "-1"'],
      [['--refit-every', '-1'], '--refit-every: expected a non-negative integer, got "-1"'],
      [['--lambda', '0,x'], '--lambda: expected a non-negative number, got "x" (in "0,x")'],
    ];
    for (const [flags, message] of cases) {
      // A directory that does not exist: the flags fail first.
      const r = await gfp('simulate', '--data', '/nonexistent-gfp-dir', ...flags);
      expect([r.code, r.err]).toEqual([2, `gfp: ${message}\n`]);
    }
  });

  it('--config sets the base recommender of every run; a bad key exits 2 naming it', async () => {
    const dir = await tempDir('gfp-sim-config-');
    const good = join(dir, 'pop.json');
    await writeFile(good, JSON.stringify({ signals: [{ type: 'popularity' }] }));
    const args = ['simulate', '--data', FIXTURES, '--lambda', '0', '--rounds', '1', '--per-round', '8', '--n', '5', '--refit-every', '0', '--json'];
    const withConfig = await gfp(...args, '--config', good);
    expect(withConfig.code).toBe(0);
    const plain = await gfp(...args);
    expect(plain.code).toBe(0);
    // Popularity alone serves other slates than the default blend, so the click records differ.
    expect(withConfig.out).not.toBe(plain.out);
    const bad = join(dir, 'bad.json');
    await writeFile(bad, JSON.stringify({ signalz: [] }));
    const r = await gfp(...args, '--config', bad);
    expect(r.code).toBe(2);
    expect(r.err).toContain('signalz');
  });
});
