/**
 * The fairness defaults chosen on a mix of datasets (issue 13): for every dataset of the mix, the
 * default recommender evaluated as served (`protocol.candidates: engine`, the ledger recording in
 * user order) over a grid of the reranker's lambda, relevance floor and exploration share, with
 * logged NDCG@10, propensity-corrected NDCG@10 (SNIPS, popularity propensity model: Yang et al.
 * 2018, gamma fitted on the lambda-0 run), the merchant Gini of exposure over merchants with
 * evidence (at least one product with training interactions) and the small tier's exposure share.
 *
 * The mix: the committed configs in benchmarks/configs/fairness-mix/ (the fixtures marketplace,
 * Amazon gift cards, Book-Crossing, MovieLens 100K and latest-small with genres as merchants; real
 * data read under the data root, GFP_DATA_ROOT) and the generated marketplace of the fairness
 * benchmark (seed 7, 3000 users, 6000 products, 400 merchants; temporal 80/20), built in memory.
 * A dataset whose files are missing is left out with a note.
 *
 * The goal (issue 13): some lambda cuts the merchant Gini by at least 20% at a cost of at most 2%
 * corrected and 5% logged NDCG@10, each against lambda 0 of the same dataset (lambda 0 turns the
 * lift and exploration off, so it is one run whatever the floor and share).
 *
 * Run: `npm run bench -- fairness-defaults` (the whole grid; about 40 minutes on 2 cores), or
 * `node --import tsx benchmarks/fairness-defaults.ts [--lambdas 0,0.3] [--floors 0.8] [--shares 0.1]
 * [--rerank '{"meritPrior":2}'] [--only gift]`.
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { loadEvalOptions, readEvalConfigFile } from '../src/cli/eval-input.js';
import { evaluate } from '../src/evaluation/runner/evaluate.js';
import type { EvaluateOptions, ModelSpec } from '../src/evaluation/runner/types.js';
import type { EvalReport } from '../src/evaluation/report/types.js';
import { DEFAULT_RERANK, type RerankConfigInput } from '../src/fairness/rerank-config.js';
import { generateMarketplace } from '../src/simulation/index.js';
import type { RerankVariant } from './fairness.js';
import { caption } from './_machine.js';
import { fmt, markdownTable } from './_markdown.js';

/** The grid: every lambda above 0 with every variant (lambda 0 once: it turns the lift and exploration off). */
export interface FairnessGrid {
  readonly lambdas: readonly number[];
  readonly variants: readonly RerankVariant[];
}

/** Variants for every floor x exploration share (other keys at their defaults). */
export function floorShareVariants(floors: readonly number[], shares: readonly number[], extra: Omit<RerankConfigInput, 'lambda'> = {}): RerankVariant[] {
  const suffix = Object.entries(extra)
    .map(([k, v]) => ` ${k} ${JSON.stringify(v)}`)
    .join('');
  return floors.flatMap((floor) => shares.map((share) => ({ label: `floor ${floor}, share ${share}${suffix}`, rerank: { ...extra, relevanceFloor: floor, exploration: { share } } })));
}

/**
 * The default grid: the defaults and one change of each at a time (a higher floor, exploration on,
 * the previous merit prior, a per-merchant cap, the lift undamped on popular products as before model
 * file version 8, and damped inside the plain slate too). The wider exploration of floors 0.3 to 0.9,
 * shares 0 to 0.2 and merit priors 0.5 and 2 that chose the defaults is reproduced with the flags
 * (e.g. `--floors 0.3,0.6,0.8,0.9 --shares 0,0.1,0.2 --rerank '{"meritPrior":2}'`).
 */
export const GRID: FairnessGrid = {
  lambdas: [0, 0.2, 0.3, 0.4, 0.5, 0.75],
  variants: [
    { label: 'defaults', rerank: {} },
    { label: 'floor 0.6', rerank: { relevanceFloor: 0.6 } },
    { label: 'exploration 0.1', rerank: { exploration: { share: 0.1 } } },
    { label: 'meritPrior 0.5', rerank: { meritPrior: 0.5 } },
    { label: 'maxPerMerchant 3', rerank: { maxPerMerchant: 3 } },
    { label: 'popularityDamping 0 (before version 8)', rerank: { popularityDamping: 0 } },
    { label: "popularityDampingScope 'all'", rerank: { popularityDampingScope: 'all' } },
  ],
};

/** The goal's bounds: Gini cut at least 20%, corrected NDCG cost at most 2%, logged at most 5%. */
export const GOAL = { giniCut: 0.2, correctedCost: 0.02, loggedCost: 0.05 } as const;

const CONFIGS = join(import.meta.dirname, 'configs', 'fairness-mix');

/** One grid point's numbers on one dataset. */
export interface GridResult {
  readonly lambda: number;
  /** The variant's label ('' for lambda 0). */
  readonly variant: string;
  readonly ndcg: number;
  readonly corrected: number;
  readonly gini: number;
  readonly smallShare: number;
}

