/**
 * Exposure-fairness benchmark (DESIGN.md 5 and 9, issue 5): the accuracy-fairness trade-off of the
 * fairness reranker over a lambda grid, on the bundled marketplace (fixtures/marketplace) and on a
 * larger generated one, scored against the generator's ground truth.
 *
 * Protocol, per marketplace, reranker variant and lambda (everything seeded; every lambda sees the
 * same request stream):
 * - a fresh default recommender (only the reranker's keys varied) is fitted on the marketplace's
 *   events;
 * - `requests` calls of `recommend(user, { n: 10, now })` with the ledger recording, as in
 *   production: users drawn uniformly with repeats from the generator's users by a seeded Rng,
 *   request r at `referenceTime + (r + 1) * stepMs` (default one minute apart: 10,000 requests
 *   span about 7 days, 7 half-lives of the default ledger);
 * - relevance from the generator's truth: `trueRelevance(u, p)` is the probability that user u
 *   clicks product p when examining it. Binary NDCG@10 (the project's `ndcg`) counts the products
 *   eligible for the user (in stock, not already interacted with) with true relevance >= 0.5;
 *   graded NDCG@10 uses the true relevance as gain (expected clicks under the position-based
 *   model), divided by the best 10 eligible products' DCG;
 * - merchant-exposure Gini and tier shares from the project's exposure-fairness accumulator
 *   (exposure `1 / log2(rank + 1)`, every merchant counted, zero exposure included), tiers as the
 *   generator assigned them.
 * Reference rows on the same stream: the oracle slate (the 10 eligible products of highest true
 * relevance), and three merit distributions: the model's (the ledger's merit), the model's plus
 * the reranker's `meritPrior` (what the `merit` policy steers exposure toward) and the truth's
 * (true relevance summed per merchant).
 *
 * Run: `node --import tsx benchmarks/fairness.ts [--requests N] [--lambdas 0,0.1] [--policy equal]
 * [--rerank '{"relevanceFloor":0.5}'] [--config '{"coldItems":"renormalise"}'] [--skip-generated]`;
 * `--config` passes recommender config keys other than n and fairness.rerank. `run()` returns the Markdown report
 * (benchmarks/run.ts calls it).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Rng } from '../src/_internal/rng.js';
import { createExposureFairnessAccumulator, gini, ndcg } from '../src/evaluation/metrics/index.js';
import type { RerankConfigInput } from '../src/fairness/index.js';
import { createRecommender, type Recommender, type RecommenderConfigInput } from '../src/index.js';
import { loadMarketplace } from '../src/io/index.js';
import type { MarketplaceData } from '../src/schema/marketplace-data.js';
import {
  generateMarketplace,
  trueRelevance,
  truthFromJSON,
  type MarketplaceOptionsInput,
  type MarketplaceTruth,
} from '../src/simulation/index.js';
import { machineLine } from './_machine.js';
import { markdownTable } from './_markdown.js';

/** A reranker variant of the sweep: a label and the reranker keys other than lambda. */
export interface RerankVariant {
  readonly label: string;
  readonly rerank: Omit<RerankConfigInput, 'lambda'>;
}

/** Options of {@link run}. */
export interface FairnessBenchOptions {
  /** Requests per lambda, variant and marketplace. @default 10000 */
  readonly requests?: number;
  /** Lambda grid. @default {@link LAMBDAS} */
  readonly lambdas?: readonly number[];
  /** Reranker variants. @default {@link VARIANTS} (the default `merit` policy and `equal`) */
  readonly variants?: readonly RerankVariant[];
  /** Slate length (and the k of NDCG). @default 10 */
  readonly n?: number;
  /** Seed of the request stream. @default 2026 */
  readonly seed?: number;
  /** Time between two requests, ms. @default 60000 */
  readonly stepMs?: number;
  /** Options of the larger generated marketplace; null skips it. @default {@link GENERATED} */
  readonly generated?: MarketplaceOptionsInput | null;
  /** Progress lines go here (the CLI passes console.error). */
  readonly log?: (line: string) => void;
  /** Extra recommender config keys (e.g. `coldItems`), given to every fit. @default none */
  readonly config?: BenchConfig;
}

/** Recommender config keys the benchmark passes through (n and fairness.rerank are its own). */
export type BenchConfig = Omit<RecommenderConfigInput, 'n' | 'fairness'> & {
  readonly fairness?: Omit<NonNullable<RecommenderConfigInput['fairness']>, 'rerank'>;
};

