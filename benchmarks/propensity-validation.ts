/**
 * Propensity-corrected metrics validated where the truth is known (issue 12): the feedback-loop
 * simulator on the generated marketplace, 5 seeds. For each seed:
 * - a marketplace (600 users, 800 products, 80 merchants, 30 days; its incumbent logs impressions
 *   with positions) and 8 rounds of the feedback loop served by the recommender at fairness
 *   lambda 0 (the logging policy; every user each round, refit every 4 rounds; impressions and
 *   clicks logged);
 * - `evaluate()` on everything logged, split at the start of round 5 (train: the incumbent's 30
 *   days and rounds 1-4; held out: rounds 5-8), for the default recommender at lambda 0, 0.1, 0.3
 *   and 0.75, full-catalogue protocol, with the impressions propensity model (defaults: regression
 *   EM, show probability as logged, weights clipped at 100) and, in a second evaluation, the
 *   popularity model (Yang et al. 2018, gamma fitted on the lambda-0 run's lists);
 * - the TRUE NDCG@10 of each run's lists from the generator's ground truth: graded gain = true
 *   relevance (the probability that the user clicks the product when examining it, what the
 *   simulator's clicks follow), divided by the best 10 eligible products' DCG (in stock, not among
 *   the user's training items), averaged over the evaluated users. It is what the logged NDCG
 *   would measure in expectation if every product had been shown to every user alike.
 * The change of each estimate of NDCG@10 from lambda 0 to lambda x is `mean(x) / mean(0) - 1`.
 * A second table repeats the impressions model with a randomised logging policy (epsilon 0.1).
 *
 * Run: `npm run bench -- propensity-validation` (about 5 minutes on 2 cores).
 */
import { pathToFileURL } from 'node:url';
import { evaluate } from '../src/evaluation/runner/evaluate.js';
import { _trainingItems } from '../src/evaluation/runner/relevance.js';
import type { AggregateMetric } from '../src/evaluation/metrics/types.js';
import type { EvalReport, EvaluateOptions } from '../src/evaluation/index.js';
import { generateMarketplace, simulateFeedbackLoop, trueRelevance, type GeneratedMarketplace } from '../src/simulation/index.js';
import { caption } from './_machine.js';
import { markdownTable } from './_markdown.js';

/** Seeds of the five runs. */
export const SEEDS: readonly number[] = [1, 2, 3, 4, 5];
/** Fairness lambdas compared with 0. */
export const LAMBDAS: readonly number[] = [0.1, 0.3, 0.75];
/** Marketplace size (per seed). */
export const MARKET = { users: 600, products: 800, merchants: 80, days: 30 } as const;
const ROUNDS = 8;
const HELD_OUT_FROM = 4;

/** The corrected estimates compared with the truth: report label prefix and column name. */
const ESTIMATES: readonly { readonly label: string; readonly name: string; readonly from: 'impressions' | 'popularity' }[] = [
  { label: 'ndcg@10', name: 'logged (naive)', from: 'impressions' },
  { label: 'ips-ndcg@10', name: 'IPS', from: 'impressions' },
  { label: 'snips-ndcg@10', name: 'SNIPS', from: 'impressions' },
  { label: 'dr-ndcg@10', name: 'DR', from: 'impressions' },
  { label: 'ips-ndcg@10', name: 'popularity IPS', from: 'popularity' },
];

/**
 * True graded NDCG@10 of every list against the generator's truth (see the file comment): an
 * aggregate metric reading the user id the runner passes with each list.
 */
function trueNdcg(market: GeneratedMarketplace, seen: ReadonlyMap<string, ReadonlySet<string>>): AggregateMetric {
  const truth = market.truth;
  const userIndex = new Map(truth.userIds.map((u, i) => [u, i] as const));
  const productIndex = new Map(truth.productIds.map((p, i) => [p, i] as const));
  const inStock = market.products.filter((p) => p.inStock).map((p) => productIndex.get(p.id)!);
  const discount = (r: number): number => 1 / Math.log2(r + 2);
  return {
    kind: 'aggregate',
    label: 'true-ndcg@10',
    name: 'true-ndcg',
    k: 10,
    higherIsBetter: true,
    bounded: true,
    createAccumulator() {
      let sum = 0;
      let users = 0;
      return {
        add(ranked, relevant, userId) {
          if (userId === undefined || relevant.size === 0) return;
          const u = userIndex.get(userId)!;
          const excluded = seen.get(userId);
          const ideal = inStock
            .filter((p) => excluded?.has(truth.productIds[p]!) !== true)
            .map((p) => trueRelevance(truth, u, p))
            .sort((a, b) => b - a)
            .slice(0, 10)
            .reduce((acc, rel, r) => acc + rel * discount(r), 0);
          let dcg = 0;
          for (let r = 0; r < Math.min(10, ranked.length); r++) dcg += trueRelevance(truth, u, productIndex.get(String(ranked[r]))!) * discount(r);
          sum += ideal > 0 ? dcg / ideal : 0;
          users++;
        },
        result: () => (users > 0 ? sum / users : 0),
      };
    },
  };
}

