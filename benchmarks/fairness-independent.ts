/**
 * The fairness defaults on a marketplace built independently of our generator: the
 * merchant-quality marketplace (tests/_catalogues/merchant-quality.ts, first built by a probe). It
 * differs from src/simulation/marketplace, the generator behind the fairness-defaults and fairness
 * benchmarks, where it matters to the reranker: quality belongs to the merchant (independent of
 * its size, or rising with it) instead of being drawn product by product; merchant sizes are
 * log-normal (optionally one merchant holding 40% of the catalogue) instead of Zipf; the logging
 * policy shows a category's products by `size^0.5 x (1 + clicks so far)^0.7`, so it also
 * reinforces its own past clicks; there are no topics, views or bursts.
 *
 * Protocol, per marketplace and seed, as the fairness-defaults benchmark runs its mix (its helpers
 * imported): temporal 80/20 split (test users without training events dropped), the default
 * recommender as served (`candidates: 'engine'`, the ledger recording in user order) with only
 * the reranker's lambda varied, logged NDCG@10, SNIPS NDCG@10 (popularity propensity, gamma
 * fitted on the lambda-0 run), merchant Gini of exposure over merchants with evidence, the small
 * tier's exposure share, and, on the same served lists, graded NDCG@10 against the builder's
 * truth: gain = the true relevance of each product, divided by the best ten products the user has
 * no training event on.
 *
 * Run: `npm run bench -- fairness-independent` (about a minute on 2 cores), or
 * `node --import tsx benchmarks/fairness-independent.ts [--variants m100-indep,m2000-corr] [--seeds 1,2] [--lambdas 0,0.5]`
 * (the variants: MERCHANT_QUALITY_VARIANTS in the builder).
 */
import { pathToFileURL } from 'node:url';
import { evaluate } from '../src/evaluation/runner/evaluate.js';
import type { AggregateMetric, MetricContext, RankedList } from '../src/evaluation/metrics/types.js';
import { temporalSplit } from '../src/evaluation/split/temporal.js';
import { DEFAULT_RERANK } from '../src/fairness/rerank-config.js';
import { validateMarketplace } from '../src/schema/marketplace-data.js';
import {
  buildMerchantQualityMarket,
  MERCHANT_QUALITY_VARIANTS,
  tierShares,
  trueRelevance,
  type MerchantQualityMarket,
} from '../tests/_catalogues/merchant-quality.js';
import { change, GOAL, gridModels, meetsGoal, pct, type GridResult } from './fairness-defaults.js';
import { caption } from './_machine.js';
import { fmt, markdownTable } from './_markdown.js';

/** What the benchmark runs: marketplaces (builder variants), seeds and lambdas. */
export interface IndependentGrid {
  readonly variants: readonly string[];
  readonly seeds: readonly number[];
  readonly lambdas: readonly number[];
}

/** The default grid: two marketplaces of 100 merchants (quality independent of size and rising with it) and one with a giant. */
export const GRID: IndependentGrid = {
  variants: ['m100-indep', 'm100-corr', 'giant40-indep'],
  seeds: [1, 2],
  lambdas: [0, 0.2, 0.3, 0.5, 0.75],
};

/** One lambda's numbers: the fairness-defaults ones and graded NDCG@10 against the truth. */
export interface IndependentResult extends GridResult {
  readonly graded: number;
}

/** One marketplace and seed. */
export interface MarketResult {
  readonly variant: string;
  readonly seed: number;
  readonly market: MerchantQualityMarket;
  readonly users: number;
  readonly results: readonly IndependentResult[];
  readonly seconds: number;
}

const K = 10;

/**
 * Graded NDCG@k against the builder's truth, averaged over the evaluated users: DCG of the true
 * relevance down the served list over the DCG of the user's best k products without a training
 * event (the ideal is computed once per user and shared by every run).
 */