/** The larger generated marketplace: 10x the fixture's merchants, 15x its products and users. */
export const GENERATED: MarketplaceOptionsInput = { seed: 7, users: 3000, products: 6000, merchants: 400, days: 30 };

/** The default lambda grid. */
export const LAMBDAS: readonly number[] = [0, 0.1, 0.2, 0.3, 0.5, 0.75, 1];

/** The default variants: the reranker's defaults (policy `merit`) and policy `equal`. */
export const VARIANTS: readonly RerankVariant[] = [
  { label: 'policy merit (the default)', rerank: {} },
  { label: 'policy equal', rerank: { policy: 'equal' } },
];

/** True relevance at or above which a product counts as relevant for binary NDCG. */
export const RELEVANT_AT = 0.5;

/** A marketplace with its ground truth. */
interface Market {
  readonly name: string;
  readonly data: MarketplaceData;
  readonly truth: MarketplaceTruth;
}

/** One row of a trade-off table. */
export interface FairnessRow {
  readonly label: string;
  /** Mean binary NDCG@n over requests. */
  readonly ndcg: number;
  /** Mean graded NDCG@n (gain = true relevance). */
  readonly gradedNdcg: number;
  readonly merchantGini: number;
  /** Small tier's share of all slate exposure. */
  readonly smallShare: number;
  /** Mean number of slate items with a positive fairness lift (null for reference rows). */
  readonly liftedPerSlate: number | null;
  /** Mean wall time of one recommend call (ms), ledger recording included (null for reference rows). */
  readonly msPerRequest: number | null;
}

/** The default recommender's signals as `type weight`, for the report. */
function signalSummary(): string {
  return createRecommender()
    .slots.map((s) => `${s.signal.type} ${s.weight}`)
    .join(', ');
}

/** Per-user truth over the eligible products, computed once per user (users repeat, fits agree). */
interface UserTruth {
  readonly relevant: Set<string>;
  /** True relevance by truth product index (0 for ineligible products). */
  readonly gain: Float64Array;
  readonly idealGraded: number;
  /** The oracle slate: the n eligible products of highest true relevance. */
  readonly oracle: string[];
}

/** What every run on one marketplace shares: the request stream and the per-user truth. */
interface Stream {
  readonly market: Market;
  /** Truth user index of each request. */
  readonly users: Int32Array;
  readonly truthOf: Map<number, UserTruth>;
  readonly productIndex: Map<string, number>;
  readonly itemMerchant: Map<string, string>;
  readonly merchantTier: Map<string, 'head' | 'mid' | 'small'>;
}

function userTruth(truth: MarketplaceTruth, u: number, eligible: (p: number) => boolean, n: number): UserTruth {
  const P = truth.productIds.length;
  const gain = new Float64Array(P);
  const relevant = new Set<string>();
  const order: number[] = [];
  for (let p = 0; p < P; p++) {
    if (!eligible(p)) continue;
    const r = trueRelevance(truth, u, p);
    gain[p] = r;
    order.push(p);
    if (r >= RELEVANT_AT) relevant.add(truth.productIds[p]!);
  }
  order.sort((a, b) => gain[b]! - gain[a]! || a - b);
  const top = order.slice(0, n);
  let ideal = 0;
  top.forEach((p, i) => (ideal += gain[p]! / Math.log2(i + 2)));
  return { relevant, gain, idealGraded: ideal, oracle: top.map((p) => truth.productIds[p]!) };
}

/** The user's truth, computed on first use with the eligibility of a fitted recommender. */
function truthFor(stream: Stream, rec: Recommender, u: number, n: number): UserTruth {
  const hit = stream.truthOf.get(u);
  if (hit !== undefined) return hit;
  const ds = rec.dataset;
  const { truth } = stream.market;
  const seen = new Uint8Array(ds.products.size);
  for (const p of rec.history(truth.userIds[u]!).seen) seen[p] = 1;
  const eligible = (p: number): boolean => {
    const q = ds.products.indexOf(truth.productIds[p]!);
    return q >= 0 && seen[q] === 0 && ds.inStock[q] === 1;
  };
  const ut = userTruth(truth, u, eligible, n);
  stream.truthOf.set(u, ut);
  return ut;
}

