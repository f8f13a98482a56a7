/**
 * `gfp tune CONFIG`: tunes on the training part of the config's split, judges on the test part,
 * writes the tuned config; bad input stops with exit 2 and writes nothing.
 */
import { existsSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { createRecommender } from '../../src/engine/recommender.js';
import { tuneSettings } from '../../src/cli/commands/tune.js';
import { parseEvalConfig } from '../../src/evaluation/config/parse.js';
import { capturedStream, FIXTURES, gfp, gfpWithProgress, tempDir } from './_gfp.js';

let dir: string;
const DEFAULT = { name: 'default', fairness: { rerank: { lambda: 0 } } };
const POPULARITY = { name: 'popularity', signals: [{ type: 'popularity' }], fairness: { rerank: { lambda: 0 } } };

/** Writes an eval config over the bundled marketplace (temporal 80/20) with `extra` keys; returns its path. */
async function config(name: string, extra: Record<string, unknown> = {}): Promise<string> {
  const file = join(dir, `${name}.json`);
  const body = { dataset: { path: FIXTURES, format: 'marketplace' }, split: { strategy: 'temporal', quantile: 0.8, dropUsersWithoutTrain: true }, models: [DEFAULT, POPULARITY], metrics: ['ndcg', 'recall'], k: 10, ...extra };
  await writeFile(file, JSON.stringify(body));
  return file;
}
const outputs = (name: string) => ({ out: join(dir, `${name}-tuned.json`), report: join(dir, `${name}-report.json`), markdown: join(dir, `${name}.md`) });

beforeAll(async () => {
  dir = await tempDir('gfp-tune-');
});

describe('gfp tune', () => {
  it('tunes on the training part, prints the test comparison and writes a config createRecommender loads', async () => {
    const o = outputs('ok');
    const r = await gfp('tune', await config('ok'), '--out', o.out, '--report', o.report, '--markdown', o.markdown, '--quiet');
    expect(r.code).toBe(0);
    expect(r.err).toBe('');
    expect(r.out).toContain('tuning "default" on the training part of marketplace (split temporal)');
    expect(r.out).toMatch(/validation split temporal \(quantile 0\.8\) of the training part: \d+ \/ \d+ events, \d+ users scored/);
    expect(r.out).toMatch(/^default \(tuned\) /m);
    expect(r.out).toMatch(/^popularity /m);
    expect(r.out).toMatch(/^ndcg@10 +\d\.\d{4} \[/m);
    const tuned = JSON.parse(await readFile(o.out, 'utf8')) as Parameters<typeof createRecommender>[0];
    const report = JSON.parse(await readFile(o.report, 'utf8')) as {
      tune: { weights: Array<{ signal: string; to: number }>; config: unknown };
      comparisons: Array<{ label: string; difference: { mean: number; n: number } }>;
      evaluation: { runs: Array<{ name: string; metrics: Record<string, { mean: number; perUser: number[] }> }> };
    };
    // The file is the tuned config; createRecommender serves its weights.
    expect(tuned).toEqual(report.tune.config);
    expect(createRecommender(tuned).slots.map((s) => s.weight)).toEqual(report.tune.weights.map((w) => w.to));
    // It is usable as a model of an eval config, with a name.
    expect(parseEvalConfig({ dataset: { path: '.' }, split: { strategy: 'temporal', quantile: 0.8 }, models: [{ name: 'tuned', ...(tuned as object) }] }).models[0]!.name).toBe('tuned');
    expect(report.evaluation.runs.map((run) => run.name)).toEqual(['default', 'default (tuned)', 'popularity']);
    // The comparison is the per-user difference of the two runs on the test users.
    const [a, b] = report.evaluation.runs.map((run) => run.metrics['ndcg@10']!);
    const ndcg = report.comparisons.find((c) => c.label === 'ndcg@10')!;
    expect(ndcg.difference.n).toBe(a!.perUser.length);
    expect(ndcg.difference.mean).toBeCloseTo(b!.mean - a!.mean, 12);
    expect(await readFile(o.markdown, 'utf8')).toContain('### Tuned against the starting config (paired, test split)');
    // Deterministic: the same config writes the same tuned config, byte for byte.
    const again = join(dir, 'again.json');
    expect((await gfp('tune', await config('ok'), '--out', again, '--quiet')).code).toBe(0);
    expect(await readFile(again, 'utf8')).toBe(await readFile(o.out, 'utf8'));
  });

  it('tunes the model the tune section names, only the signals it lists, on its grids', async () => {
    const o = outputs('named');
    const tune = { model: 'blend', signals: ['content'], weights: [0, 1], halfLives: [], priorWeights: [], ties: [], boostWeights: [], validation: { strategy: 'temporal', quantile: 0.7 } };
    const blend = { name: 'blend', signals: [{ type: 'ials', weight: 1 }, { type: 'content', weight: 0 }, { type: 'popularity', weight: 1 }], fairness: { rerank: { lambda: 0 } } };
    const r = await gfp('tune', await config('named', { models: [POPULARITY, blend], tune }), '--report', o.report, '--quiet');
    expect(r.code).toBe(0);
    expect(r.out).toContain('tuning "blend"');
    expect(r.out).toContain('validation split temporal (quantile 0.7)');
    const report = JSON.parse(await readFile(o.report, 'utf8')) as { tune: { weights: Array<{ signal: string; from: number; to: number }>; halfLives: unknown[] } };
    const weights = report.tune.weights;
    expect(weights.filter((w) => w.signal !== 'content').every((w) => w.to === w.from)).toBe(true);
    expect([0, 1]).toContain(weights.find((w) => w.signal === 'content')!.to);
    expect(report.tune.halfLives).toHaveLength(1);
  });

  it('passes the tune section\'s recentPopularity to the tuner (on unless false)', () => {
    const settings = (tune: Record<string, unknown>) => tuneSettings(parseEvalConfig({ dataset: { path: '.' }, split: { strategy: 'temporal', quantile: 0.8 }, models: [DEFAULT], tune }));
    expect(settings({ recentPopularity: false }).recentPopularity).toBe(false);
    expect(settings({ recentPopularity: true }).recentPopularity).toBe(true);
    expect(settings({}).recentPopularity).toBeUndefined();
  });

  it('shows progress on stderr with --progress', async () => {
    const stream = capturedStream(false);
    const r = await gfpWithProgress(stream, 'tune', await config('progress'), '--progress');
    expect(r.code).toBe(0);
    expect(stream.text).toMatch(/tune \(half-life auto, 1\/4\) fit/);
    expect(stream.text).toMatch(/tune \(half-life auto, 1\/4\) capture \d+\/\d+/);
    expect(stream.text).toMatch(/test: default \(tuned\) \(2\/3\) recommend/);
  });

  describe('bad input: exit 2, a message naming the config key, nothing written', () => {
    const refused = async (name: string, extra: Record<string, unknown>, message: RegExp): Promise<void> => {
      const o = outputs(name);
      const r = await gfp('tune', await config(name, extra), '--out', o.out, '--report', o.report, '--markdown', o.markdown, '--quiet');
      expect(r.code).toBe(2);
      expect(r.err).toMatch(message);
      for (const f of Object.values(o)) expect(existsSync(f), f).toBe(false);
    };

    it('a validation split too small to tune on', async () => {
      await refused(
        'small',
        { tune: { minUsers: 1000 } },
        /tune\.validation \(not set: it mirrors split\): the validation split temporal \(quantile 0\.8\) leaves \d+ users who .*fewer than minUsers 1000: too small to tune on .*; or lower tune\.minUsers/,
      );
    });

    it('an unknown signal in the tune section, with the model\'s signals listed', async () => {
      await refused('signal', { tune: { signals: ['content', 'ease'] } }, /tune\.signals\.1: model "default" has no signal "ease" \(its signals: ials, item-knn, content, trending, popularity\)/);
    });

    it('an unknown model, a bad grid value, a bad half-life', async () => {
      await refused('model', { tune: { model: 'blend' } }, /tune\.model: no model is named "blend" \(models: "default", "popularity"\)/);
      await refused('grid', { tune: { weights: [0, -1] } }, /tune\.weights\.1/);
      await refused('half-life', { tune: { halfLives: ['auto', 'auto*two'] } }, /tune\.halfLives\.1/);
      await refused('half-life-zero', { tune: { halfLives: ['auto*0'] } }, /tune\.halfLives\.0: expected "auto\*F" with F > 0/);
      await refused('recent', { tune: { recentPopularity: 'yes' } }, /tune\.recentPopularity: Invalid input: expected boolean/);
    });

    it('a temporal validation split of a files split without event times', async () => {
      const o = outputs('files');
      const file = join(dir, 'files.json');
      const tiny = join(import.meta.dirname, '../../fixtures/eval/tiny');
      await writeFile(
        file,
        JSON.stringify({
          dataset: { path: tiny, format: 'marketplace' },
          split: { strategy: 'files', train: join(tiny, 'train.tsv'), test: join(tiny, 'test.csv') },
          models: [{ name: 'pop', signals: [{ type: 'popularity' }] }],
          tune: { validation: { strategy: 'temporal', quantile: 0.8 } },
        }),
      );
      const r = await gfp('tune', file, '--out', o.out, '--quiet');
      expect(r.code).toBe(2);
      expect(r.err).toContain('tune.validation: a temporal validation split needs event times, and the 7 training events all share one time');
      expect(existsSync(o.out)).toBe(false);
    });
  });
});
