/**
 * DESIGN.md 9: `recommend()` with every registered signal and the fairness rerank over 100k
 * products and 1000 candidates, p99 under 10 ms per request on one core. The catalogue and
 * events come from the synthetic marketplace generator at a larger size; users of the requests
 * are drawn with a seeded Rng, each request a minute after the previous one (the ledger records,
 * as in production). A second table times each signal's stages on the same requests.
 */
import { Rng } from '../src/_internal/rng.js';
import { createRecommender, signalTypes, type Recommender } from '../src/index.js';
import { generateMarketplace } from '../src/simulation/index.js';
import { DEFAULT_RERANK } from '../src/fairness/rerank-config.js';
import { caption } from './_machine.js';
import { markdownTable } from './_markdown.js';
import { measure, percentile, type Timing } from './_timing.js';

/** Size of the generated marketplace. */
export const LATENCY_MARKETPLACE = { seed: 11, users: 20_000, products: 100_000, merchants: 2_000, days: 30 } as const;
/** Signals left out: EASE is dense and refuses catalogues above its maxItems (10k by default). */
const EXCLUDED = new Set(['ease']);
const WARMUP = 200;
const REQUESTS = 2000;
const MINUTE = 60_000;

/** Every registered signal except the excluded ones, with its default config and weight 1. */
export function latencySignals(): Array<{ type: string; weight: number }> {
  return signalTypes().filter((t) => !EXCLUDED.has(t)).map((type) => ({ type, weight: 1 }));
}

function mean(values: readonly number[]): number {
  return values.reduce((a, b) => a + b, 0) / Math.max(1, values.length);
}

/** p50 / p99 / mean / max of a list of ms. */
function stats(values: readonly number[]): string[] {
  return [percentile(values, 50), percentile(values, 99), mean(values), Math.max(...values)].map((v) => v.toFixed(2));
}

/** Per-signal cost of candidate generation (topN) and scoring on the requests' users. */
function stageTimes(rec: Recommender, users: readonly string[], candidates: Int32Array, perSignal: number): string[][] {
  const rows: string[][] = [];
  for (const s of rec.signals) {
    const top: number[] = [];
    const score: number[] = [];
    for (const u of users) {
      const ctx = rec.userContext(u);
      top.push(measure(() => s.topN(ctx, perSignal)).cpuMs);
      score.push(measure(() => s.score(ctx, candidates)).cpuMs);
    }
    rows.push([s.type, percentile(top, 50).toFixed(2), percentile(top, 99).toFixed(2), percentile(score, 50).toFixed(2), percentile(score, 99).toFixed(2)]);
  }
  return rows;
}

/** Per-request CPU and wall ms of WARMUP + REQUESTS seeded requests (warm-up dropped), and the candidate counts. */
function timeRequests(rec: Recommender): { cpu: number[]; wall: number[]; candidates: number; capped: number } {
  const ds = rec.dataset;
  const rng = new Rng(2026);
  const userIds = ds.users.ids();
  const t0 = ds.referenceTime;
  const wall: number[] = [];
  const cpu: number[] = [];
  let candidates = 0;
  let capped = 0;
  for (let r = 0; r < WARMUP + REQUESTS; r++) {
    const userId = userIds[rng.int(userIds.length)]!;
    let slate: ReturnType<Recommender['recommend']> | undefined;
    const t: Timing = measure(() => (slate = rec.recommend(userId, { n: 10, now: t0 + r * MINUTE })));
    if (r < WARMUP) continue;
    wall.push(t.wallMs);
    cpu.push(t.cpuMs);
    candidates += slate!.trace.candidates.total;
    if (slate!.trace.candidates.capped) capped++;
  }
  return { cpu, wall, candidates, capped };
}

/** Small-tier candidates per signal in the second timed configuration. */
const SMALL_TIER = 50;

/** Runs the latency benchmark; returns the Markdown section. */
export async function run(): Promise<string> {
  const market = generateMarketplace(LATENCY_MARKETPLACE);
  const records = { products: market.products, merchants: market.merchants, events: market.events, topics: market.topics };
  const signals = latencySignals();
  const perSignal = 500;
  const rec = createRecommender({ signals, candidates: { perSignal, popular: 50, max: 1000 } });
  const fit = measure(() => rec.fitRecords(records));
  const ds = rec.dataset;
  const { cpu, wall, candidates, capped } = timeRequests(rec);
  // The same requests with the small-tier candidate source on (one more topN per signal).
  const small = timeRequests(createRecommender({ signals, candidates: { perSignal, popular: 50, max: 1000, smallTier: SMALL_TIER } }).fitRecords(records));
  const rng = new Rng(7);
  const userIds = ds.users.ids();
  // A fixed set of 1000 candidates spread over the catalogue for the per-signal score timings.
  const spread = Int32Array.from({ length: 1000 }, (_, i) => (i * 97) % ds.products.size);
  const sample = Array.from({ length: 200 }, () => userIds[rng.int(userIds.length)]!);
  const stages = stageTimes(rec, sample, spread, perSignal);
  const p99 = percentile(cpu, 99);
  return [
    `## recommend() latency: ${ds.products.size.toLocaleString('en-US')} products, every signal, fairness rerank`,
    '',
    `Generated marketplace (${Object.entries(LATENCY_MARKETPLACE).map(([k, v]) => `${k} ${v}`).join(', ')}): ${ds.users.size.toLocaleString('en-US')} users, ${ds.interactions.indptr[ds.users.size]!.toLocaleString('en-US')} interactions; fit took ${(fit.cpuMs / 1000).toFixed(1)} s CPU. ` +
      `Signals: ${signals.map((s) => s.type).join(', ')} (all registered except EASE, which refuses catalogues above 10k items), default configs, weight 1 each; candidates: ${perSignal} per signal + 50 popular, cap 1000 (mean ${(candidates / REQUESTS).toFixed(0)} per request, capped in ${((100 * capped) / REQUESTS).toFixed(0)}%); n = 10; default fairness (lambda ${DEFAULT_RERANK.lambda}, meritPrior ${DEFAULT_RERANK.meritPrior}) with ledger recording. ` +
      `${REQUESTS} requests after ${WARMUP} warm-up, users drawn at random, one core (Node is single-threaded).`,
    '',
    markdownTable(
      ['per request, ms', 'p50', 'p99', 'mean', 'max'],
      [
        ['CPU time', ...stats(cpu)],
        ['wall time (shared machine)', ...stats(wall)],
        [`CPU time with candidates.smallTier ${SMALL_TIER}`, ...stats(small.cpu)],
      ],
    ),
    '',
    `Target: p99 under 10 ms: ${p99 < 10 ? 'met' : 'MISSED'} (CPU p99 ${p99.toFixed(2)} ms). ` +
      `With candidates.smallTier ${SMALL_TIER} (${(small.candidates / REQUESTS).toFixed(0)} candidates per request, capped in ${((100 * small.capped) / REQUESTS).toFixed(0)}%): CPU p99 ${percentile(small.cpu, 99).toFixed(2)} ms, ` +
      `mean ${(mean(small.cpu) / mean(cpu)).toFixed(2)}x the default's.`,
    '',
    `Where the time goes: each signal's topN(${perSignal}) and score(1000 candidates), CPU ms over 200 users.`,
    '',
    markdownTable(['signal', 'topN p50', 'topN p99', 'score p50', 'score p99'], stages),
    '',
    caption('npm run bench -- recommend-latency'),
    '',
  ].join('\n');
}
