import { buildDataset, type Dataset } from '../../dataset/dataset.js';
import { dataWarnings } from '../../dataset/data-warnings.js';
import { createEventWeighting } from '../../dataset/event-weighting.js';
import type { RecommenderConfigInput } from '../../engine/config.js';
import type { Recommender } from '../../engine/recommender.js';
import { ConfigError, DataError } from '../../errors.js';
import type { Event } from '../../schema/entities.js';
import { evaluateLists, type UserList } from '../evaluate-lists.js';
import { merchantCoverage } from '../metrics/_context.js';
import { logExposure } from '../metrics/exposure-model.js';
import { parseMetric } from '../metrics/registry.js';
import { _withCorrected } from '../propensity/corrected-labels.js';
import { _fitPropensity, type PropensityFit } from '../propensity/setup.js';
import { unsupportedExposure } from '../propensity/unsupported.js';
import type { Metric, MetricContext } from '../metrics/types.js';
import { createRunResult } from '../report/build.js';
import type { EvalReport, JsonValue, ProtocolInfo, RunResult } from '../report/types.js';
import { _createModel } from './create-model.js';
import { _contextFingerprint, _fingerprint } from './fingerprint.js';
import { FitReuse } from './fit-reuse.js';
import { _metricContext } from './metric-context.js';
import { _notEvaluated, _positiveCells, _relevantSets, _trainingItems } from './relevance.js';
import { rankUsers, type RankRequest } from './rank-users.js';
import { _splitEvents } from './split-data.js';
import type { EvalPhase, EvaluateOptions, ModelSpec } from './types.js';

/** Metrics a run reports when none are asked for (at `k`). */
export const DEFAULT_EVAL_METRICS: readonly string[] = ['ndcg', 'recall', 'precision', 'map'];

/**
 * A step of the evaluation its driver runs: fit this recommender on this dataset, or rank these
 * users (the driver passes the lists back to `next`).
 */
export type EvalStep = { readonly fit: Recommender; readonly dataset: Dataset } | { readonly rank: RankRequest };

/** What a driver passes back to the steps: the lists of a rank step, nothing after a fit. */
export type EvalStepResult = readonly (readonly string[])[] | undefined;

/**
 * Resolves metric labels: `ndcg@10` as written, a bare registry name (`ndcg`) at `k`.
 * @example resolveMetrics(['ndcg', 'recall@20'], 10).map((m) => m.label) // ['ndcg@10', 'recall@20']
 */
export function resolveMetrics(metrics: readonly (string | Metric)[], k: number): Metric[] {
  if (!(Number.isInteger(k) && k >= 1)) throw new ConfigError(`k must be a positive integer, got ${k}`, 'k');
  const out: Metric[] = [];
  const labels = new Set<string>();
  metrics.forEach((m, i) => {
    let metric: Metric;
    try {
      metric = resolveMetric(m, k);
    } catch (error) {
      throw error instanceof ConfigError ? new ConfigError(`metrics.${i}: ${error.message}`, `metrics.${i}`) : error;
    }
    if (!labels.has(metric.label)) out.push(metric);
    labels.add(metric.label);
  });
  return out;
}

/**
 * Resolves one metric label: `ndcg@10` as written, a bare registry name at `k`; a descriptor as is.
 * @throws ConfigError for a malformed or unknown label.
 */
export function resolveMetric(metric: string | Metric, k: number): Metric {
  return typeof metric !== 'string' ? metric : parseMetric(metric.includes('@') ? metric : `${metric.trim()}@${k}`);
}

/** Length of the lists the runner asks for: the largest finite cut-off among the metrics (at least k). */
function listLength(metrics: readonly Metric[], k: number): number {
  let n = k;
  for (const m of metrics) if (Number.isFinite(m.k) && m.k > n) n = m.k;
  return n;
}

/**
 * The model's config with the candidate set widened to every eligible product: the popularity fill
 * (which scores every product) takes the whole catalogue and the cap is the catalogue size, so the
 * blend ranks them all; each signal's own top list only needs the list length.
 */
