import { mkdtemp, readFile, readdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { readEvalReportJson } from '../../src/evaluation/report/schema.js';
import { expectWellFormed } from '../evaluation/_xml.js';
import { gfp } from './_gfp.js';

const config = fileURLToPath(new URL('../../fixtures/eval/sweep-lambda.json', import.meta.url));

describe('gfp sweep', () => {
  it("runs the config's grid, prints the table and writes the report, the tables and the chart", async () => {
    const dir = await mkdtemp(join(tmpdir(), 'gfp-sweep-'));
    const r = await gfp('sweep', config, '--out-dir', dir, '--quiet');
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^blend: fairness\.rerank\.lambda\nfairness\.rerank\.lambda\s+ndcg@10\s+recall@10\s+merchant-gini@10\s+small-share@10\n/m);
    expect((await readdir(dir)).sort()).toEqual(['sweep-blend.svg', 'sweep.json', 'sweep.md']);
    const report = readEvalReportJson(await readFile(join(dir, 'sweep.json'), 'utf8'));
    expect(report.runs.map((run) => run.name)).toEqual(['blend lambda=0', 'blend lambda=0.1', 'blend lambda=0.3', 'blend lambda=1']);
    const gini = report.runs.map((run) => run.metrics['merchant-gini@10']!.mean);
    expect(gini[3]!).toBeLessThan(gini[0]!);
    for (const [i, run] of report.runs.entries()) {
      expect(r.out).toContain(`${run.metrics['ndcg@10']!.mean.toFixed(4)}`);
      expect(run.config).toMatchObject({ fairness: { rerank: { lambda: [0, 0.1, 0.3, 1][i] } } });
    }
    const md = await readFile(join(dir, 'sweep.md'), 'utf8');
    expect(md).toContain('| fairness.rerank.lambda | ndcg@10 | recall@10 | merchant-gini@10 | small-share@10 |');
    expect(md).toContain('![blend: ndcg@10 vs merchant-gini@10](sweep-blend.svg)');
    const svg = await readFile(join(dir, 'sweep-blend.svg'), 'utf8');
    expectWellFormed(svg);
    expect(svg).toContain('<text class="x-label"');
    expect(svg.match(/<circle /g)).toHaveLength(4);
  });

  it('--param/--values override the config grid; the chart axes can be chosen', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'gfp-sweep-'));
    const r = await gfp('sweep', config, '--param', 'models.0.signals.1.weight', '--values', '0,1', '--out-dir', dir, '--x', 'small-share@10', '--y', 'recall@10', '--quiet');
    expect(r.code).toBe(0);
    expect(r.out).toContain('blend: signals.1.weight');
    const svg = await readFile(join(dir, 'sweep-blend.svg'), 'utf8');
    expect(svg).toContain('<title>blend: recall@10 vs small-share@10</title>');
    expect(svg).toContain('points labelled with signals.1.weight');
  });

  it('bad grids exit 2', async () => {
    const tiny = fileURLToPath(new URL('../../fixtures/eval/tiny-popularity.json', import.meta.url));
    const none = await gfp('sweep', tiny);
    expect(none.code).toBe(2);
    expect(none.err).toContain('has no "sweep" section');
    expect((await gfp('sweep', config, '--param', 'models.0.n')).code).toBe(2);
    const bad = await gfp('sweep', config, '--param', 'split.fraction', '--values', '0.1');
    expect(bad.code).toBe(2);
    expect(bad.err).toContain('expected models.<index or *>.<key path>');
  });
});