/** One dataset's grid. */
export interface DatasetResult {
  readonly name: string;
  readonly users: number;
  readonly merchants: string;
  readonly results: readonly GridResult[];
}

/** The generated marketplace of the fairness benchmark (seed 7), temporal 80/20, as served. */
function generatedOptions(): EvaluateOptions {
  const m = generateMarketplace({ seed: 7, users: 3000, products: 6000, merchants: 400, days: 30 });
  return {
    dataset: { name: 'generated marketplace (seed 7)', data: { products: m.products, merchants: m.merchants, events: m.events, topics: m.topics } },
    split: { strategy: 'temporal', quantile: 0.8, dropUsersWithoutTrain: true },
    models: [],
    metrics: ['ndcg', 'merchant-gini', 'small-share'],
    k: 10,
    candidates: 'engine',
    fairnessMerchants: 'evidence',
    propensity: { model: 'popularity', estimators: ['snips'] },
  };
}

/** The models of the grid, named `lambda=<l>|<variant label>` (lambda 0 once). */
export function gridModels(grid: FairnessGrid): ModelSpec[] {
  const models: ModelSpec[] = [];
  for (const lambda of grid.lambdas) {
    for (const v of lambda === 0 ? [{ label: '', rerank: {} }] : grid.variants) {
      models.push({ name: `lambda=${lambda}|${v.label}`, config: { fairness: { rerank: { ...v.rerank, lambda } } } });
    }
  }
  return models;
}

function parseName(name: string): { lambda: number; variant: string } {
  const bar = name.indexOf('|');
  return { lambda: Number(name.slice('lambda='.length, bar)), variant: name.slice(bar + 1) };
}

function resultsOf(report: EvalReport): GridResult[] {
  return report.runs.map((run) => {
    const metric = (label: string): number => {
      const v = run.metrics[label];
      if (v === undefined) throw new Error(`run ${run.name} has no ${label}`);
      return v.mean;
    };
    return { ...parseName(run.name), ndcg: metric('ndcg@10'), corrected: metric('snips-ndcg@10'), gini: metric('merchant-gini@10'), smallShare: metric('small-share@10') };
  });
}

/** The datasets of the mix as evaluation options (models left empty), the missing ones noted. */
export async function mixOptions(notes: string[], only?: readonly string[]): Promise<EvaluateOptions[]> {
  const wanted = (name: string): boolean => only === undefined || only.some((o) => name.includes(o));
  const out: EvaluateOptions[] = [];
  for (const file of readdirSync(CONFIGS).filter((f) => f.endsWith('.json')).sort()) {
    if (!wanted(file)) continue;
    try {
      out.push(await loadEvalOptions(await readEvalConfigFile(join(CONFIGS, file)), () => undefined));
    } catch (error) {
      notes.push(`${file}: left out (${error instanceof Error ? error.message.split('\n')[0] : String(error)})`);
    }
  }
  if (wanted('generated')) out.push(generatedOptions());
  return out;
}

/** Runs the grid on one dataset. */
export function runDataset(options: EvaluateOptions, grid: FairnessGrid, log: (line: string) => void): DatasetResult {
  const models = gridModels(grid);
  const started = performance.now();
  const report = evaluate({ ...options, models, keepPerUser: false, onProgress: (p) => p.phase === 'fit' && p.done === 0 && log(`${options.dataset.name}: ${p.run} (${p.runIndex + 1}/${p.runs})`) });
  log(`${options.dataset.name}: ${((performance.now() - started) / 1000).toFixed(1)} s`);
  return { name: options.dataset.name, users: report.users?.length ?? 0, merchants: report.fairness?.merchants ?? 'all', results: resultsOf(report) };
}

/** Relative change of `x` from `base` (x / base - 1). */
export const change = (x: number, base: number): number => (base === 0 ? 0 : x / base - 1);

/** Whether a grid point meets the goal against the dataset's lambda 0. */
export function meetsGoal(r: GridResult, base: GridResult): boolean {
  return change(r.gini, base.gini) <= -GOAL.giniCut && change(r.corrected, base.corrected) >= -GOAL.correctedCost && change(r.ndcg, base.ndcg) >= -GOAL.loggedCost;
}

/** A relative change as a signed percentage with one decimal. */
export function pct(x: number): string {
  return `${x >= 0 ? '+' : ''}${(100 * x).toFixed(1)}%`;
}

function datasetTable(d: DatasetResult): string {
  const base = d.results.find((r) => r.lambda === 0)!;
  const rows = d.results.map((r) => [
    String(r.lambda),
    r.variant,
    fmt(r.ndcg),
    pct(change(r.ndcg, base.ndcg)),
    fmt(r.corrected),
    pct(change(r.corrected, base.corrected)),
    fmt(r.gini, 3),
    pct(change(r.gini, base.gini)),
    `${(100 * r.smallShare).toFixed(1)}%`,
    r.lambda === 0 ? '' : meetsGoal(r, base) ? 'yes' : '',
  ]);
  return markdownTable(['lambda', 'variant', 'NDCG@10', 'change', 'SNIPS NDCG@10', 'change', 'merchant Gini', 'change', 'small share', 'goal'], rows);
}

