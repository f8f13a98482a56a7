import { buildDataset, type Dataset } from '../dataset/dataset.js';
import { dataWarnings } from '../dataset/data-warnings.js';
import { datasetFromParts, datasetToParts } from '../dataset/dataset-parts.js';
import { createEventWeighting } from '../dataset/event-weighting.js';
import { FormatError, NotFittedError } from '../errors.js';
import { ExposureLedger } from '../fairness/exposure-ledger.js';
import { TopicSchema, type Topic, type TopicInput } from '../schema/entities.js';
import { checkValidatedIds, validateMarketplace, type MarketplaceData, type MarketplaceInput } from '../schema/marketplace-data.js';
import { validateRecords } from '../schema/validate.js';
import { createPopularity } from '../signals/popularity.js';
import type { FitContext, Signal, UserContext } from '../signals/signal.js';
import { TextIndexCache } from '../text/text-index-cache.js';
import { parseRecommenderConfig, type RecommenderConfig, type RecommenderConfigInput, type SignalSpecInput } from './config.js';
import type { RecommenderOptions } from './signal-specs.js';
import { fitReporter, type FitOptions } from './fit-progress.js';
import { explainSlate, type SlateExplanation } from './explain.js';
import { encodeModelJson, type ModelFileJson } from './model-codec.js';
import type { RecommenderState } from './state.js';
import { observeBatch, type ObserveInput, type ObserveResult } from './observe.js';
import { finishPreparedRequest, serveRequest, type ServeParts } from './serve-request.js';
import { ServingState } from './serving-state.js';
import { similarItems } from './similar-items.js';
import type { RecommendOptions, SimilarOptions } from './request-options.js';
import { createSignalSlots, type SignalSlot } from './signal-slots.js';
import { createStages, prepareRequest, runPipeline, type PreparedRequest, type RecommenderParts, type ServingStages } from './pipeline.js';
import type { Slate, SlateItem } from './slate.js';
import { smallTierSubset } from './fitted-sets.js';
import { fitSignalsAsync, fitSignalsSync, restoreSignals } from './fit-signals.js';
import { assertExplainable } from './slate-shape.js';
import type { UserHistory } from './user-history.js';
import type { ParallelRunner } from '../parallel/job.js';

export type { ObserveResult, RecommenderParts, RecommendOptions, SimilarOptions };

/**
 * The recommender: fits its signals on a marketplace and serves slates through named stages
 * (candidates -> score -> blend -> boost -> rank and rerank -> slate with trace; src/engine/stages).
 *
 * Mutable state, all declared here and bounded: the exposure ledger (`ledger`, bounded by its
 * options); the serving state a fit installs (`ServingState`): the catalogue with the products
 * added, changed and removed after fit and the interactions observed per product (bounded by the
 * catalogue the caller sends: per-product columns that double when full, 18 bytes a product), the
 * product text indexes kept up to date with it, the histories of users observed after fit (one
 * entry per observed user), and what derives from the catalogue (cold products, merchant tiers,
 * the small tier, per-request buffers sized to the current catalogue, at most 4 kept); the
 * signals' online state (iALS fold-ins of observed users; content vectors and trending matches of
 * products changed after fit, one per product; popularity's observed counts; trending's topic
 * heat, pruned after `trending.pruneAfterHalfLives`). A fit replaces all of it but the ledger.
 * A request takes its work buffers from a pool and works on the catalogue as it stood when it
 * opened, so one started inside another (a `filter` calling `recommend` or `observe`) is safe.
 */
export class Recommender {
  readonly config: RecommenderConfig;
  /** The blend's signals with their instance names and weights. */
  readonly slots: readonly SignalSlot[];
  readonly ledger: ExposureLedger;
  readonly #stages: ServingStages;
  /** The baseline behind the popular source and cold-start slates: the blend's, else its own. */
  readonly #baseline: Signal;
  readonly #meritExclude: ReadonlySet<string>;
  #state: ServingState | undefined;