function gradedNdcg(market: MerchantQualityMarket, seen: ReadonlyMap<string, ReadonlySet<string>>): AggregateMetric {
  const { truth } = market;
  const userIndex = new Map(truth.userIds.map((id, u) => [id, u]));
  const productIndex = new Map(truth.productIds.map((id, p) => [id, p]));
  const discount = (rank: number): number => 1 / Math.log2(rank + 1);
  const users = new Map<string, { gain: Float64Array; ideal: number }>();
  const userTruth = (userId: string): { gain: Float64Array; ideal: number } => {
    const known = users.get(userId);
    if (known !== undefined) return known;
    const gain = trueRelevance(truth, userIndex.get(userId)!);
    const own = seen.get(userId);
    const best = Array.from(gain)
      .filter((_, p) => own?.has(truth.productIds[p]!) !== true)
      .sort((a, b) => b - a);
    const ideal = best.slice(0, K).reduce((sum, g, i) => sum + g * discount(i + 1), 0);
    users.set(userId, { gain, ideal });
    return { gain, ideal };
  };
  return {
    kind: 'aggregate',
    name: 'graded-ndcg',
    label: `graded-ndcg@${K}`,
    k: K,
    higherIsBetter: true,
    bounded: true,
    createAccumulator(context: MetricContext) {
      const id = (item: string | number): string => (typeof item === 'number' ? String(context.catalogue[item]) : item);
      let sum = 0;
      let count = 0;
      return {
        add(ranked: RankedList, _relevant, userId?: string) {
          if (userId === undefined) throw new Error('graded-ndcg needs the user id');
          const { gain, ideal } = userTruth(userId);
          let dcg = 0;
          for (let i = 0; i < Math.min(K, ranked.length); i++) dcg += gain[productIndex.get(id(ranked[i]!))!]! * discount(i + 1);
          sum += ideal > 0 ? dcg / ideal : 0;
          count++;
        },
        result: () => (count === 0 ? 0 : sum / count),
      };
    },
  };
}

/** Evaluates every lambda on one marketplace and seed. */
export function runMarket(variant: string, seed: number, lambdas: readonly number[], log: (line: string) => void): MarketResult {
  const options = MERCHANT_QUALITY_VARIANTS[variant];
  if (options === undefined) throw new Error(`unknown variant ${variant} (known: ${Object.keys(MERCHANT_QUALITY_VARIANTS).join(', ')})`);
  const started = performance.now();
  const market = buildMerchantQualityMarket({ seed, ...options });
  const { data } = validateMarketplace({ products: market.products, merchants: market.merchants, events: market.events });
  const split = temporalSplit(data.events, { quantile: 0.8, dropUsersWithoutTrain: true });
  const seen = new Map<string, Set<string>>();
  for (const e of split.train) seen.set(e.userId, (seen.get(e.userId) ?? new Set()).add(e.productId));
  const models = gridModels({ lambdas, variants: [{ label: 'defaults', rerank: {} }] });
  const report = evaluate({
    dataset: { name: `${variant} seed ${seed}`, data },
    split: { strategy: 'temporal', train: split.train, test: split.test, params: { quantile: 0.8 } },
    models,
    metrics: ['ndcg', 'merchant-gini', 'small-share', gradedNdcg(market, seen)],
    k: K,
    candidates: 'engine',
    fairnessMerchants: 'evidence',
    propensity: { model: 'popularity', estimators: ['snips'] },
    keepPerUser: false,
  });
  const results = report.runs.map((run, i): IndependentResult => {
    if (run.name !== models[i]!.name) throw new Error(`run ${i} is ${run.name}, not ${models[i]!.name}`);
    const metric = (label: string): number => {
      const summary = run.metrics[label];
      if (summary === undefined) throw new Error(`run ${run.name} has no ${label}`);
      return summary.mean;
    };
    return {
      lambda: lambdas[i]!,
      variant: lambdas[i] === 0 ? '' : 'defaults',
      ndcg: metric('ndcg@10'),
      corrected: metric('snips-ndcg@10'),
      gini: metric('merchant-gini@10'),
      smallShare: metric('small-share@10'),
      graded: metric('graded-ndcg@10'),
    };
  });
  const seconds = (performance.now() - started) / 1000;
  log(`${variant} seed ${seed}: ${seconds.toFixed(1)} s`);
  return { variant, seed, market, users: report.users?.length ?? 0, results, seconds };
}

const share = (x: number): string => `${(100 * x).toFixed(1)}%`;

function baseOf(m: MarketResult): IndependentResult {
  const base = m.results.find((r) => r.lambda === 0);
  if (base === undefined) throw new Error('the lambdas must include 0 (the baseline)');
  return base;
}