/** Scores slates against the truth: NDCG (binary, graded) and the exposure-fairness accumulator. */
function createScorer(stream: Stream, n: number) {
  const acc = createExposureFairnessAccumulator(
    { catalogue: stream.market.truth.productIds, itemMerchant: stream.itemMerchant, merchantTier: stream.merchantTier },
    n,
  );
  const none = new Set<string>();
  let sumNdcg = 0;
  let sumGraded = 0;
  let count = 0;
  return {
    add(ids: readonly string[], ut: UserTruth): void {
      sumNdcg += ndcg(ids, ut.relevant, n);
      let dcg = 0;
      for (let i = 0; i < ids.length; i++) dcg += ut.gain[stream.productIndex.get(ids[i]!)!]! / Math.log2(i + 2);
      sumGraded += ut.idealGraded > 0 ? dcg / ut.idealGraded : 0;
      acc.add(ids, none);
      count++;
    },
    result(): { ndcg: number; gradedNdcg: number; merchantGini: number; smallShare: number } {
      const fair = acc.result();
      return {
        ndcg: sumNdcg / count,
        gradedNdcg: sumGraded / count,
        merchantGini: fair.merchantGini,
        smallShare: fair.tiers.get('small')!.exposure,
      };
    },
  };
}

interface RunSettings {
  readonly n: number;
  readonly stepMs: number;
  readonly config: BenchConfig;
}

/** One lambda of one variant over the stream; also returns the fitted recommender (for its ledger). */
function runLambda(stream: Stream, variant: RerankVariant, lambda: number, s: RunSettings): { row: FairnessRow; rec: Recommender } {
  const rec = createRecommender({
    ...s.config,
    n: s.n,
    fairness: { ...s.config.fairness, rerank: { ...variant.rerank, lambda } },
  });
  rec.fitRecords(stream.market.data);
  const t0 = rec.dataset.referenceTime;
  const scorer = createScorer(stream, s.n);
  let lifted = 0;
  let ms = 0;
  stream.users.forEach((u, r) => {
    const ut = truthFor(stream, rec, u, s.n);
    const start = performance.now();
    const slate = rec.recommend(stream.market.truth.userIds[u]!, { n: s.n, now: t0 + (r + 1) * s.stepMs });
    ms += performance.now() - start;
    scorer.add(
      slate.items.map((i) => i.productId),
      ut,
    );
    for (const t of slate.trace.items) if (t.lift > 0) lifted++;
  });
  const requests = stream.users.length;
  return { row: { label: String(lambda), ...scorer.result(), liftedPerSlate: lifted / requests, msPerRequest: ms / requests }, rec };
}

/** Gini and small-tier share of a per-merchant amount. */
function distribution(amount: ReadonlyMap<string, number>, stream: Stream): { gini: number; small: number } {
  const values: number[] = [];
  let total = 0;
  let small = 0;
  for (const [m, tier] of stream.merchantTier) {
    const v = amount.get(m) ?? 0;
    values.push(v);
    total += v;
    if (tier === 'small') small += v;
  }
  return { gini: gini(values), small: total > 0 ? small / total : 0 };
}

/** The oracle row and the truth's merit (true relevance summed per merchant over the stream). */
function references(stream: Stream, n: number): { oracle: FairnessRow; truthMerit: { gini: number; small: number } } {
  const scorer = createScorer(stream, n);
  const merit = new Map<string, number>();
  const { productIds } = stream.market.truth;
  for (const u of stream.users) {
    const ut = stream.truthOf.get(u)!;
    scorer.add(ut.oracle, ut);
    for (let p = 0; p < productIds.length; p++) {
      const g = ut.gain[p]!;
      if (g === 0) continue;
      const m = stream.itemMerchant.get(productIds[p]!)!;
      merit.set(m, (merit.get(m) ?? 0) + g);
    }
  }
  return {
    oracle: { label: 'oracle (true top 10)', ...scorer.result(), liftedPerSlate: null, msPerRequest: null },
    truthMerit: distribution(merit, stream),
  };
}

/** Relative change of `x` against `base`, as a signed percentage. */
function change(x: number, base: number): string {
  if (!(base > 0)) return 'n/a';
  const pct = ((x - base) / base) * 100;
  return `${pct >= 0 ? '+' : ''}${pct.toFixed(1)}%`;
}

/** Rows (other than lambda 0 and reference rows) that cost at most 2% NDCG@10 and cut the Gini by at least 20%. */
export function meetingGoal(rows: readonly FairnessRow[]): FairnessRow[] {
  const base = rows.find((r) => r.label === '0');
  if (base === undefined) return [];
  return rows.filter(
    (r) => r.label !== '0' && r.msPerRequest !== null && r.ndcg >= 0.98 * base.ndcg && r.merchantGini <= 0.8 * base.merchantGini,
  );
}

