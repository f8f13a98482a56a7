import { NO_ITEMS, topNOfScores } from '../signals/top-n.js';
import { buildDataset, type Dataset } from '../dataset/dataset.js';
import { createEventWeighting, requireBaseWeight } from '../dataset/event-weighting.js';
import { DataError, NotFittedError, NotFoundError } from '../errors.js';
import { ExposureLedger } from '../fairness/exposure-ledger.js';
import { rerank } from '../fairness/rerank.js';
import { TIER_SMALL } from '../fairness/tier-codes.js';
import { tiersFromDataset } from '../fairness/tiers.js';
import { EventSchema, TopicSchema, type Event, type Product, type Topic, type TopicInput } from '../schema/entities.js';
import { validateMarketplace, type MarketplaceData, type MarketplaceInput } from '../schema/marketplace-data.js';
import { validateRecords } from '../schema/validate.js';
import type { EventInput } from '../schema/entities.js';
import { PopularitySignal } from '../signals/popularity.js';
import type { ProductSubset, ScoredItems, Signal, UserContext } from '../signals/signal.js';
import { catalogueCandidates, createCandidateScratch, unionCandidates, type CandidateScratch, type CandidateSet } from './candidates.js';
import { parseRecommenderConfig, type RecommenderConfig, type RecommenderConfigInput } from './config.js';
import { BlendScratch, normaliseScores } from './normalise.js';
import { explainSlate, type SlateExplanation } from './explain.js';
import { recommenderToJSON, type ModelFileJson } from './model-file.js';
import { itemReasons } from './reasons.js';
import { createSignal } from './signal-registry.js';
import type { PlacementStage, Slate, SlateItem, TraceItem } from './slate.js';
import { mergeHistory, rowOf, seenMatrix, type SeenRule, type UserHistory } from './user-history.js';
import type { CsrMatrix } from '../dataset/csr.js';
import type { ParallelRunner } from '../parallel/job.js';

/** Options of one `recommend` call; each overrides the config for this call only. */
export interface RecommendOptions {
  /** Slate length. @default config.n */
  readonly n?: number;
  /** Request time, epoch ms (trend heat and decay are computed at this time). @default the fit's reference time */
  readonly now?: number;
  /** Product ids never to return. */
  readonly exclude?: Iterable<string>;
  /** Caller's predicate: return false to drop a product. */
  readonly filter?: (product: Product) => boolean;
  /** Topics the caller just learned of, used for this request only. */
  readonly topics?: readonly TopicInput[];
  /** Record this slate into the exposure ledger. @default config.fairness.record */
  readonly record?: boolean;
}

/** Options of `similarItems`. */
export interface SimilarOptions {
  /** Number of products. @default config.n */
  readonly n?: number;
  /** Leave out-of-stock products out. @default config.excludeOutOfStock */
  readonly inStockOnly?: boolean;
}

/** What `observe` took in. */
export interface ObserveResult {
  readonly events: number;
  readonly users: number;
  /** Events naming products the fitted catalogue does not hold (not lost: reported here). */
  readonly skippedUnknownProduct: number;
  readonly topics: number;
}

/** A signal able to take topic heat updates (the trending signal). */
interface TopicObserver {
  observeTopics(topics: Topic[]): void;
}

function hasObserveTopics(s: Signal): s is Signal & TopicObserver {
  return typeof (s as Partial<TopicObserver>).observeTopics === 'function';
}

/** Bit of the popularity fill among candidate sources. */
const POPULAR_SOURCE = 31;
/** Bit of the small-tier source (candidates.smallTier) among candidate sources (signals use 0..29). */
const SMALL_TIER_SOURCE = 30;

/**
 * The recommender: fits its signals on a marketplace and serves slates through fixed stages
 * (candidates -> score -> blend -> rank -> fairness rerank -> slate with trace). Its only mutable
 * serving state is the exposure ledger and the histories of users observed after fit.
 */
