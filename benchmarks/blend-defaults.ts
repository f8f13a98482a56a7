/**
 * The default blend's evidence (issue 11: defaults chosen on a mix of datasets, never one): for
 * every dataset of the mix (benchmarks/_mix-data.ts: the fixtures at four cuts, the generated
 * marketplace at two seeds, four catalogues of the test builders, MovieLens latest-small and 100K
 * at four protocols each, Amazon gift cards at three and Book-Crossing, real data read under the
 * data root, GFP_DATA_ROOT), the default blend, each
 * signal alone and a few alternatives around the default are fitted on the training events and
 * rank the whole catalogue minus each user's training items through the recommender (the
 * evaluation runner's `full` protocol, fairness off: lambda 0, so the blend is measured alone).
 * NDCG@10 and Recall@10 over the test users with 95% t intervals; a summary with the default
 * against the best single signal (paired per user) and each configuration's rank across datasets.
 *
 * Run: `npm run bench -- blend-defaults` (about 7 minutes on 2 cores), or `node --import tsx
 * benchmarks/blend-defaults.ts [--only gift]`.
 */
import { pathToFileURL } from 'node:url';
import { DEFAULT_SIGNALS, type RecommenderConfigInput } from '../src/engine/config.js';
import { evaluate } from '../src/evaluation/runner/evaluate.js';
import type { ModelSpec } from '../src/evaluation/runner/types.js';
import type { RunResult } from '../src/evaluation/report/types.js';
import { pairedTTest } from '../src/evaluation/stats/paired-tests.js';
import { meanCi } from '../src/evaluation/stats/summary.js';
import { caption } from './_machine.js';
import { fmt, markdownTable } from './_markdown.js';
import { BOOK_CROSSING_USERS, fixedSplit, fixtureCuts, generated, independentBuilds, realDatasets, type MixDataset } from './_mix-data.js';

/** One configuration: its name, whether it is a single signal, and its recommender keys (fairness off is added). */
export interface BlendConfig {
  readonly name: string;
  readonly single: boolean;
  /** Needs EASE (dense, O(items^3)): run only on catalogues of at most {@link EASE_MAX_ITEMS}. */
  readonly ease: boolean;
  readonly config: RecommenderConfigInput;
}

/** Largest catalogue EASE runs on here (a dense 6000-item inverse takes minutes on 2 cores). */
export const EASE_MAX_ITEMS = 2000;

/** The default signals with one weight changed (or a signal added at weight 1). */
function withWeight(type: string, weight: number): NonNullable<RecommenderConfigInput['signals']> {
  const signals = DEFAULT_SIGNALS.map((s) => (s.type === type ? { ...s, weight } : { ...s }));
  return signals.some((s) => s.type === type) ? signals : [...signals, { type, weight }];
}

/** The compared configurations: the default first, then each signal alone, then the alternatives. */
export const CONFIGS: readonly BlendConfig[] = [
  { name: 'default', single: false, ease: false, config: {} },
  ...['ials', 'item-knn', 'ease', 'content', 'popularity'].map((type) => ({ name: `${type} alone`, single: true, ease: type === 'ease', config: { signals: [{ type }] } })),
  { name: 'recent popularity alone', single: true, ease: false, config: { signals: [{ type: 'popularity', halfLifeDays: 'auto' }] } },
  { name: 'trending weight 1', single: false, ease: false, config: { signals: withWeight('trending', 1) } },
  { name: 'ties mean-rank', single: false, ease: false, config: { blend: { ties: 'mean-rank' } } },
  { name: 'normalisation percentile', single: false, ease: false, config: { normalisation: 'percentile' } },
  { name: 'normalisation log-rank', single: false, ease: false, config: { normalisation: 'log-rank' } },
  { name: 'normalisation min-max', single: false, ease: false, config: { normalisation: 'min-max' } },
  { name: 'normalisation z-score', single: false, ease: false, config: { normalisation: 'z-score' } },
  { name: 'prior weight 0', single: false, ease: false, config: { blend: { prior: { weight: 0 } } } },
  { name: 'popularity weight 0', single: false, ease: false, config: { signals: withWeight('popularity', 0) } },
  { name: 'content weight 0', single: false, ease: false, config: { signals: withWeight('content', 0) } },
  { name: 'boost weight 0', single: false, ease: false, config: { boost: { weight: 0 } } },
  {
    name: "popularity half-life 'auto' (recent tenth)",
    single: false,
    ease: false,
    config: { signals: DEFAULT_SIGNALS.map((s) => (s.type === 'popularity' ? { ...s, halfLifeDays: 'auto' } : { ...s })) },
  },
  {
    name: 'item bursts off (trending itemWeight 0)',
    single: false,
    ease: false,
    config: { signals: DEFAULT_SIGNALS.map((s) => (s.type === 'trending' ? { ...s, itemWeight: 0 } : { ...s })) },
  },
  {
    name: 'item bursts by own rate (itemRelative false)',
    single: false,
    ease: false,
    config: { signals: DEFAULT_SIGNALS.map((s) => (s.type === 'trending' ? { ...s, itemRelative: false } : { ...s })) },
  },
  { name: '+ ease weight 1', single: false, ease: true, config: { signals: withWeight('ease', 1) } },
];

