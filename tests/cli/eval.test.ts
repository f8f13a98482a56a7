import { dataRoot } from '../../src/io/data-root.js';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { Writable } from 'node:stream';
import { createEvalProgress, withEvalProgress } from '../../src/cli/progress.js';
import { readEvalReportJson } from '../../src/evaluation/report/schema.js';
import type { EvalReport } from '../../src/evaluation/report/types.js';
import { gfp, tinyMarketplace, unknownProductMarketplace } from './_gfp.js';

const fixture = (p: string): string => fileURLToPath(new URL(`../../fixtures/${p}`, import.meta.url));
let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'gfp-eval-'));
});

describe('gfp eval', () => {
  it('runs a config, prints the table and writes a report that gfp gate passes against itself', async () => {
    const out = join(dir, 'tiny.json');
    const md = join(dir, 'tiny.md');
    const csv = join(dir, 'tiny.csv');
    const r = await gfp('eval', fixture('eval/tiny-popularity.json'), '--out', out, '--markdown', md, '--csv', csv);
    expect(r.code).toBe(0);
    expect(r.out).toContain('tiny: 5 items\nsplit files: train 7 events of 4 users -> 7 stored user-product cells; test 5 events of 4 users\n4 test users; 4 evaluated\n');
    // Hand-computed in tests/evaluation/runner.test.ts: mean NDCG@3 = (2 + 1.5 / (1 + 1 / log2 3)) / 4.
    // The 95% t intervals of four users run past [0, 1] and are clipped to it.
    expect(r.out).toMatch(/pop\s+0\.7299 \[0\.0000, 1\.0000\]\s+0\.3333 \[0\.0000, 0\.7664\]\s+0\.7500 \[0\.0000, 1\.0000\]\s+0\.2346/);
    const report = readEvalReportJson(await readFile(out, 'utf8'), out);
    expect(report.users).toEqual(['u1', 'u2', 'u3', 'u4']);
    expect(report.runs[0]!.metrics['ndcg@3']!.perUser).toHaveLength(4);
    expect(await readFile(md, 'utf8')).toContain('| pop | 0.7299 [0.0000, 1.0000] |');
    expect((await readFile(csv, 'utf8')).split('\n')[1]).toMatch(/^pop,ndcg@3,0\.7299/);
    const gate = await gfp('gate', '--baseline', out, '--current', out);
    expect(gate.code).toBe(0);
    expect(gate.out).toContain('## Regression gate: PASSED');
  });

  it('the gate fails (exit 1) against a baseline with a higher ndcg, with a readable Markdown diff', async () => {
    const current = join(dir, 'market.json');
    const r = await gfp('eval', fixture('eval/marketplace.json'), '--out', current, '--quiet');
    expect(r.code).toBe(0);
    expect(r.err).toBe('');
    expect(r.out).toMatch(/^popularity /m);
    expect(r.out).toMatch(/^blend\+fair /m);
    expect(r.out).toMatch(/vs popularity\s+metric\s+delta\s+p \(paired t\)\s+p \(randomisation\)\s+users/);
    const report = JSON.parse(await readFile(current, 'utf8')) as EvalReport;
    const ndcg = report.runs[1]!.metrics['ndcg@10']!;
    const raised = {
      ...report,
      runs: report.runs.map((run, i) =>
        i !== 1 ? run : { ...run, metrics: { ...run.metrics, 'ndcg@10': { mean: ndcg.mean + 0.03, ci95: [ndcg.ci95[0] + 0.03, ndcg.ci95[1] + 0.03], perUser: ndcg.perUser!.map((v) => v + 0.03) } } },
      ),
    };
    const baseline = join(dir, 'baseline.json');
    await writeFile(baseline, JSON.stringify(raised));
    const g = await gfp('gate', '--baseline', baseline, '--current', current);
    expect(g.code).toBe(1);
    expect(g.out).toContain('## Regression gate: FAILED');
    expect(g.out).toMatch(new RegExp(`\\| ials \\| ndcg@10 \\| ${(ndcg.mean + 0.03).toFixed(4)} \\| ${ndcg.mean.toFixed(4)} \\| ↓ -0\\.0300 \\(worse\\) \\| 0\\.0000 \\| ❌ \\*\\*FAIL\\*\\* \\|`));
    expect((await gfp('gate', '--baseline', baseline, '--current', current, '--tolerance', 'ndcg@10=0.05')).code).toBe(0);
  });

  it('--threads fits and ranks on worker threads with the same report; a bad count exits 2', async () => {
    const one = join(dir, 'one-thread.json');
    const two = join(dir, 'two-threads.json');
    expect((await gfp('eval', fixture('eval/marketplace.json'), '--out', one, '--quiet')).code).toBe(0);
    const r = await gfp('eval', fixture('eval/marketplace.json'), '--out', two, '--quiet', '--threads', '2');
    expect(r.code).toBe(0);
    const withoutTimings = async (file: string): Promise<unknown> => {
      const report = readEvalReportJson(await readFile(file, 'utf8'), file);
      return { ...report, runs: report.runs.map((run) => ({ ...run, timings: undefined })) };
    };
    expect(await withoutTimings(two)).toEqual(await withoutTimings(one));
    const bad = await gfp('eval', fixture('eval/marketplace.json'), '--threads', '0');
    expect(bad.code).toBe(2);
    expect(bad.err).toContain('--threads: expected a positive integer or "auto", got "0"');
  }, 60_000);

  it('--no-per-user leaves per-user vectors out of the file', async () => {
    const out = join(dir, 'lean.json');
    expect((await gfp('eval', fixture('eval/tiny-popularity.json'), '--out', out, '--no-per-user', '--no-compare')).code).toBe(0);
    const report = readEvalReportJson(await readFile(out, 'utf8'));
    expect(report.users).toBeUndefined();
    expect(report.runs[0]!.metrics['ndcg@3']).toEqual({ mean: expect.closeTo(0.72993, 5), ci95: expect.any(Array) });
  });

  it('bad input exits 2 with a message naming the file and the place', async () => {
    const write = async (name: string, text: string): Promise<string> => {
      const f = join(dir, name);
      await writeFile(f, text);
      return f;
    };
    const missing = await gfp('eval', join(dir, 'nope.json'));
    expect(missing.code).toBe(2);
    expect(missing.err).toContain('nope.json');
    const notJson = await gfp('eval', await write('broken.json', '{"dataset": '));
    expect(notJson.code).toBe(2);
    expect(notJson.err).toMatch(/broken\.json.*invalid JSON/);
    const config = { dataset: { path: fixture('eval/tiny') }, split: { strategy: 'leave-last-n' }, models: [{ name: 'p', fairness: { rerank: { lambda: 'high' } } }] };
    const schema = await gfp('eval', await write('schema.json', JSON.stringify(config)));
    expect(schema.code).toBe(2);
    expect(schema.err).toContain('models.0.fairness.rerank.lambda');
    await write('pairs.tsv', 'u1\ta\nu2\tzz\n');
    const unknown = { ...config, models: [{ name: 'p' }], split: { strategy: 'files', train: 'pairs.tsv', test: 'pairs.tsv' } };
    const pairs = await gfp('eval', await write('pairs.json', JSON.stringify(unknown)));
    expect(pairs.code).toBe(2);
    expect(pairs.err).toMatch(/pairs\.tsv:2: field "item" \(got "zz"\): not in the dataset's catalogue/);
  });

  const ml100k = join(dataRoot(), 'data', 'ml-100k');
  it.skipIf(!existsSync(join(ml100k, 'u.data')))('reads MovieLens 100K through the format adapter', async () => {
    const config = {
      dataset: { path: ml100k, format: 'ml-100k' },
      split: { strategy: 'random-holdout', fraction: 0.2 },
      models: [{ name: 'popularity', signals: [{ type: 'popularity' }], weighting: { halfLifeDays: null }, fairness: { rerank: { lambda: 0 } } }],
      metrics: ['ndcg', 'precision'],
    };
    const file = join(dir, 'ml100k.json');
    await writeFile(file, JSON.stringify(config));
    const out = join(dir, 'ml100k-run.json');
    const r = await gfp('eval', file, '--out', out, '--quiet');
    expect(r.code).toBe(0);
    expect(r.out).toContain('ml-100k: 1682 items; 943 users and 100000 events loaded\nsplit random-holdout: ');
    const report = readEvalReportJson(await readFile(out, 'utf8'));
    expect(report.users).toHaveLength(943);
    expect(report.runs[0]!.metrics['ndcg@10']!.mean).toBeGreaterThan(0.1);
  });

  it('the progress bar draws on a terminal only, and not with --quiet', async () => {
    let text = '';
    const stream = Object.assign(new Writable({ write: (chunk: Buffer, _enc, done) => ((text += chunk.toString()), done()) }), { isTTY: true, columns: 120 }) as unknown as NodeJS.WriteStream;
    const bar = createEvalProgress({ stream });
    expect(bar.onProgress).toBeDefined();
    bar.onProgress!({ run: 'ials', runIndex: 0, runs: 2, phase: 'recommend', done: 5, total: 10 });
    bar.stop();
    expect(text).toContain('ials (1/2)');
    expect(text).toContain('recommend 5/10');
    expect(createEvalProgress({ stream, quiet: true }).onProgress).toBeUndefined();
    const pipe = Object.assign(new Writable({ write: (_c, _e, done) => done() }), { isTTY: false }) as unknown as NodeJS.WriteStream;
    expect(createEvalProgress({ stream: pipe }).onProgress).toBeUndefined();
    expect(() => withEvalProgress(true, () => { throw new Error('boom'); })).toThrow('boom');
    await expect(withEvalProgress(true, () => Promise.reject(new Error('async boom')))).rejects.toThrow('async boom');
  });

  it('--mode collect in the config: the rejected rows are reported on stderr (file:line, field, reason)', async () => {
    const data = await tinyMarketplace();
    const config = join(dir, 'collect.json');
    await writeFile(
      config,
      JSON.stringify({
        dataset: { path: data, format: 'marketplace', mode: 'collect' },
        split: { strategy: 'temporal', quantile: 0.5 },
        models: [{ name: 'pop', signals: [{ type: 'popularity' }] }],
        metrics: ['ndcg'],
        k: 2,
      }),
    );
    const r = await gfp('eval', config);
    expect(r.err).toContain(
      `warning: ${data}: 1 bad row rejected and left out (mode collect):\n  ${data}/events.csv: 1 rejected\n    ${data}/events.csv:7: field "timestamp" (got "yesterday")`,
    );
  });

  describe('events of unknown products', () => {
    const write = async (name: string, data: string, unknownProducts?: 'error' | 'skip'): Promise<string> => {
      const config = join(dir, name);
      const dataset = { path: data, format: 'marketplace', ...(unknownProducts !== undefined ? { unknownProducts } : {}) };
      const models = [{ name: 'pop', signals: [{ type: 'popularity' }] }];
      await writeFile(config, JSON.stringify({ dataset, split: { strategy: 'temporal', quantile: 0.5 }, models, metrics: ['ndcg'], k: 2, sweep: { parameter: 'models.0.fairness.rerank.lambda', values: [0] } }));
      return config;
    };
    const unknownAt4 = (data: string): string => `${data}/events.csv:4: field "productId" (got "p9"): unknown product: not among the 4 products of ${data}/products.csv`;
    const skipped = (data: string): string => `warning: ${data}/events.csv: 2 events of unknown products skipped\n`;

    it('dataset.unknownProducts (default error) names events.csv:LINE; skip leaves them out and says how many', async () => {
      const data = await unknownProductMarketplace();
      const error = await gfp('eval', await write('unknown-default.json', data));
      expect(error.code).toBe(2);
      expect(error.err).toContain(unknownAt4(data));
      const skip = await gfp('eval', await write('unknown-skip.json', data, 'skip'));
      expect(skip.code).toBe(0);
      expect(skip.err).toContain(skipped(data));
      expect(skip.out).toContain('4 users and 8 events loaded');
      // --quiet silences it, like the rejected rows of collect mode.
      expect((await gfp('eval', await write('unknown-skip-quiet.json', data, 'skip'), '--quiet')).err).toBe('');
    });

    it('--unknown-products on eval, sweep and tune overrides the config', async () => {
      const data = await unknownProductMarketplace();
      const errorConfig = await write('unknown-error.json', data, 'error');
      const skipConfig = await write('unknown-skip-2.json', data, 'skip');
      const evalSkip = await gfp('eval', errorConfig, '--unknown-products', 'skip');
      expect(evalSkip.code).toBe(0);
      expect(evalSkip.err).toContain(skipped(data));
      const evalError = await gfp('eval', skipConfig, '--unknown-products', 'error');
      expect(evalError.code).toBe(2);
      expect(evalError.err).toContain(unknownAt4(data));
      expect((await gfp('eval', errorConfig, '--unknown-products', 'drop')).err).toContain("argument 'drop' is invalid. Allowed choices are error, skip");
      const sweep = await gfp('sweep', errorConfig, '--unknown-products', 'skip');
      expect(sweep.code).toBe(0);
      expect(sweep.err).toContain(skipped(data));
      expect((await gfp('sweep', errorConfig)).err).toContain(unknownAt4(data));
      // tune loads the data before it tunes: past the unknown products (this split is too small to tune on).
      const tune = await gfp('tune', errorConfig, '--unknown-products', 'skip', '--no-progress');
      expect(tune.err).toContain(skipped(data));
      expect(tune.err).not.toContain('unknown product:');
      expect((await gfp('tune', errorConfig, '--no-progress')).err).toContain(unknownAt4(data));
    });
  });
});