export class Recommender {
  readonly config: RecommenderConfig;
  readonly signals: readonly Signal[];
  readonly weights: Float64Array;
  readonly ledger: ExposureLedger;
  readonly #popularity: PopularitySignal;
  #dataset: Dataset | undefined;
  #seen: CsrMatrix | undefined;
  #tiers: Uint8Array | undefined;
  #merchantIds: string[] = [];
  readonly #observed = new Map<string, UserHistory>();
  #blocked = new Uint8Array(0);
  /** Work buffers of {@link catalogueCandidates}, one entry per product. */
  #candidateScratch: CandidateScratch = createCandidateScratch(0);
  /** Scratch flag per merchant index (all 0 between calls). */
  #merchantSeen = new Uint8Array(0);
  /** Buffers of the score, normalise and blend stages, reused across requests. */
  readonly #blendScratch = new BlendScratch();
  /** 1 per product with no training interaction, with `coldItems: 'renormalise'` (else empty). */
  #cold: Uint8Array = new Uint8Array(0);
  /** The small tier's products (candidates.smallTier), set at fit. */
  #smallTier: ProductSubset = { ids: new Int32Array(0), member: new Uint8Array(0) };
  /** Signal types left out of the merit the ledger records (fairness.meritExclude). */
  readonly #meritOut: ReadonlySet<string>;

  constructor(config: RecommenderConfigInput = {}) {
    this.config = parseRecommenderConfig(config);
    this.signals = this.config.signals.map((spec, i) => {
      const { type, weight: _weight, ...rest } = spec;
      return createSignal(type, rest, `signals.${i}`);
    });
    this.weights = Float64Array.from(this.config.signals, (s) => s.weight);
    const pop = this.signals.find((s): s is PopularitySignal => s instanceof PopularitySignal);
    this.#popularity = pop ?? new PopularitySignal();
    this.ledger = new ExposureLedger(this.config.fairness.ledger);
    this.#meritOut = new Set(this.config.fairness.meritExclude);
  }

  /** True once fitted. */
  get fitted(): boolean {
    return this.#dataset !== undefined;
  }