function fullCatalogue(config: RecommenderConfigInput, products: number, n: number): RecommenderConfigInput {
  const all = Math.max(1, products);
  return { ...config, candidates: { perSignal: n, popular: all, max: all } };
}

/** The model config of a run: the protocol, not the model's event weights, decides what is excluded as seen. */
function protocolConfig(config: RecommenderConfigInput): RecommenderConfigInput {
  return { ...config, excludeSeen: 'none' };
}

function toJson(value: unknown): { [key: string]: JsonValue } {
  return JSON.parse(JSON.stringify(value)) as { [key: string]: JsonValue };
}

/** Shared, read-only inputs of every run. */
interface RunInputs {
  readonly options: EvaluateOptions;
  readonly metrics: readonly Metric[];
  readonly n: number;
  readonly users: readonly string[];
  readonly relevant: ReadonlyMap<string, ReadonlySet<string>>;
  /** Each user's training items (the protocol's exclusions, see `_trainingItems`). */
  readonly seen: ReadonlyMap<string, ReadonlySet<string>>;
  readonly context: MetricContext;
  /** The training fold as a dataset under the recommender's event weighting (built once per weighting). */
  readonly trainDataset: (recommender: Recommender) => Dataset;
  /** The fitted propensity model of the corrected metrics. */
  readonly correction: PropensityFit | undefined;
  /** The last fit, reused by runs that differ from it only in the reranker. */
  readonly fits: FitReuse;
}

/** The recommender config a run uses under the evaluation protocol (list length `n`). */
function runConfig(options: EvaluateOptions, model: ModelSpec, n: number): RecommenderConfigInput {
  const products = options.dataset.data.products.length;
  return protocolConfig((options.candidates ?? 'full') === 'full' ? fullCatalogue(model.config, products, n) : model.config);
}

function* runModel(inputs: RunInputs, model: ModelSpec, index: number): Generator<EvalStep, RunResult, EvalStepResult> {
  const { options, users } = inputs;
  const runs = options.models.length;
  const progress = (phase: EvalPhase, done: number, total: number): void =>
    options.onProgress?.({ run: model.name, runIndex: index, runs, phase, done, total });
  const created = _createModel(model.name, index, runConfig(options, model, inputs.n));
  const dataset = inputs.trainDataset(created);
  const now = options.clock ?? (() => performance.now());

  progress('fit', 0, 1);
  const t0 = now();
  let rec = inputs.fits.take(created.config, dataset);
  if (rec === undefined) {
    rec = created;
    yield { fit: rec, dataset };
    inputs.fits.keep(rec, dataset);
  }
  const t1 = now();
  progress('fit', 1, 1);

  const record = (options.ledger ?? 'sequential') === 'sequential';
  progress('recommend', 0, users.length);
  const rank: RankRequest = {
    recommender: rec,
    users,
    n: inputs.n,
    record,
    exclude: (userId) => inputs.seen.get(userId) ?? [],
    onRanked: (done) => progress('recommend', done, users.length),
  };
  const ranked = yield { rank };
  if (ranked === undefined || ranked.length !== users.length) throw new DataError(`evaluate: the driver returned ${ranked?.length ?? 'no'} lists for ${users.length} users`);
  const lists: UserList[] = users.map((userId, u) => ({ userId, ranked: ranked[u]!, relevant: inputs.relevant.get(userId)! }));
  const t2 = now();

  progress('metrics', 0, 1);
  const correction = inputs.correction;
  const evaluation = evaluateLists(lists, inputs.metrics, {
    context: inputs.context,
    ...(correction === undefined ? {} : { propensity: { users: correction.users, meanWeight: correction.meanWeight } }),
  });
  const unsupported =
    correction === undefined ? undefined : unsupportedExposure(lists, correction.users, inputs.n, inputs.context.exposure ?? logExposure);
  const t3 = now();
  progress('metrics', 1, 1);
  return createRunResult({
    name: model.name,
    config: toJson(rec.config),
    metrics: evaluation.metrics,
    timings: new Map([
      ['fit', (t1 - t0) / 1000],
      ['recommend', (t2 - t1) / 1000],
      ['metrics', (t3 - t2) / 1000],
    ]),
    keepPerUser: options.keepPerUser ?? true,
    ...(unsupported === undefined ? {} : { propensity: { unsupportedExposure: unsupported } }),
  });
}