/** Markdown table of one marketplace and variant. */
export function renderTable(rows: readonly FairnessRow[], n: number): string {
  const base = rows.find((r) => r.label === '0') ?? rows[0]!;
  return markdownTable(
    ['lambda', `NDCG@${n}`, 'vs lambda 0', `graded NDCG@${n}`, 'merchant Gini', 'vs lambda 0', 'small-tier exposure', 'lifted / slate', 'ms / request (mean)'],
    rows.map((r) => [
      r.label,
      r.ndcg.toFixed(4),
      change(r.ndcg, base.ndcg),
      r.gradedNdcg.toFixed(4),
      r.merchantGini.toFixed(3),
      change(r.merchantGini, base.merchantGini),
      `${(r.smallShare * 100).toFixed(1)}%`,
      r.liftedPerSlate === null ? '' : r.liftedPerSlate.toFixed(2),
      r.msPerRequest === null ? '' : r.msPerRequest.toFixed(2),
    ]),
  );
}

async function fixtureMarket(): Promise<Market> {
  const dir = join(import.meta.dirname, '..', 'fixtures', 'marketplace');
  const { data } = await loadMarketplace(dir);
  const truth = truthFromJSON(JSON.parse(readFileSync(join(dir, 'truth.json'), 'utf8')));
  return { name: 'fixtures/marketplace', data, truth };
}

function generatedMarket(options: MarketplaceOptionsInput): Market {
  const g = generateMarketplace(options);
  const spec = Object.entries(options)
    .map(([k, v]) => `${k} ${String(v)}`)
    .join(', ');
  return {
    name: `generated marketplace (${spec})`,
    data: { products: g.products, merchants: g.merchants, events: g.events, topics: g.topics },
    truth: g.truth,
  };
}

function streamOf(market: Market, requests: number, seed: number): Stream {
  const rng = new Rng(seed);
  const U = market.truth.userIds.length;
  return {
    market,
    users: Int32Array.from({ length: requests }, () => rng.int(U)),
    truthOf: new Map(),
    productIndex: new Map(market.truth.productIds.map((id, i) => [id, i] as const)),
    itemMerchant: new Map(market.data.products.map((p) => [p.id, p.merchantId] as const)),
    merchantTier: new Map(market.data.merchants.map((m) => [m.id, m.tier ?? 'mid'] as const)),
  };
}