/** One seed's changes (percent) from lambda 0, per lambda: truth, each estimate, and the unsupported exposure. */
interface SeedResult {
  readonly seed: number;
  readonly rows: readonly { readonly lambda: number; readonly truth: number; readonly estimates: readonly number[]; readonly unsupported: number }[];
  readonly ess: number;
  readonly interactions: number;
  readonly gamma: number;
}

const change = (report: EvalReport, label: string, run: number): number => {
  const base = report.runs[0]!.metrics[label]!.mean;
  return 100 * (report.runs[run]!.metrics[label]!.mean / base - 1);
};

function runSeed(seed: number, epsilon: number, withPopularity: boolean): SeedResult {
  const market = generateMarketplace({ seed, ...MARKET });
  const loop = simulateFeedbackLoop({
    marketplace: market,
    rounds: ROUNDS,
    usersPerRound: MARKET.users,
    refitEvery: 4,
    seed,
    recommender: { fairness: { rerank: { lambda: 0 } } },
    ...(epsilon > 0 ? { exploration: { kind: 'epsilon' as const, epsilon } } : {}),
  });
  const cutoff = loop.rounds[HELD_OUT_FROM]!.time - 1;
  const events = [...market.events, ...loop.impressions, ...loop.clicks];
  const seen = _trainingItems(events.filter((e) => e.timestamp <= cutoff));
  const options: EvaluateOptions = {
    dataset: { name: `generated seed ${seed}`, data: { products: market.products, merchants: market.merchants, events, topics: market.topics } },
    split: { strategy: 'temporal', cutoff },
    models: [0, ...LAMBDAS].map((lambda) => ({ name: `lambda ${lambda}`, config: { fairness: { rerank: { lambda } } } })),
    metrics: ['ndcg@10', trueNdcg(market, seen)],
    k: 10,
    keepPerUser: false,
  };
  const impressions = evaluate({ ...options, propensity: { model: 'impressions' } });
  const popularity = withPopularity ? evaluate({ ...options, metrics: ['ndcg@10'], propensity: { model: 'popularity', estimators: ['ips'] } }) : undefined;
  const rows = LAMBDAS.map((lambda, i) => ({
    lambda,
    truth: change(impressions, 'true-ndcg@10', i + 1),
    estimates: ESTIMATES.filter((e) => e.from === 'impressions' || popularity !== undefined).map((e) =>
      change(e.from === 'impressions' ? impressions : popularity!, e.label, i + 1),
    ),
    unsupported: impressions.runs[i + 1]!.propensity!.unsupportedExposure,
  }));
  const p = impressions.propensity!;
  const gamma = popularity?.propensity?.details['gamma'];
  return { seed, rows, ess: p.effectiveSampleSize, interactions: p.heldOutInteractions, gamma: typeof gamma === 'number' ? gamma : Number.NaN };
}

const signed = (x: number): string => `${x >= 0 ? '+' : ''}${x.toFixed(1)}%`;