/** Per marketplace and seed: its shape, the lambdas meeting the goal and the default lambda's changes. */
function summaryTable(markets: readonly MarketResult[]): string {
  const rows = markets.map((m) => {
    const base = baseOf(m);
    const tiers = tierShares(m.market);
    const met = m.results.filter((r) => r.lambda > 0 && meetsGoal(r, base)).map((r) => r.lambda);
    const d = m.results.find((r) => r.lambda === DEFAULT_RERANK.lambda);
    return [
      m.variant,
      String(m.seed),
      `${tiers.merchants.head} / ${tiers.merchants.mid} / ${tiers.merchants.small}`,
      `${share(tiers.catalogue.small)} / ${share(tiers.events.small)}`,
      `${m.market.events.length} / ${m.users}`,
      met.length === 0 ? 'none' : met.join(', '),
      ...(d === undefined ? ['', '', '', ''] : [pct(change(d.gini, base.gini)), pct(change(d.corrected, base.corrected)), pct(change(d.ndcg, base.ndcg)), pct(change(d.graded, base.graded))]),
    ];
  });
  const at = `lambda ${DEFAULT_RERANK.lambda}`;
  return markdownTable(
    ['marketplace', 'seed', 'merchants head / mid / small', 'small tier: catalogue / logged events', 'events / test users', 'lambdas meeting the goal', `${at}: Gini`, `${at}: SNIPS`, `${at}: logged`, `${at}: graded (truth)`],
    rows,
  );
}

/** Every lambda of every marketplace and seed, each number with its change from lambda 0. */
function resultsTable(markets: readonly MarketResult[]): string {
  const rows = markets.flatMap((m) => {
    const base = baseOf(m);
    return m.results.map((r) => [
      m.variant,
      String(m.seed),
      String(r.lambda),
      fmt(r.ndcg),
      pct(change(r.ndcg, base.ndcg)),
      fmt(r.corrected),
      pct(change(r.corrected, base.corrected)),
      fmt(r.graded),
      pct(change(r.graded, base.graded)),
      fmt(r.gini, 3),
      pct(change(r.gini, base.gini)),
      share(r.smallShare),
      r.lambda === 0 ? '' : meetsGoal(r, base) ? 'yes' : 'no',
    ]);
  });
  return markdownTable(
    ['marketplace', 'seed', 'lambda', 'logged NDCG@10', 'change', 'SNIPS NDCG@10', 'change', 'graded NDCG@10 (truth)', 'change', 'merchant Gini', 'change', 'small-tier share', 'goal'],
    rows,
  );
}

/** Runs the grid and returns the Markdown report. */
export async function run(grid: IndependentGrid = GRID, log: (line: string) => void = (l) => console.error(l)): Promise<string> {
  const markets = grid.variants.flatMap((variant) => grid.seeds.map((seed) => runMarket(variant, seed, grid.lambdas, log)));
  const seconds = markets.reduce((sum, m) => sum + m.seconds, 0);
  return [
    '## Fairness defaults on an independently built marketplace',
    '',
    'The merchant-quality marketplace (tests/_catalogues/merchant-quality.ts) was built by a probe apart from our generator (src/simulation/marketplace) and shares no code with it: ' +
      'quality belongs to the merchant (`indep`: independent of its size; `corr`: rising with it) and its products scatter around it; merchant sizes are log-normal (`giant40`: one merchant holds 40% of the catalogue and sells in every category); ' +
      "the logging policy shows a category's products by merchant size^0.5 x (1 + the product's clicks so far)^0.7, so besides favouring large merchants it reinforces its own past clicks, and users click by position and true relevance; no topics, views or bursts. " +
      'Tiers by catalogue size as in our generator (head: the largest merchants holding the first 50% of the products; small: the last 20%). ' +
      `Default recommender as served, only the reranker's lambda varied (lambda ${DEFAULT_RERANK.lambda} is the default), temporal 80/20; graded NDCG@10 scores the same served lists against the builder's truth (gain = true relevance; ideal = the user's best 10 products without a training event). ` +
      `Goal as in the fairness-defaults benchmark: merchant Gini (merchants with evidence) at least ${100 * GOAL.giniCut}% lower than at lambda 0, at most ${100 * GOAL.correctedCost}% lower SNIPS NDCG@10 and at most ${100 * GOAL.loggedCost}% lower logged NDCG@10.`,
    '',
    summaryTable(markets),
    '',
    resultsTable(markets),
    '',
    `${markets.length} marketplace builds and evaluations of ${grid.lambdas.length} lambdas each took ${seconds.toFixed(0)} s of wall time. ${caption('npm run bench -- fairness-independent', { timed: false })}`,
  ].join('\n') + '\n';
}

function listArg(args: readonly string[], flag: string): string[] | undefined {
  const i = args.indexOf(flag);
  return i < 0 ? undefined : args[i + 1]!.split(',');
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const args = process.argv.slice(2);
  const grid: IndependentGrid = {
    variants: listArg(args, '--variants') ?? GRID.variants,
    seeds: listArg(args, '--seeds')?.map(Number) ?? GRID.seeds,
    lambdas: listArg(args, '--lambdas')?.map(Number) ?? GRID.lambdas,
  };
  console.log(await run(grid));
}