/** Top-50 lists of one model for the evaluated users (the popularity propensity model fits its gamma on them). */
function proxyLists(options: EvaluateOptions, name: string, users: readonly string[], seen: RunInputs['seen'], dataset: (r: Recommender) => Dataset): string[][] {
  const index = options.models.findIndex((m) => m.name === name);
  const rec = _createModel(name, index, runConfig(options, options.models[index]!, 50));
  rec.fitDataset(dataset(rec));
  return users.map((u) => rec.recommend(u, { n: 50, record: false, exclude: seen.get(u) ?? [] }).items.map((item) => item.productId));
}

/** The protocol section of the report: what, besides the data, decided the numbers. */
function protocolInfo(options: EvaluateOptions, k: number, metrics: readonly Metric[], listLength: number): ProtocolInfo {
  return {
    k,
    metrics: metrics.map((m) => m.label),
    listLength,
    candidates: options.candidates ?? 'full',
    ledger: options.ledger ?? 'sequential',
    relevantTypes: options.relevantTypes === undefined ? null : [...options.relevantTypes],
    fairnessMerchants: options.fairnessMerchants ?? 'all',
  };
}

function distinctUsers(a: readonly Event[], b: readonly Event[]): number {
  const users = new Set<string>();
  for (const e of a) users.add(e.userId);
  for (const e of b) users.add(e.userId);
  return users.size;
}

/**
 * The offline evaluation runner (docs/design.md 6): splits the dataset (or takes a fixed split), fits
 * each model's recommender on the training fold and ranks, for every test user with relevant
 * items (in id order), the full catalogue minus the user's training items (`candidates: 'full'`)
 * through the engine itself, then scores the lists with every metric. Per-user vectors, mean and
 * 95% interval per metric, seconds per phase (`fit`, `recommend`, `metrics`), fingerprints of the
 * data and of the metric context (merchant tiers) and the protocol (k, metric labels, list length,
 * candidates, ledger, relevant types, fairness population) go into an {@link EvalReport}, the
 * format `gfp gate` reads.
 *
 * Each run gets a fresh recommender: the caller's objects are never mutated. Deterministic apart
 * from the timings (seeded models, users in a fixed order).
 *
 * @throws ConfigError naming `models.<i>...` or `metrics.<i>` for a bad model config or label;
 *   DataError when the data is inconsistent (e.g. a training event on an unknown product).
 * @example
 * const report = evaluate({ dataset: { name: 'shop', data }, split: { strategy: 'temporal', quantile: 0.8 },
 *   models: [{ name: 'pop', config: { signals: [{ type: 'popularity' }] } }], metrics: ['ndcg'], k: 10 });
 * report.runs[0].metrics['ndcg@10'].mean // e.g. 0.0731
 */
export function evaluate(options: EvaluateOptions, onWarning?: (message: string) => void): EvalReport {
  const steps = _evaluateSteps(options, onWarning);
  let result: EvalStepResult;
  for (;;) {
    const step = steps.next(result);
    if (step.done === true) return step.value;
    const s = step.value;
    if ('fit' in s) {
      s.fit.fitDataset(s.dataset);
      result = undefined;
    } else result = rankUsers(s.rank);
  }
}

/**
 * The steps of {@link evaluate}: yields each model fit and each ranking of the test users (for
 * the driver to run, on this thread or on a runner's threads); returns the report.
 */