/**
 * The first variant of the grid (the defaults) on every dataset, lambda by lambda: logged and
 * SNIPS-corrected NDCG@10 side by side with the merchant Gini, each with its change from lambda 0.
 */
function firstVariantTable(data: readonly DatasetResult[], grid: FairnessGrid): string {
  const label = grid.variants[0]?.label ?? '';
  const rows = data.flatMap((d) => {
    const base = d.results.find((r) => r.lambda === 0)!;
    return d.results
      .filter((r) => r.lambda === 0 || r.variant === label)
      .map((r) => [d.name, String(r.lambda), fmt(r.ndcg), pct(change(r.ndcg, base.ndcg)), fmt(r.corrected), pct(change(r.corrected, base.corrected)), fmt(r.gini, 3), pct(change(r.gini, base.gini)), r.lambda === 0 ? '' : meetsGoal(r, base) ? 'yes' : '']);
  });
  return markdownTable(['dataset', 'lambda', 'logged NDCG@10', 'change', 'SNIPS NDCG@10', 'change', 'merchant Gini', 'change', 'goal'], rows);
}

/** Per variant: on how many datasets some lambda meets the goal, and the lambdas that do. */
function summaryTable(data: readonly DatasetResult[], grid: FairnessGrid): string {
  const rows = grid.variants.map((v) => {
    const perDataset = data.map((d) => {
      const base = d.results.find((r) => r.lambda === 0)!;
      return d.results.filter((r) => r.lambda > 0 && r.variant === v.label && meetsGoal(r, base)).map((r) => r.lambda);
    });
    const met = perDataset.filter((l) => l.length > 0).length;
    return [v.label, `${met} of ${data.length}`, ...perDataset.map((l) => (l.length === 0 ? 'none' : l.join(', ')))];
  });
  return markdownTable(['variant', 'datasets meeting the goal', ...data.map((d) => `${d.name}: lambdas meeting it`)], rows);
}

/** Runs the grid on the mix and returns the Markdown report. */
export async function run(grid: FairnessGrid = GRID, only?: readonly string[], log: (line: string) => void = (l) => console.error(l)): Promise<string> {
  const notes: string[] = [];
  const data = (await mixOptions(notes, only)).map((o) => runDataset(o, grid, log));
  const lines = [
    '## Fairness defaults on a mix of datasets',
    '',
    caption('npm run bench -- fairness-defaults'),
    '',
    `Default recommender as served; the reranker's defaults (lambda ${DEFAULT_RERANK.lambda}, floor ${DEFAULT_RERANK.relevanceFloor} of the plain slate's n-th score, meritPrior ${DEFAULT_RERANK.meritPrior}, popularityDamping ${DEFAULT_RERANK.popularityDamping} ${DEFAULT_RERANK.popularityDampingScope}, exploration share ${DEFAULT_RERANK.exploration.share} until ${DEFAULT_RERANK.exploration.untilExposure}) varied one key at a time on the grid below. ` +
      `Goal: merchant Gini (merchants with evidence) at least ${100 * GOAL.giniCut}% lower than at lambda 0, at most ${100 * GOAL.correctedCost}% lower SNIPS NDCG@10 and at most ${100 * GOAL.loggedCost}% lower logged NDCG@10.`,
    '',
    summaryTable(data, grid),
    '',
    `The ${grid.variants[0]?.label ?? 'first'} variant per dataset and lambda:`,
    '',
    firstVariantTable(data, grid),
    '',
    ...notes.map((n) => `- ${n}`),
  ];
  for (const d of data) lines.push('', `### ${d.name} (${d.users} users; fairness over merchants: ${d.merchants})`, '', datasetTable(d));
  return lines.join('\n') + '\n';
}

function listArg(args: readonly string[], flag: string): number[] | undefined {
  const i = args.indexOf(flag);
  return i < 0 ? undefined : args[i + 1]!.split(',').map(Number);
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const args = process.argv.slice(2);
  const floors = listArg(args, '--floors');
  const shares = listArg(args, '--shares');
  const extra = args.includes('--rerank') ? (JSON.parse(args[args.indexOf('--rerank') + 1]!) as Omit<RerankConfigInput, 'lambda'>) : {};
  const grid: FairnessGrid = {
    lambdas: listArg(args, '--lambdas') ?? GRID.lambdas,
    variants: floors === undefined && shares === undefined && !args.includes('--rerank') ? GRID.variants : floorShareVariants(floors ?? [0.8], shares ?? [0.1], extra),
  };
  const only = args.includes('--only') ? args[args.indexOf('--only') + 1]!.split(',') : undefined;
  console.log(await run(grid, only));
}