/** One configuration's per-user NDCG@10 and Recall@10 on one dataset (users in the runner's order). */
export interface ConfigResult {
  readonly name: string;
  readonly ndcg: readonly number[];
  readonly recall: readonly number[];
}

/** One dataset's results. */
export interface DatasetResult {
  readonly name: string;
  readonly users: number;
  readonly products: number;
  readonly trainEvents: number;
  /** Training events (no impressions) in the last 24 h of training over their daily mean before it (the shop's surge at the fit). */
  readonly lastDaySurge: number;
  readonly seconds: number;
  readonly results: readonly ConfigResult[];
}

const perUser = (run: RunResult, label: string): readonly number[] => {
  const v = run.metrics[label]?.perUser;
  if (v === undefined) throw new Error(`run ${run.name} has no per-user ${label}`);
  return v;
};

const DAY = 86_400_000;

/**
 * Training events other than impressions in the last day of training over their daily mean in the
 * 13 days before it (or the days the log has, when fewer).
 */
function lastDaySurge(d: MixDataset): number {
  const events = d.train.events.filter((e) => e.type !== 'impression');
  let end = -Infinity;
  let start = Infinity;
  for (const e of events) {
    if (e.timestamp > end) end = e.timestamp;
    if (e.timestamp < start) start = e.timestamp;
  }
  let last = 0;
  let before = 0;
  for (const e of events) {
    if (e.timestamp > end - DAY) last++;
    else if (e.timestamp > end - 14 * DAY) before++;
  }
  const days = Math.min(13, (end - DAY - start) / DAY);
  return before > 0 && days > 0 ? last / (before / days) : Number.NaN;
}

/** Runs every configuration that fits the dataset's catalogue, through the evaluation runner. */
export function runDataset(d: MixDataset, log: (line: string) => void): DatasetResult {
  const products = d.train.products.length;
  const configs = CONFIGS.filter((c) => !c.ease || products <= EASE_MAX_ITEMS);
  const models: ModelSpec[] = configs.map((c) => ({ name: c.name, config: { ...c.config, fairness: { rerank: { lambda: 0 } } } }));
  const t0 = performance.now();
  const report = evaluate({
    dataset: { name: d.name, data: d.train },
    split: fixedSplit(d),
    models,
    metrics: ['ndcg', 'recall'],
    k: 10,
    onProgress: (p) => p.phase === 'fit' && p.done === 0 && log(`${d.name}: ${p.run} (${p.runIndex + 1}/${p.runs})`),
  });
  const seconds = (performance.now() - t0) / 1000;
  log(`${d.name}: ${seconds.toFixed(1)} s`);
  const results = report.runs.map((run) => ({ name: run.name, ndcg: perUser(run, 'ndcg@10'), recall: perUser(run, 'recall@10') }));
  return { name: d.name, users: report.users?.length ?? 0, products, trainEvents: d.train.events.length, lastDaySurge: lastDaySurge(d), seconds, results };
}

const bounded = (values: readonly number[]): string => {
  const { mean, ci95 } = meanCi(values, 0.95, [0, 1]);
  return `${fmt(mean)} [${fmt(ci95[0])}, ${fmt(ci95[1])}]`;
};

const signed = (x: number): string => (x >= 0 ? `+${fmt(x)}` : fmt(x));