/** Runs the benchmark and returns its Markdown report (tables, machine, command, verdicts). */
export async function run(options: FairnessBenchOptions = {}): Promise<string> {
  const requests = options.requests ?? 10_000;
  const lambdas = options.lambdas ?? LAMBDAS;
  const variants = options.variants ?? VARIANTS;
  const settings: RunSettings = { n: options.n ?? 10, stepMs: options.stepMs ?? 60_000, config: options.config ?? {} };
  const seed = options.seed ?? 2026;
  const log = options.log ?? ((): void => {});
  const markets: Market[] = [await fixtureMarket()];
  const generated = options.generated === undefined ? GENERATED : options.generated;
  if (generated !== null) markets.push(generatedMarket(generated));
  const { n } = settings;
  const out: string[] = [
    '## Exposure fairness: NDCG against merchant-exposure Gini',
    '',
    `The default recommender (signals ${signalSummary()}; candidates, blend, ledger and the reranker's keys other than those varied at their defaults). ` +
      `${requests.toLocaleString('en-US')} requests per lambda: users drawn with repeats by a seeded stream (the same for every lambda), one request every ${settings.stepMs / 1000} s, n = ${n}, ledger recording on. ` +
      `Relevance from the generator's truth (the probability that the user clicks the product when examining it): binary NDCG@${n} counts the eligible products (in stock, not interacted with) with true relevance >= ${RELEVANT_AT}; graded NDCG@${n} uses the true relevance as gain. ` +
      'Merchant Gini and small-tier share: exposure 1/log2(rank + 1) summed per merchant over all slates, every merchant counted (project metric `createExposureFairnessAccumulator`).',
    '',
    `Goal (the project's fairness target): some lambda costs at most 2% NDCG@${n} and cuts the merchant-exposure Gini by at least 20%.`,
  ];
  if (options.config !== undefined && Object.keys(options.config).length > 0) {
    out.push('', `Recommender config passed through: \`${JSON.stringify(options.config)}\`.`);
  }
  for (const market of markets) {
    const stream = streamOf(market, requests, seed);
    const small = market.data.merchants.filter((m) => m.tier === 'small').length;
    const section: string[] = [];
    let modelMerit: { gini: number; small: number } | undefined;
    let priorMerit: { gini: number; small: number } | undefined;
    for (const variant of variants) {
      const rows: FairnessRow[] = [];
      for (const lambda of lambdas) {
        const { row, rec } = runLambda(stream, variant, lambda, settings);
        log(`${market.name} ${variant.label} lambda ${lambda}: ndcg ${row.ndcg.toFixed(4)} gini ${row.merchantGini.toFixed(3)} small ${row.smallShare.toFixed(3)}`);
        rows.push(row);
        if (modelMerit === undefined) {
          // Merit depends on the candidates and their blended relevance only, not on lambda.
          const snap = rec.ledger.snapshot();
          const merit = new Map<string, number>();
          for (const e of snap.entries) merit.set(e.merchantId, e.merit);
          modelMerit = distribution(merit, stream);
          // What policy merit steers toward: each ledger merchant's merit plus the prior.
          const prior = (rec.config.fairness.rerank.meritPrior * snap.totals.merit) / Math.max(1, snap.totals.merchants);
          priorMerit = distribution(new Map([...merit].map(([m, v]) => [m, v + prior] as const)), stream);
        }
      }
      const ok = meetingGoal(rows);
      section.push(
        '',
        `#### ${variant.label}`,
        '',
        renderTable(rows, n),
        '',
        ok.length > 0 ? `Goal met at lambda ${ok.map((r) => r.label).join(', ')}.` : 'Goal not met by any lambda of the grid.',
      );
    }
    const ref = references(stream, n);
    out.push(
      '',
      `### ${market.name}`,
      '',
      `${market.data.products.length.toLocaleString('en-US')} products, ${market.data.merchants.length} merchants (${small} small), ${market.truth.userIds.length.toLocaleString('en-US')} users, ${market.data.events.length.toLocaleString('en-US')} events.`,
      '',
      markdownTable(
        ['reference on the same stream', `NDCG@${n}`, `graded NDCG@${n}`, 'merchant Gini', 'small-tier share'],
        [
          [ref.oracle.label, ref.oracle.ndcg.toFixed(4), ref.oracle.gradedNdcg.toFixed(4), ref.oracle.merchantGini.toFixed(3), `${(ref.oracle.smallShare * 100).toFixed(1)}%`],
          ['model merit (ledger, after the last request)', '', '', (modelMerit?.gini ?? 0).toFixed(3), `${((modelMerit?.small ?? 0) * 100).toFixed(1)}%`],
          [
            'model merit + meritPrior, ledger merchants (the target of policy merit)',
            '',
            '',
            (priorMerit?.gini ?? 0).toFixed(3),
            `${((priorMerit?.small ?? 0) * 100).toFixed(1)}%`,
          ],
          ['true merit (true relevance per merchant)', '', '', ref.truthMerit.gini.toFixed(3), `${(ref.truthMerit.small * 100).toFixed(1)}%`],
        ],
      ),
      ...section,
    );
  }
  out.push(
    '',
    `Machine: ${machineLine()} (shared with other jobs: the ms column is a mean wall time, compare ratios). ` +
      'Command: `node --import tsx benchmarks/fairness.ts` (or `npm run bench -- fairness`).',
    '',
  );
  return out.join('\n');
}

function argValue(args: readonly string[], name: string): string | undefined {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const args = process.argv.slice(2);
  const requests = argValue(args, '--requests');
  const lambdas = argValue(args, '--lambdas');
  const policy = argValue(args, '--policy');
  const rerankJson = argValue(args, '--rerank');
  const configJson = argValue(args, '--config');
  let variants: RerankVariant[] | undefined;
  if (policy !== undefined || rerankJson !== undefined) {
    const extra = rerankJson === undefined ? {} : (JSON.parse(rerankJson) as Omit<RerankConfigInput, 'lambda'>);
    const rerank: Omit<RerankConfigInput, 'lambda'> = { ...extra };
    if (policy === 'merit' || policy === 'equal' || policy === 'tier-floor') rerank.policy = policy;
    variants = [{ label: `reranker ${JSON.stringify(rerank)}`, rerank }];
  }
  const report = await run({
    ...(requests !== undefined ? { requests: Number(requests) } : {}),
    ...(lambdas !== undefined ? { lambdas: lambdas.split(',').map(Number) } : {}),
    ...(variants !== undefined ? { variants } : {}),
    ...(args.includes('--skip-generated') ? { generated: null } : {}),
    ...(configJson !== undefined ? { config: JSON.parse(configJson) as BenchConfig } : {}),
    log: (line) => console.error(line),
  });
  console.log(report);
}