  constructor(config: RecommenderConfigInput = {}, parts: RecommenderParts = {}) {
    this.config = parseRecommenderConfig(config);
    this.slots = createSignalSlots(this.config);
    this.#baseline = this.slots.find((s) => s.signal.capabilities.baseline)?.signal ?? createPopularity();
    this.ledger = parts.ledger ?? new ExposureLedger(this.config.fairness.ledger);
    this.#meritExclude = new Set(this.config.fairness.meritExclude);
    this.#stages = createStages(this.config, parts, {
      slots: this.slots,
      baseline: this.#baseline,
      ledger: this.ledger,
      cold: () => this.#state?.cold ?? NO_COLD,
      smallTier: () => this.#state?.smallTier ?? NO_SUBSET,
    });
  }

  /** The blend's signals, in config order. */
  get signals(): readonly Signal[] {
    return this.slots.map((s) => s.signal);
  }

  /** The blend weights, in config order. */
  get weights(): Float64Array {
    return Float64Array.from(this.slots, (s) => s.weight);
  }

  /** True once fitted. */
  get fitted(): boolean {
    return this.#state !== undefined;
  }

  /** The serving state, after fit. */
  get #serving(): ServingState {
    if (this.#state === undefined) throw new NotFittedError('recommender');
    return this.#state;
  }

  /** The dataset as it stands: the fitted one with the products observed since (see `observe`). */
  get dataset(): Dataset {
    return this.#serving.dataset;
  }

  /**
   * Warnings about the fitted data (`dataWarnings`): a decay that leaves most training events
   * under 1% of their weight (see `weighting.halfLifeDays`), users who touched far more products
   * than the rest (crawlers, test accounts); empty before fit.
   */
  get warnings(): readonly string[] {
    return this.#state === undefined ? [] : dataWarnings(this.#state.dataset);
  }

  /** Tier code per merchant index (0 head, 1 mid, 2 small), after fit; a merchant new since fit is small. */
  get tiers(): Uint8Array {
    return this.#serving.tiers;
  }

  /**
   * Validates the records (a ValidationError names the record and field), builds the dataset
   * and fits every signal. `now` sets the decay reference time (default: the latest event).
   */
  fit(data: MarketplaceInput, options: FitOptions = {}): this {
    const { data: records } = validateMarketplace(data, 'fail');
    return this.fitRecords(records, options);
  }

  /** Fits on records that were already validated (e.g. by the loaders); their ids are checked (DataError). */
  fitRecords(records: MarketplaceData, options: FitOptions = {}): this {
    checkValidatedIds(records, 'fitRecords');
    return this.fitDataset(this.#buildDataset(records, options), options);
  }

  #buildDataset(records: MarketplaceData, options: FitOptions): Dataset {
    fitReporter(this.slots.map((s) => s.name), options.onProgress).dataset();
    return buildDataset(records, {
      weighting: createEventWeighting(this.config.weighting),
      ...(options.now !== undefined ? { now: options.now } : {}),
    });
  }

  /** Fits on a built dataset (the evaluation runner's entry); `onProgress` as for {@link fit}. */
  fitDataset(dataset: Dataset, options: Pick<FitOptions, 'onProgress'> = {}): this {
    const texts = new TextIndexCache(dataset);
    const report = fitReporter(this.slots.map((s) => s.name), options.onProgress);
    fitSignalsSync(this.signals, dataset, fitContext(texts), report.signal);
    this.#install(dataset, texts);
    report.done();
    return this;
  }

  /**
   * {@link fit} with the signals' heavy loops (iALS row solves, item-kNN lists, EASE's Gram and
   * inverse) on `options.runner`, e.g. a thread pool from `goods-find-people/node`: the event loop
   * stays free while workers compute, and the model is the same, bit for bit, as `fit`'s.
   */
  async fitAsync(data: MarketplaceInput, options: FitOptions & { runner?: ParallelRunner } = {}): Promise<this> {
    const { data: records } = validateMarketplace(data, 'fail');
    return this.fitDatasetAsync(this.#buildDataset(records, options), options);
  }

  /** {@link fitDataset} with the signals' heavy loops on `options.runner` (see {@link fitAsync}). */
  async fitDatasetAsync(dataset: Dataset, options: Pick<FitOptions, 'onProgress'> & { runner?: ParallelRunner } = {}): Promise<this> {
    const texts = new TextIndexCache(dataset);
    const report = fitReporter(this.slots.map((s) => s.name), options.onProgress);
    await fitSignalsAsync(this.signals, dataset, fitContext(texts, options.runner), report.signal);
    this.#install(dataset, texts);
    report.done();
    return this;
  }

  /**
   * Sets the fitted state around signals that are already fitted (by `fitDataset`, or restored
   * from saved state by {@link fromState}).
   */
  #install(dataset: Dataset, texts: TextIndexCache): void {
    const separate = !this.signals.includes(this.#baseline);
    if (separate) this.#baseline.fit(dataset, fitContext(texts));
    this.#state = new ServingState(dataset, texts, this.config, separate ? [...this.signals, this.#baseline] : this.signals);
  }

  /** Users observed after fit and their merged histories. */
  observedHistories(): IterableIterator<[string, UserHistory]> {
    return this.#serving.observed.entries();
  }

  /** The history the recommender holds for a user (fitted row merged with observed events). */
  history(userId: string): UserHistory {
    return this.#serving.history(userId);
  }

  /** The signals' view of a user for one request. */
  userContext(userId: string, now?: number, topics: readonly Topic[] = []): UserContext {
    return this.#serving.userContext(userId, now, topics);
  }

  /**
   * Recommends up to `n` products for a user: exactly `n` whenever `n` products are eligible
   * (in stock, not seen, not excluded, passing the filter). Unknown users get a cold-start slate
   * from popularity and trends, flagged in the trace.
   * @throws DataError for a bad option (names it); NotFittedError before fit.
   */
  recommend(userId: string, options: RecommendOptions = {}): Slate {
    return serveRequest(this.#serveParts, userId, options, runPipeline);
  }

  /**
   * The part of {@link recommend} that does not read the exposure ledger (candidates -> score ->
   * blend -> boost) as typed arrays another thread can compute; `finishPrepared` on the
   * recommender it was rebuilt from serves what `recommend` would, bit for bit (parallel evaluation).
   * @internal
   */
  prepareRequest(userId: string, options: RecommendOptions = {}): PreparedRequest {
    return serveRequest(this.#serveParts, userId, options, prepareRequest);
  }

  /** Reranks a prepared request against the ledger, records it when `record`; the product indices served, best first. @internal */
  finishPrepared(prepared: PreparedRequest, record: boolean): Int32Array {
    return finishPreparedRequest(this.#serveParts, prepared, record);
  }

  /** What serving a request reads of this recommender (after fit). */
  get #serveParts(): ServeParts {
    return { config: this.config, slots: this.slots, baseline: this.#baseline, ledger: this.ledger, meritExclude: this.#meritExclude, stages: this.#stages, state: this.#serving };
  }

  /** Recommends for many users (same options for each), in order. */
  recommendMany(userIds: Iterable<string>, options: RecommendOptions = {}): Slate[] {
    const out: Slate[] = [];
    for (const id of userIds) out.push(this.recommend(id, options));
    return out;
  }

  /**
   * Explains a slate this recommender served: per item each signal's raw and normalised score,
   * weight and share, the boost, the signals' details (the topics behind a trend, from the
   * request's topics the slate carries) and the fairness lift.
   * @throws DataError when `slate` is not a slate.
   */
  explain(slate: Slate, options: { now?: number; topics?: readonly TopicInput[] } = {}): SlateExplanation {
    assertExplainable(slate);
    const ds = this.dataset;
    const topics = options.topics === undefined ? (slate.trace.topics ?? []) : validateRecords(TopicSchema, options.topics, { source: 'explain.topics' }).records;
    const ctx = this.userContext(slate.userId, options.now ?? slate.trace.now, topics);
    const byName = new Map<string, Signal>(this.slots.map((s) => [s.name, s.signal] as const));
    return explainSlate(slate, (name, productId) => {
      const s = byName.get(name);
      const p = ds.products.indexOf(productId);
      return s?.describe === undefined || p < 0 ? undefined : s.describe(ctx, p);
    });
  }

  /**
   * Products most similar to one product, from the first signal in the blend that knows item
   * similarity (capability `similarity`: item-kNN, iALS, EASE, content).
   * @throws NotFoundError for an unknown product id.
   */
  similarItems(productId: string, options: SimilarOptions = {}): SlateItem[] {
    const state = this.#serving;
    return similarItems(this.slots, state.dataset, state.merchantIds, productId, options, { n: this.config.n, inStockOnly: this.config.excludeOutOfStock });
  }

  /**
   * Takes what happened after fit, without a refit: `products` (records to add or replace,
   * `{ id, remove: true }` to remove: content and trending score a new product at once, popularity
   * from its first events, collaborative signals have no opinion on it until the next fit; a
   * removed or out-of-stock product leaves slates at once), then `events` (user histories; new
   * users work from their first event; events of products added in the same batch count;
   * signals fold users in, capability `foldIn`), then `topics` (heat, capability `topics`). The
   * whole batch is validated before any state changes.
   * @throws ValidationError naming the bad record; DataError for input that is not an object or array.
   */
  observe(input: ObserveInput): ObserveResult {
    return observeBatch(input, this.#serving.observeTarget());
  }

  /**
   * The recommender's whole state as plain data and typed arrays (no copies): config, dataset,
   * each signal's fitted state, the ledger's snapshot and the observed users. Encode it with the
   * model file codec (`recommenderToJSON`, `recommenderToBinary`) or rebuild with {@link fromState}.
   * @throws NotFittedError before fit.
   */
  exportState(): RecommenderState {
    const ds = this.dataset;
    return {
      config: this.config,
      dataset: datasetToParts(ds),
      signals: this.slots.map((s) => ({ name: s.name, type: s.signal.type, state: s.signal.exportState?.() ?? null })),
      ledger: this.ledger.snapshot(this.ledger.clock > -Infinity ? this.ledger.clock : ds.referenceTime),
      ledgerOrigin: this.ledger.origin,
      observed: [...this.#serving.observed],
    };
  }

  /**
   * The JSON model file as plain data (`{ checksum, body }`), so `JSON.stringify(rec)` writes a
   * file that `loadRecommender` reads.
   * @throws NotFittedError before fit.
   */
  toJSON(): ModelFileJson {
    return encodeModelJson(this.exportState());
  }

  /**
   * Rebuilds a recommender from {@link exportState}'s output (or a decoded model file): the same
   * config, dataset, signal states, ledger and observed users, so it serves the same slates.
   * Signals without saved state are refitted on the dataset. Custom signal types must be
   * registered first.
   * @throws FormatError when the state does not fit together (names the part).
   */
  static fromState(state: RecommenderState, parts: RecommenderParts = {}): Recommender {
    let rec: Recommender;
    try {
      rec = new Recommender(state.config, parts);
    } catch (error) {
      throw new FormatError(`model file: config: ${(error as Error).message}`, { cause: error });
    }
    const dataset = datasetFromParts(state.dataset);
    const texts = new TextIndexCache(dataset);
    restoreSignals(rec.slots, state.signals, dataset, fitContext(texts));
    rec.#install(dataset, texts);
    try {
      rec.ledger.adoptSaved(state.ledger, state.ledgerOrigin ?? 'memory');
    } catch (error) {
      throw new FormatError(`model file: ledger: ${(error as Error).message}`, { cause: error });
    }
    for (const [userId, history] of state.observed) {
      rec.#serving.observed.set(userId, history);
      const ctx = rec.userContext(userId);
      for (const s of rec.signals) if (s.capabilities.foldIn) s.observe?.(ctx);
    }
    return rec;
  }
}

const NO_COLD = new Uint8Array(0);
const NO_SUBSET = smallTierSubset(undefined, undefined);

/** The fit context of a recommender: its text indexes (and the runner, if any). */
function fitContext(texts: TextIndexCache, runner?: ParallelRunner): FitContext {
  return { textIndex: (config) => texts.get(config), ...(runner === undefined ? {} : { runner }) };
}

/**
 * Creates a recommender from a config (validated; ConfigError names the bad key) and optional
 * pipeline parts. Signal specs written in the call are type-checked against their type's config
 * keys (`{ type: 'ials', factorz: 8 }` does not compile; see SignalConfigs).
 */
export function createRecommender<const S extends readonly SignalSpecInput[] = SignalSpecInput[]>(config: RecommenderOptions<S> = {}, parts: RecommenderParts = {}): Recommender {
  return new Recommender(config as unknown as RecommenderConfigInput, parts);
}