/** Paired difference a - b per user: mean [95% CI] and the paired t test's p. */
function difference(a: readonly number[], b: readonly number[]): { text: string; p: string; mean: number } {
  const { mean, ci95 } = meanCi(a.map((v, u) => v - b[u]!));
  return { text: `${signed(mean)} [${signed(ci95[0])}, ${signed(ci95[1])}]`, p: pairedTTest(a, b).pValue.toPrecision(2), mean };
}

const meanOf = (values: readonly number[]): number => meanCi(values).mean;

/** The table of one dataset: every configuration, and its paired NDCG@10 difference with the default. */
function datasetTable(d: DatasetResult): string {
  const base = d.results[0]!;
  const rows = d.results.map((r, i) => {
    const diff = i === 0 ? undefined : difference(r.ndcg, base.ndcg);
    return [r.name, bounded(r.ndcg), bounded(r.recall), diff?.text ?? '', diff?.p ?? ''];
  });
  return markdownTable(['configuration', 'NDCG@10 [95% CI]', 'Recall@10 [95% CI]', 'NDCG@10 - default [95% CI]', 'p (paired t)'], rows);
}

/** Ranks of the configurations by mean NDCG@10 (1 = best; ties share their mean rank). */
export function ranks(means: readonly number[]): number[] {
  return means.map((m) => {
    let above = 0;
    let equal = 0;
    for (const o of means) {
      if (o > m) above++;
      else if (o === m) equal++;
    }
    return above + (equal + 1) / 2;
  });
}

/** Per dataset: the default, the best single signal and their paired difference. */
function summaryTable(datasets: readonly DatasetResult[]): string {
  const rows = datasets.map((d) => {
    const base = d.results[0]!;
    const singles = d.results.filter((r) => CONFIGS.find((c) => c.name === r.name)?.single === true);
    const best = singles.reduce((a, b) => (meanOf(b.ndcg) > meanOf(a.ndcg) ? b : a));
    const diff = difference(base.ndcg, best.ndcg);
    return [d.name, String(d.users), fmt(meanOf(base.ndcg)), best.name, fmt(meanOf(best.ndcg)), diff.text, diff.p];
  });
  return markdownTable(['dataset', 'test users', 'default NDCG@10', 'best single signal', 'its NDCG@10', 'default - best single [95% CI]', 'p (paired t)'], rows);
}

/** Mean and worst rank of each configuration over `datasets` (those it ran on), ranked among `names`. */
function rankColumns(datasets: readonly DatasetResult[], names: readonly string[]): Map<string, { mean: number; worst: number; best: number; gain: number }> {
  const sums = new Map(names.map((n) => [n, { sum: 0, worst: 0, best: 0, gain: 0 }]));
  for (const d of datasets) {
    const runs = names.map((n) => d.results.find((r) => r.name === n)!);
    const r = ranks(runs.map((run) => meanOf(run.ndcg)));
    const base = meanOf(d.results[0]!.ndcg);
    names.forEach((n, i) => {
      const s = sums.get(n)!;
      s.sum += r[i]!;
      s.worst = Math.max(s.worst, r[i]!);
      s.best += r[i] === 1 ? 1 : 0;
      s.gain += meanOf(runs[i]!.ndcg) - base;
    });
  }
  const count = Math.max(1, datasets.length);
  return new Map([...sums].map(([n, s]) => [n, { mean: s.sum / count, worst: s.worst, best: s.best, gain: s.gain / count }]));
}

/** Mean rank of each configuration: over every dataset (EASE configurations left out), and over the datasets EASE ran on (all). */
function rankTable(datasets: readonly DatasetResult[]): string {
  const noEase = CONFIGS.filter((c) => !c.ease).map((c) => c.name);
  const withEase = datasets.filter((d) => d.results.length === CONFIGS.length);
  const all = rankColumns(datasets, noEase);
  const small = rankColumns(withEase, CONFIGS.map((c) => c.name));
  const rows = CONFIGS.map((c) => {
    const a = all.get(c.name);
    const s = small.get(c.name);
    return [
      c.name,
      a === undefined ? 'n/a' : a.mean.toFixed(2),
      a === undefined ? 'n/a' : String(a.worst),
      a === undefined ? 'n/a' : String(a.best),
      a === undefined ? 'n/a' : signed(a.gain),
      s === undefined || withEase.length === 0 ? 'n/a' : s.mean.toFixed(2),
    ];
  });
  return markdownTable(
    [
      'configuration',
      `mean rank, all ${datasets.length} datasets (of ${noEase.length}, no EASE)`,
      'worst rank',
      'datasets where best',
      'mean NDCG@10 - default, all datasets',
      `mean rank, the ${withEase.length} EASE datasets (of ${CONFIGS.length})`,
    ],
    rows,
  );
}