export function* _evaluateSteps(options: EvaluateOptions, onWarning?: (message: string) => void): Generator<EvalStep, EvalReport, EvalStepResult> {
  const k = options.k ?? 10;
  const metrics = _withCorrected(resolveMetrics(options.metrics ?? DEFAULT_EVAL_METRICS, k), options.propensity);
  if (options.models.length === 0) throw new ConfigError('evaluate needs at least one model', 'models');
  const names = new Set<string>();
  options.models.forEach((m, i) => {
    if (names.has(m.name)) throw new ConfigError(`models.${i}.name: duplicate run name ${JSON.stringify(m.name)}`, `models.${i}.name`);
    names.add(m.name);
  });
  const data = options.dataset.data;
  // Warnings go to the caller and into the report (propensity's are in its own section).
  const warnings: string[] = [];
  const warn = (message: string): void => {
    warnings.push(message);
    onWarning?.(message);
  };
  const folds = _splitEvents(data.events, options.split);
  for (const w of folds.warnings) warn(w);
  const catalogue = new Set(data.products.map((p) => p.id));
  const seen = _trainingItems(folds.train);
  const relevant = _relevantSets(folds.train, folds.test, catalogue, options.relevantTypes, seen);
  const users = [...relevant.keys()].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  const context = {
    ..._metricContext(data, folds.train),
    ...options.metricContext,
    ...(options.fairnessMerchants === undefined ? {} : { fairnessMerchants: options.fairnessMerchants }),
  };
  // Fail before any fitting when an aggregate metric needs what the context lacks (e.g. ild's item vectors).
  for (const m of metrics) if (m.kind === 'aggregate') m.createAccumulator(context);

  const records = { products: data.products, merchants: data.merchants, events: folds.train, topics: data.topics };
  const datasets = new Map<string, Dataset>();
  const trainDataset = (rec: Recommender): Dataset => {
    const key = JSON.stringify(rec.config.weighting);
    let ds = datasets.get(key);
    if (ds === undefined) {
      datasets.set(key, (ds = buildDataset(records, { weighting: createEventWeighting(rec.config.weighting) })));
      for (const w of dataWarnings(ds)) warn(w);
    }
    return ds;
  };
  const correction =
    options.propensity === undefined
      ? undefined
      : _fitPropensity(options.propensity, {
          train: folds.train,
          test: folds.test,
          products: data.products,
          relevant,
          popularity: context.itemPopularity ?? new Map(),
          models: options.models.map((m) => m.name),
          lists: (name) => proxyLists(options, name, users, seen, trainDataset),
        });
  for (const w of correction?.info.warnings ?? []) onWarning?.(`propensity: ${w}`);
  if (users.length === 0) {
    // A report of zeros would read as a result (and as a CI baseline): refuse before the models are fitted (after the inputs are checked).
    throw new DataError(
      `evaluate: nothing to evaluate: no test user has a relevant item (${folds.test.length} test events of ${folds.info.testUsers} users after the split). ` +
        'Check the split (its warnings), protocol.relevantTypes and that test products are in the catalogue',
    );
  }
  const inputs: RunInputs = { options, metrics, n: listLength(metrics, k), users, relevant, seen, context, trainDataset, correction, fits: new FitReuse() };
  const runs: RunResult[] = [];
  for (let i = 0; i < options.models.length; i++) runs.push(yield* runModel(inputs, options.models[i]!, i));
  const fixed = 'train' in options.split && Array.isArray(options.split.train);
  const metricContext = _contextFingerprint(context);
  return {
    version: 1,
    dataset: {
      name: options.dataset.name,
      fingerprint: _fingerprint(data.products, folds.train, folds.test),
      users: distinctUsers(folds.train, folds.test),
      items: catalogue.size,
      interactions: folds.train.length + folds.test.length,
      ...(fixed ? {} : { loadedUsers: distinctUsers(data.events, []), loadedEvents: data.events.length }),
      contextFingerprint: metricContext.fingerprint,
      merchantTiers: metricContext.tiers,
    },
    split: { ...folds.info, trainCells: _positiveCells(folds.train) },
    protocol: protocolInfo(options, k, metrics, inputs.n),
    ...(warnings.length > 0 ? { warnings } : {}),
    evaluated: {
      testUsers: folds.info.testUsers,
      evaluated: users.length,
      notEvaluated: _notEvaluated(folds.test, catalogue, relevant, options.relevantTypes),
    },
    users,
    ...(correction === undefined ? {} : { propensity: correction.info }),
    fairness: { merchants: options.fairnessMerchants ?? 'all', ...merchantCoverage(context) },
    runs,
  };
}