  /** The fitted dataset. */
  get dataset(): Dataset {
    if (this.#dataset === undefined) throw new NotFittedError('recommender');
    return this.#dataset;
  }

  /** Tier code per merchant index (0 head, 1 mid, 2 small), after fit. */
  get tiers(): Uint8Array {
    if (this.#tiers === undefined) throw new NotFittedError('recommender');
    return this.#tiers;
  }

  /**
   * Validates the records (a ValidationError names the record and field), builds the dataset
   * and fits every signal. `now` sets the decay reference time (default: the latest event).
   */
  fit(data: MarketplaceInput, options: { now?: number } = {}): this {
    const { data: records } = validateMarketplace(data, 'fail');
    return this.fitRecords(records, options);
  }

  /** Fits on records that were already validated (e.g. by the loaders). */
  fitRecords(records: MarketplaceData, options: { now?: number } = {}): this {
    return this.fitDataset(this.#buildDataset(records, options));
  }

  #buildDataset(records: MarketplaceData, options: { now?: number }): Dataset {
    return buildDataset(records, {
      weighting: createEventWeighting(this.config.weighting),
      ...(options.now !== undefined ? { now: options.now } : {}),
    });
  }

  /** Fits on a built dataset (the evaluation runner's entry). */
  fitDataset(dataset: Dataset): this {
    for (const s of this.signals) s.fit(dataset);
    if (!this.signals.includes(this.#popularity)) this.#popularity.fit(dataset);
    this.#install(dataset);
    return this;
  }

  /**
   * {@link fit} with the signals' heavy loops (iALS row solves, item-kNN lists, EASE's Gram and
   * inverse) on `options.runner`, e.g. a thread pool from `goods-find-people/node`: the event loop
   * stays free while workers compute, and the model is the same, bit for bit, as `fit`'s.
   */
  async fitAsync(data: MarketplaceInput, options: { now?: number; runner?: ParallelRunner } = {}): Promise<this> {
    const { data: records } = validateMarketplace(data, 'fail');
    return this.fitDatasetAsync(this.#buildDataset(records, options), options);
  }

  /** {@link fitDataset} with the signals' heavy loops on `options.runner` (see {@link fitAsync}). */
  async fitDatasetAsync(dataset: Dataset, options: { runner?: ParallelRunner } = {}): Promise<this> {
    const fitOptions = options.runner === undefined ? {} : { runner: options.runner };
    for (const s of this.signals) await s.fit(dataset, fitOptions);
    if (!this.signals.includes(this.#popularity)) this.#popularity.fit(dataset);
    this.#install(dataset);
    return this;
  }

  /** Sets the fitted state around signals that are already fitted (fit and model loading). */
  #install(dataset: Dataset): void {
    this.#dataset = dataset;
    this.#seen = seenMatrix(dataset, this.config.excludeSeen as SeenRule);
    this.#tiers = tiersFromDataset(dataset, this.config.fairness.tiers);
    this.#smallTier = smallTierSubset(dataset, this.#tiers);
    this.#merchantIds = dataset.merchants.ids();
    this.#observed.clear();
    this.#blocked = new Uint8Array(dataset.products.size);
    this.#candidateScratch = createCandidateScratch(dataset.products.size);
    this.#merchantSeen = new Uint8Array(this.#merchantIds.length);
    this.#cold = this.config.coldItems === 'renormalise' ? coldProducts(dataset) : new Uint8Array(0);
  }

  /** @internal Installs a dataset for signals restored from a model file. */
  _restore(dataset: Dataset): void {
    if (!this.signals.includes(this.#popularity)) this.#popularity.fit(dataset);
    this.#install(dataset);
  }

  /** Users observed after fit and their merged histories. */
  observedHistories(): IterableIterator<[string, UserHistory]> {
    return this.#observed.entries();
  }

  /** @internal Sets an observed user's history (model loading) and lets the signals fold it in. */
  _restoreObserved(userId: string, history: UserHistory): void {
    this.#observed.set(userId, history);
    const ctx = this.userContext(userId);
    for (const s of this.signals) s.observe?.(ctx);
  }

  /** The history the recommender holds for a user (fitted row merged with observed events). */
  history(userId: string): UserHistory {
    const observed = this.#observed.get(userId);
    if (observed !== undefined) return observed;
    const ds = this.dataset;
    const u = ds.users.indexOf(userId);
    const row = rowOf(ds.interactions, u);
    return { items: row.indices, weights: row.values, seen: rowOf(this.#seen!, u).indices };
  }

  /** The signals' view of a user for one request. */
  userContext(userId: string, now?: number, topics: readonly Topic[] = []): UserContext {
    const ds = this.dataset;
    const h = this.history(userId);
    return { userId, user: ds.users.indexOf(userId), items: h.items, weights: h.weights, now: now ?? ds.referenceTime, topics };
  }

  /**
   * Recommends up to `n` products for a user: exactly `n` whenever `n` products are eligible
   * (in stock, not seen, not excluded, passing the filter). Unknown users get a cold-start slate
   * from popularity and trends, flagged in the trace.
   */
  recommend(userId: string, options: RecommendOptions = {}): Slate {
    const ds = this.dataset;
    const cfg = this.config;
    const n = options.n ?? cfg.n;
    if (!Number.isInteger(n) || n < 1) throw new DataError(`recommend: n must be a positive integer, got ${n}`);
    const topics = options.topics === undefined ? [] : validateRecords(TopicSchema, options.topics, { source: 'recommend.topics' }).records;
    const ctx = this.userContext(userId, options.now, topics);
    const history = this.history(userId);
    const coldStart = ctx.items.length === 0;

    // Stage 1: candidates, with the business filters applied inside every topN.
    const blocked = this.#blocked;
    const marked: number[] = [];
    for (const p of history.seen) {
      blocked[p] = 1;
      marked.push(p);
    }
    if (options.exclude !== undefined) {
      for (const id of options.exclude) {
        const p = ds.products.indexOf(id);
        if (p >= 0 && blocked[p] === 0) {
          blocked[p] = 1;
          marked.push(p);
        }
      }
    }
    const inStock = ds.inStock;
    const records = ds.productRecords;
    const filter = options.filter;
    const outOfStock = cfg.excludeOutOfStock;
    const excluded = (p: number): boolean =>
      blocked[p] === 1 || (outOfStock && inStock[p] === 0) || (filter !== undefined && !filter(records[p]!));
    try {
      const lists: ScoredItems[] = [];
      const per = Math.max(cfg.candidates.perSignal, n);
      for (const s of this.signals) lists.push(per > 0 ? s.topN(ctx, per, excluded) : NO_ITEMS);
      const fill = Math.max(cfg.candidates.popular, n);
      const cap = Math.max(cfg.candidates.max, n);
      let cands: CandidateSet;
      if (fill >= ds.products.size && cap >= ds.products.size) {
        // The popularity fill takes every eligible product and nothing is cut (full-catalogue
        // evaluation): the same set as the union below, in one pass without heap, sort or Map.
        cands = catalogueCandidates(lists, { bit: POPULAR_SOURCE, scores: this.#popularity.mass, excluded }, this.#candidateScratch);
      } else {
        const sourceLists = [...lists];
        sourceLists[SMALL_TIER_SOURCE] = this.#smallTierCandidates(ctx, excluded);
        sourceLists[POPULAR_SOURCE] = this.#popularity.topN(ctx, fill, excluded);
        for (let s = 0; s < POPULAR_SOURCE; s++) sourceLists[s] ??= NO_ITEMS;
        cands = unionCandidates(sourceLists, cap);
      }
      return this.#rank(ctx, cands, n, coldStart, history, options, topics);
    } finally {
      for (const p of marked) blocked[p] = 0;
    }
  }

  /** Stages 2-6: score, blend, rank, fairness rerank, slate and trace. */
  #rank(
    ctx: UserContext,
    cands: CandidateSet,
    n: number,
    coldStart: boolean,
    history: UserHistory,
    options: RecommendOptions,
    topics: readonly Topic[],
  ): Slate {
    const ds = this.dataset;
    const cfg = this.config;
    const C = cands.ids.length;
    const signals = [...this.signals];
    const weights = [...this.weights];
    // Cold start: popularity carries the slate even when the blend does not list it (or lists it
    // at weight 0, which would otherwise leave a blend of nothing: the slate in catalogue order).
    const popAt = signals.indexOf(this.#popularity);
    if (coldStart && popAt < 0) {
      signals.push(this.#popularity);
      weights.push(1);
    } else if (coldStart && weights[popAt] === 0) weights[popAt] = 1;
    const S = signals.length;
    const raw: Float32Array[] = [];
    const norm: Float32Array[] = [];
    const work = this.#blendScratch;
    const order = work.order(C);
    const blended = work.blended(C);
    // coldItems 'renormalise': collaborative signals have no opinion (NaN) on cold products, whose
    // blend is then over the other signals' weights only (see blendInto).
    const cold = this.#cold;
    const opinion = new Uint8Array(S);
    const masked = new Uint8Array(S);
    for (let s = 0; s < S; s++) {
      const r = signals[s]!.score(ctx, cands.ids);
      masked[s] = cold.length > 0 && COLLABORATIVE_SIGNALS.has(signals[s]!.name) ? 1 : 0;
      if (masked[s] === 1) for (let c = 0; c < C; c++) if (cold[cands.ids[c]!] === 1) r[c] = Number.NaN;
      const z = work.normalised(s, C);
      opinion[s] = normaliseScores(r, cfg.normalisation, z, order, work) ? 1 : 0;
      raw.push(r);
      norm.push(z);
    }
    const blendParts: BlendParts = { norm, weights, opinion, masked, ids: cands.ids, cold, minMax: cfg.normalisation === 'z-score' };
    blendInto(blended, blendParts, () => true);

    // Stage 5: the fairness rerank (with lambda 0 and no guards: the plain ranking, ties by product index).
    const merchantOf = new Int32Array(C);
    for (let c = 0; c < C; c++) merchantOf[c] = ds.productMerchant[cands.ids[c]!]!;
    // The reranker reads only the candidates' merchants (a partial snapshot keeps this O(C)),
    // except tier-floor, which needs the small tier's share of the whole ledger (a full snapshot).
    const rr = rerank(
      { scores: blended, merchantOf, merchantIds: this.#merchantIds, tierOf: this.tiers, n },
      this.ledger.snapshot(ctx.now, cfg.fairness.rerank.policy === 'tier-floor' ? undefined : this.#presentMerchants(merchantOf)),
      cfg.fairness.rerank,
    );
    const plain = plainRanks(blended, n);

    const record = options.record ?? cfg.fairness.record;
    if (record) {
      // Merit: the blend without the signals in fairness.meritExclude; the plain blend when none
      // of those counts here, or when only they had an opinion.
      const meritOut = this.#meritOut;
      let merit = blended;
      if (signals.some((sig, s) => meritOut.has(sig.name) && weights[s]! > 0 && opinion[s] === 1)) {
        const m = work.merit(C);
        if (blendInto(m, blendParts, (s) => !meritOut.has(signals[s]!.name))) merit = m;
      }
      const slateMerchants = Int32Array.from(rr.order, (c) => merchantOf[c]!);
      this.ledger.record(
        { merchantIds: this.#merchantIds, slateMerchants, candidateMerchants: merchantOf, candidateRelevance: merit },
        ctx.now,
      );
    }

    const names = signals.map((s) => s.name);
    const items: SlateItem[] = [];
    const traceItems: TraceItem[] = [];
    for (let r = 0; r < rr.order.length; r++) {
      const c = rr.order[r]!;
      const p = cands.ids[c]!;
      const productId = ds.products.idAt(p);
      const merchantId = this.#merchantIds[merchantOf[c]!]!;
      const lift = rr.lift[r]!;
      const plainRank = plain.get(c) ?? null;
      const stage: PlacementStage = rr.forced[r] === 1 ? 'fairness-guard' : lift > 0 && plainRank !== r + 1 ? 'fairness-lift' : 'rank';
      const normRow = norm.map((z) => z[c]!);
      const rawRow = raw.map((x) => (Number.isNaN(x[c]!) ? null : x[c]!));
      items.push({
        productId,
        merchantId,
        score: rr.adjusted[r]!,
        rank: r + 1,
        reasons: itemReasons({ names, weights, normalised: normRow, raw: rawRow, lift, placedByFairness: stage !== 'rank', merchantId, coldStart }),
      });
      const sources: string[] = [];
      const mask = cands.sources[c]!;
      for (let s = 0; s < this.signals.length; s++) if ((mask & (1 << s)) !== 0) sources.push(this.signals[s]!.name);
      if ((mask & (1 << SMALL_TIER_SOURCE)) !== 0) sources.push('small-tier');
      if ((mask & (1 << POPULAR_SOURCE)) !== 0) sources.push('popular');
      traceItems.push({
        productId,
        merchantId,
        sources,
        raw: rawRow,
        normalised: normRow,
        blended: blended[c]!,
        lift,
        rankWithoutFairness: plainRank,
        stage,
      });
    }
    const bySource: Array<readonly [string, number]> = this.signals.map((s, i) => [s.name, cands.perSource[i]!] as const);
    if (cfg.candidates.smallTier > 0) bySource.push(['small-tier', cands.perSource[SMALL_TIER_SOURCE] ?? 0]);
    bySource.push(['popular', cands.perSource[POPULAR_SOURCE]!]);
    return {
      userId: ctx.userId,
      items,
      trace: {
        userId: ctx.userId,
        knownUser: ctx.user >= 0,
        coldStart,
        now: ctx.now,
        n,
        history: { items: history.items.length, excluded: history.seen.length },
        candidates: { total: C, bySource, capped: cands.capped },
        blend: { signals: names, weights, normalisation: cfg.normalisation },
        fairness: { lambda: cfg.fairness.rerank.lambda, policy: cfg.fairness.rerank.policy, recorded: record },
        topics: topics.map((t) => t.id),
        items: traceItems,
      },
    };
  }

  /**
   * The small-tier source: each signal's top `candidates.smallTier` among the small tier's
   * eligible products, merged round-robin (each signal keeps its best), each product once.
   */
  #smallTierCandidates(ctx: UserContext, excluded: (p: number) => boolean): ScoredItems {
    const quota = this.config.candidates.smallTier;
    const subset = this.#smallTier;
    if (quota === 0 || subset.ids.length === 0) return NO_ITEMS;
    const { member } = subset;
    const notSmall = (p: number): boolean => member[p] === 0 || excluded(p);
    const lists = this.signals.map((s) => (s.topNIn !== undefined ? s.topNIn(ctx, quota, subset, excluded) : s.topN(ctx, quota, notSmall)).ids);
    const taken = new Set<number>();
    const ids: number[] = [];
    for (let r = 0; r < quota; r++) {
      for (const l of lists) {
        const p = l[r];
        if (p === undefined || taken.has(p)) continue;
        taken.add(p);
        ids.push(p);
      }
    }
    return { ids: Int32Array.from(ids), scores: new Float64Array(ids.length) };
  }

  /** Ids of the merchants among the candidates, each once, in order of first appearance. */
  #presentMerchants(merchantOf: Int32Array): string[] {
    const seen = this.#merchantSeen;
    const present: number[] = [];
    for (let c = 0; c < merchantOf.length; c++) {
      const m = merchantOf[c]!;
      if (seen[m] === 1) continue;
      seen[m] = 1;
      present.push(m);
    }
    for (const m of present) seen[m] = 0;
    return present.map((m) => this.#merchantIds[m]!);
  }

  /**
   * Explains a slate this recommender served: per item each signal's raw and normalised score,
   * weight and share, the signals' details (trending topics and matched terms) and the fairness lift.
   */
  explain(slate: Slate, options: { now?: number; topics?: readonly TopicInput[] } = {}): SlateExplanation {
    const ds = this.dataset;
    const topics = options.topics === undefined ? [] : validateRecords(TopicSchema, options.topics, { source: 'explain.topics' }).records;
    const ctx = this.userContext(slate.userId, options.now ?? slate.trace.now, topics);
    const byName = new Map(this.signals.map((s) => [s.name, s] as const));
    return explainSlate(slate, (name, productId) => {
      const s = byName.get(name);
      const p = ds.products.indexOf(productId);
      return s?.describe === undefined || p < 0 ? undefined : s.describe(ctx, p);
    });
  }

  /**
   * The model file as plain data (config, dataset, fitted state, ledger, observed users, format
   * version and checksum), so `JSON.stringify(rec)` writes a file that {@link loadRecommender} reads.
   * @throws NotFittedError before fit.
   */
  toJSON(): ModelFileJson {
    return JSON.parse(recommenderToJSON(this)) as ModelFileJson;
  }

  /** Recommends for many users (same options for each), in order. */
  recommendMany(userIds: Iterable<string>, options: RecommendOptions = {}): Slate[] {
    const out: Slate[] = [];
    for (const id of userIds) out.push(this.recommend(id, options));
    return out;
  }

  /**
   * Products most similar to one product, from the first signal in the blend that knows item
   * similarity (item-kNN, iALS, EASE, content).
   * @throws NotFoundError for an unknown product id.
   */
  similarItems(productId: string, options: SimilarOptions = {}): SlateItem[] {
    const ds = this.dataset;
    const p = ds.products.indexOf(productId);
    if (p < 0) throw new NotFoundError('product', productId);
    const n = options.n ?? this.config.n;
    if (!Number.isInteger(n) || n < 1) throw new DataError(`similarItems: n must be a positive integer, got ${n}`);
    const inStockOnly = options.inStockOnly ?? this.config.excludeOutOfStock;
    const source = this.signals.find((s) => s.similarTo !== undefined);
    if (source?.similarTo === undefined) return [];
    const found = source.similarTo(p, n, inStockOnly ? (q) => ds.inStock[q] === 0 : undefined);
    return Array.from(found.ids, (q, r) => ({
      productId: ds.products.idAt(q),
      merchantId: this.#merchantIds[ds.productMerchant[q]!]!,
      score: found.scores[r]!,
      rank: r + 1,
      reasons: [`similar by ${source.name}`],
    }));
  }

  /**
   * Takes events and topic heat seen after fit: user histories are updated (new users work from
   * their first event), signals fold users in (iALS), the trending signal merges topic heat.
   */
  observe(input: { events?: readonly EventInput[]; topics?: readonly TopicInput[] } | readonly EventInput[]): ObserveResult {
    const ds = this.dataset;
    const eventsIn = Array.isArray(input) ? (input as readonly EventInput[]) : ((input as { events?: readonly EventInput[] }).events ?? []);
    const topicsIn = Array.isArray(input) ? [] : ((input as { topics?: readonly TopicInput[] }).topics ?? []);
    const events = validateRecords(EventSchema, eventsIn, { source: 'observe.events' }).records;
    const topics = validateRecords(TopicSchema, topicsIn, { source: 'observe.topics' }).records;
    // Refuse the whole batch before any state changes, as fit does, when a custom type has no weight.
    events.forEach((e, i) => requireBaseWeight(ds.weighting, e.type, e.weight, `observe.events[${i}]`));
    const byUser = new Map<string, Event[]>();
    for (const e of events) {
      let list = byUser.get(e.userId);
      if (list === undefined) byUser.set(e.userId, (list = []));
      list.push(e);
    }
    let skipped = 0;
    for (const [userId, list] of byUser) {
      const merged = mergeHistory(ds, this.history(userId), list, this.config.excludeSeen as SeenRule);
      skipped += merged.skipped;
      this.#observed.set(userId, merged.history);
      const ctx = this.userContext(userId);
      for (const s of this.signals) s.observe?.(ctx);
    }
    if (topics.length > 0) for (const s of this.signals) if (hasObserveTopics(s)) s.observeTopics(topics);
    return { events: events.length, users: byUser.size, skippedUnknownProduct: skipped, topics: topics.length };
  }
}

/** Signals fitted on interactions only: no opinion on a product nobody interacted with. */
const COLLABORATIVE_SIGNALS: ReadonlySet<string> = new Set(['ials', 'item-knn', 'ease']);

/** 1 per product with no interaction in the fitted matrix (an empty item column), else 0. */
function coldProducts(dataset: Dataset): Uint8Array {
  const indptr = dataset.itemUsers().indptr;
  const cold = new Uint8Array(dataset.products.size);
  for (let p = 0; p < cold.length; p++) cold[p] = indptr[p + 1] === indptr[p] ? 1 : 0;
  return cold;
}

/** The products of small-tier merchants, as a subset signals can index. */
function smallTierSubset(dataset: Dataset, tiers: Uint8Array): ProductSubset {
  const merchantOf = dataset.productMerchant;
  const member = new Uint8Array(merchantOf.length);
  const ids: number[] = [];
  for (let p = 0; p < merchantOf.length; p++) {
    if (tiers[merchantOf[p]!] !== TIER_SMALL) continue;
    member[p] = 1;
    ids.push(p);
  }
  return { ids: Int32Array.from(ids), member };
}

/** The scored candidates a blend is made of (arrays by signal slot, then by candidate). */
interface BlendParts {
  readonly norm: readonly Float32Array[];
  readonly weights: readonly number[];
  /** 1 when the signal had an opinion on this request's candidates. */
  readonly opinion: Uint8Array;
  /** 1 when the signal has no opinion on cold products (coldItems 'renormalise'). */
  readonly masked: Uint8Array;
  readonly ids: Int32Array;
  /** 1 per cold product under coldItems 'renormalise', else empty. */
  readonly cold: Uint8Array;
  /** Rescale the blend to [0, 1] (z-score normalisation). */
  readonly minMax: boolean;
}

/**
 * Writes into `out` (all 0 on entry) the weighted mean of the normalised scores of the signals
 * `use` selects that have an opinion and a weight; under coldItems 'renormalise' a cold product's
 * mean is over the unmasked signals only. Returns false when no selected signal counts (`out` stays 0, or 1 everywhere after the z-score rescale).
 */
function blendInto(out: Float32Array, parts: BlendParts, use: (s: number) => boolean): boolean {
  const { norm, weights, opinion, masked, ids, cold } = parts;
  const C = out.length;
  let totalWeight = 0;
  let otherWeight = 0;
  for (let s = 0; s < norm.length; s++) {
    const w = weights[s]!;
    if (opinion[s] === 0 || w === 0 || !use(s)) continue;
    const z = norm[s]!;
    totalWeight += w;
    if (masked[s] === 1) {
      for (let c = 0; c < C; c++) if (cold[ids[c]!] === 0) out[c]! += w * z[c]!;
      continue;
    }
    otherWeight += w;
    for (let c = 0; c < C; c++) out[c]! += w * z[c]!;
  }
  const counted = totalWeight > 0;
  if (counted && cold.length > 0) divideByOwnTotal(out, ids, cold, totalWeight, otherWeight);
  else if (counted) for (let c = 0; c < C; c++) out[c] = out[c]! / totalWeight;
  if (parts.minMax) minMaxInPlace(out);
  return counted;
}

/**
 * Turns the weighted sums into weighted means in place: a cold product's over `coldTotal` (the
 * weights of the signals other than the collaborative ones), any other over `total`; 0 when the
 * product's total is 0 (no signal had an opinion on it), never NaN.
 */
function divideByOwnTotal(blended: Float32Array, ids: Int32Array, cold: Uint8Array, total: number, coldTotal: number): void {
  for (let c = 0; c < blended.length; c++) {
    const t = cold[ids[c]!] === 1 ? coldTotal : total;
    blended[c] = t > 0 ? blended[c]! / t : 0;
  }
}

/** Rescales to [0, 1] in place (all equal -> 1). */
function minMaxInPlace(x: Float32Array): void {
  let min = Infinity;
  let max = -Infinity;
  for (const v of x) {
    if (v < min) min = v;
    if (v > max) max = v;
  }
  const span = max - min;
  for (let i = 0; i < x.length; i++) x[i] = span > 0 ? (x[i]! - min) / span : 1;
}

/** 1-based rank of each of the top-n candidates by blended score alone (ties by position). */
function plainRanks(blended: Float32Array, n: number): Map<number, number> {
  const top = topNOfScores(blended, n);
  const out = new Map<number, number>();
  for (let r = 0; r < top.ids.length; r++) out.set(top.ids[r]!, r + 1);
  return out;
}

/** Creates a recommender from a config (validated; ConfigError names the bad key). */
export function createRecommender(config: RecommenderConfigInput = {}): Recommender {
  return new Recommender(config);
}