/** Options of {@link run}. */
export interface BlendDefaultsOptions {
  /** Only the datasets whose name contains one of these. @default all */
  readonly only?: readonly string[];
}

/** Runs the benchmark; returns the Markdown section. */
export async function run(options: BlendDefaultsOptions = {}): Promise<string> {
  const notes: string[] = [];
  const log = (line: string): void => console.error(`blend-defaults: ${line}`);
  const t0 = performance.now();
  const mix = [...(await fixtureCuts()), generated(), ...independentBuilds(), ...(await realDatasets(notes))].filter((d) => options.only === undefined || options.only.some((o) => d.name.includes(o)));
  const datasets = mix.map((d) => runDataset(d, log));
  const minutes = (performance.now() - t0) / 60_000;
  const sections = datasets.map((d) =>
    [
      `### ${d.name}`,
      '',
      `${d.users} test users, ${d.products} products, ${d.trainEvents} training events (the last day of training has ${Number.isFinite(d.lastDaySurge) ? `${d.lastDaySurge.toFixed(1)} times the daily events (impressions aside) of the 13 days before it, or of the days the log has` : 'no events in the 13 days before it'}); ${d.seconds.toFixed(0)} s.${d.results.length < CONFIGS.length ? ` EASE left out: ${d.products} products (more than ${EASE_MAX_ITEMS}; EASE is dense, O(items^3)).` : ''}`,
      '',
      datasetTable(d),
      '',
    ].join('\n'),
  );
  return [
    '## The default blend against each signal alone and its alternatives, on the dataset mix',
    '',
    'Each configuration is fitted on the training events and ranks the whole catalogue minus each user\'s training items through `recommend()` ' +
      '(the evaluation runner\'s `full` protocol), fairness off (lambda 0) so the blend is measured alone. ' +
      `The default: ${DEFAULT_SIGNALS.map((s) => `${s.type} ${s.weight}`).join(', ')} (trending proposes candidates and feeds the trend boost, weight 1.5); ` +
      'normalisation `percentile-log` (the mean of the percentile and `1 - ln(rank) / ln(N)`), blend ties `below`, evidence prior weight 2, products\' own bursts judged against the shop\'s activity (`itemRelative`). Each alternative changes one of these. Intervals are 95% t intervals over the test users; differences are paired per user. ' +
      `Relevant: the held-out clicks, carts and purchases (fixtures, generated) or ratings (real data) on products the user had not had in training. ` +
      `Users: every test user, except the generated marketplace (at most 1500, an even stride over the sorted ids) and Book-Crossing (${BOOK_CROSSING_USERS} the same way), to keep the run near 10 minutes. ` +
      `EASE runs only on catalogues of at most ${EASE_MAX_ITEMS} products. ` +
      '`boost weight 0` turns the trend boost off; `item bursts off` keeps the topics\' boost and drops the products\' own bursts; `item bursts by own rate` judges a product\'s burst by its own earlier rate alone (model files before version 7). ' +
      '`recent popularity` is popularity with `halfLifeDays: \'auto\'` (the age of the youngest tenth of the training events) instead of the matrix\'s decay (the median age): ' +
      'alone, and in place of the default\'s popularity. ' +
      'A held-out-last-n split scores every user at the end of training, where their held-out events may be months earlier: a burst there is not the user\'s present.',
    '',
    '### Summary: the default against the best single signal',
    '',
    summaryTable(datasets),
    '',
    '### Rank of each configuration across datasets (by mean NDCG@10; 1 = best, ties share the mean rank)',
    '',
    rankTable(datasets),
    '',
    ...sections,
    ...(notes.length === 0 ? [] : [`Left out: ${notes.join('; ')}.`, '']),
    `Total ${minutes.toFixed(1)} minutes. ${caption('npm run bench -- blend-defaults', { timed: false })}`,
    '',
  ].join('\n');
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const i = process.argv.indexOf('--only');
  process.stdout.write(await run(i >= 0 ? { only: process.argv[i + 1]!.split(',') } : {}));
}