/** The tables of one logging policy and the acceptance checks over its seeds. */
function section(results: readonly SeedResult[], names: readonly string[]): string[] {
  const rows = results.flatMap((r) =>
    r.rows.map((row) => [String(r.seed), String(row.lambda), signed(row.truth), ...row.estimates.map(signed), `${(100 * row.unsupported).toFixed(1)}%`]),
  );
  const means = LAMBDAS.map((lambda, i) => {
    const mean = (pick: (row: SeedResult['rows'][number]) => number): number => results.reduce((acc, r) => acc + pick(r.rows[i]!), 0) / results.length;
    return [String(lambda), signed(mean((row) => row.truth)), ...names.map((_, e) => signed(mean((row) => row.estimates[e]!))), `${(100 * mean((row) => row.unsupported)).toFixed(1)}%`];
  });
  const out = [
    `Mean over the ${results.length} seeds:`,
    '',
    markdownTable(['lambda', 'TRUE change', ...names.map((n) => `${n} change`), 'unsupported exposure'], means),
    '',
    'Per seed:',
    '',
    markdownTable(['seed', 'lambda', 'TRUE change', ...names.map((n) => `${n} change`), 'unsupported exposure'], rows),
    '',
  ];
  const all = results.flatMap((r) => r.rows);
  const mae = names.map((_, e) => all.reduce((acc, row) => acc + Math.abs(row.estimates[e]! - row.truth), 0) / all.length);
  const decisive = all.filter((row) => Math.abs(row.truth) >= 1);
  const signs = names.map((_, e) => decisive.filter((row) => Math.sign(row.estimates[e]!) === Math.sign(row.truth)).length);
  out.push(
    markdownTable(
      ['estimate', 'mean absolute error (points)', 'vs logged', `true sign where the true change is at least 1% (${decisive.length} cases)`],
      names.map((n, e) => [n, mae[e]!.toFixed(2), e === 0 ? '' : `${(mae[e]! / mae[0]!).toFixed(2)}x`, `${signs[e]} of ${decisive.length}`]),
    ),
    '',
  );
  return out;
}

/** Runs the benchmark; returns the Markdown section. */
export async function run(log: (line: string) => void = (l) => console.error(l)): Promise<string> {
  const started = performance.now();
  const deterministic: SeedResult[] = [];
  const randomised: SeedResult[] = [];
  for (const seed of SEEDS) {
    deterministic.push(runSeed(seed, 0, true));
    log(`seed ${seed}: deterministic logging done (${((performance.now() - started) / 1000).toFixed(0)} s)`);
    randomised.push(runSeed(seed, 0.1, false));
    log(`seed ${seed}: epsilon logging done (${((performance.now() - started) / 1000).toFixed(0)} s)`);
  }
  const names = ESTIMATES.map((e) => e.name);
  const minutes = ((performance.now() - started) / 60_000).toFixed(1);
  return [
    '## Propensity-corrected NDCG@10 against the truth (feedback-loop simulator)',
    '',
    `Per seed: a generated marketplace (${Object.entries(MARKET)
      .map(([k, v]) => `${k} ${v}`)
      .join(', ')}), 8 feedback-loop rounds served at lambda 0 (every user each round, refit every 4), evaluated on everything logged with rounds 5-8 held out; ` +
      'the default recommender at each lambda, full-catalogue protocol. TRUE = graded NDCG@10 against the generator\'s true relevance. Changes are from lambda 0. ' +
      `Impressions model at its defaults (weights clipped at 100); popularity model with gamma fitted on the lambda-0 run (gamma ${deterministic.map((r) => r.gamma.toFixed(2)).join(', ')} per seed). ` +
      `Effective sample size of the impressions model's weights per seed: ${deterministic.map((r) => `${r.ess.toFixed(0)} of ${r.interactions}`).join(', ')}.`,
    '',
    'IPS, SNIPS and DR are the impressions model\'s estimates (the model for logs with impressions); they coincide here because the logging policy is deterministic: ' +
      'a slate that showed a product showed it with probability 1, and the products it did not show are valued by the reward model, whatever the estimator. ' +
      '"popularity IPS" is the model for logs without impressions, on the same logs, for contrast: it can only reweight the clicks the old ranking produced by item popularity, ' +
      'so it cannot value the products that ranking never showed the user (the unsupported exposure), and a personalised logging policy does not observe by popularity alone.',
    '',
    '### Deterministic logging (the recommender\'s slates as ranked)',
    '',
    ...section(deterministic, names),
    '### Randomised logging (epsilon 0.1: each slot replaced by a uniformly drawn product with probability 0.1)',
    '',
    'A given product reaches a given user through the randomisation with probability about 0.1 x 10 / 800 per slate, below 1 / clip: the estimators leave those slots to the reward model, as with deterministic logging.',
    '',
    ...section(randomised, names.slice(0, 4)),
    `${caption('npm run bench -- propensity-validation')} Wall time ${minutes} min.`,
    '',
  ].join('\n');
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) console.log(await run());
