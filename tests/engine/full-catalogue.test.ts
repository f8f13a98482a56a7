/**
 * The full-catalogue path of recommend() (candidates.popular and candidates.max at least the
 * catalogue size, as the evaluation runner sets them): its candidate set equals the general union,
 * its rank-based normalisation equals the comparator sort it replaced, and on fixtures/marketplace
 * every slate (items, order, scores and trace) equals the general path's for every user.
 */
import { join } from 'node:path';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { Rng } from '../../src/_internal/rng.js';
import { catalogueCandidates, createCandidateScratch, unionCandidates } from '../../src/engine/candidates.js';
import { DEFAULT_SIGNALS, type RecommenderConfigInput } from '../../src/engine/config.js';
import { normaliseScores, BlendScratch } from '../../src/engine/normalise.js';
import { createRecommender, type RecommendOptions } from '../../src/engine/recommender.js';
import type { Slate } from '../../src/engine/slate.js';
import { DataError } from '../../src/errors.js';
import { loadMarketplace } from '../../src/io/load-marketplace.js';
import type { MarketplaceData } from '../../src/schema/marketplace-data.js';
import { PopularitySignal } from '../../src/signals/popularity.js';
import type { ScoredItems } from '../../src/signals/signal.js';
import { topNOfScores } from '../../src/signals/top-n.js';

const POPULAR = 31;
const list = (...ids: number[]): ScoredItems => ({ ids: Int32Array.from(ids), scores: Float64Array.from(ids, (_, i) => -i) });

describe('catalogueCandidates', () => {
  it('every listed product plus every product the fill scores and keeps, ascending, with sources', () => {
    // Products 0..5; the fill scores all but 3 (NaN) and excludes 4. Source 0 proposes 5 and 1,
    // source 1 proposes 1 and 4 (a list may hold a product the fill excludes: it stays a candidate).
    const scratch = createCandidateScratch(6);
    const fill = { bit: POPULAR, scores: [5, 4, 0, Number.NaN, 2, 1], excluded: (p: number) => p === 4 };
    const c = catalogueCandidates([list(5, 1), list(1, 4)], fill, scratch);
    const P = (1 << POPULAR) >>> 0;
    expect(Array.from(c.ids)).toEqual([0, 1, 2, 4, 5]);
    expect(Array.from(c.sources)).toEqual([P, (P | 1 | 2) >>> 0, P, 2, (P | 1) >>> 0]);
    expect(c.perSource[0]).toBe(2);
    expect(c.perSource[1]).toBe(2);
    expect(c.perSource[POPULAR]).toBe(4);
    expect(c.capped).toBe(false);
    expect(Array.from(scratch.marks)).toEqual([0, 0, 0, 0, 0, 0]);
    // The result owns its arrays: the next call reuses the scratch without changing it.
    catalogueCandidates([list(3)], { ...fill, excluded: () => true }, scratch);
    expect(Array.from(c.ids)).toEqual([0, 1, 2, 4, 5]);
  });

  it('equals unionCandidates with the fill as a full top list (random lists, exclusions, NaN)', () => {
    const rng = new Rng(11);
    for (let trial = 0; trial < 200; trial++) {
      const P = 1 + rng.int(60);
      const scores = Float64Array.from({ length: P }, () => (rng.next() < 0.1 ? Number.NaN : rng.int(5)));
      const blocked = Uint8Array.from({ length: P }, () => (rng.next() < 0.3 ? 1 : 0));
      const excluded = (p: number): boolean => blocked[p] === 1;
      const signals = rng.int(4);
      const lists: ScoredItems[] = [];
      for (let s = 0; s < signals; s++) lists.push(topNOfScores(Float64Array.from({ length: P }, () => rng.next()), rng.int(P + 1), excluded));
      const sourceLists = [...lists];
      sourceLists[POPULAR] = topNOfScores(scores, P, excluded);
      for (let s = 0; s < POPULAR; s++) sourceLists[s] ??= list();
      const scratch = createCandidateScratch(P);
      const fast = catalogueCandidates(lists, { bit: POPULAR, scores, excluded }, scratch);
      expect(fast, `trial ${trial}`).toEqual(unionCandidates(sourceLists, P));
      expect(scratch.marks.every((m) => m === 0)).toBe(true);
    }
  });

  it('throws a DataError naming the source for a product outside the catalogue, and leaves the marks at 0', () => {
    const scratch = createCandidateScratch(3);
    const fill = { bit: POPULAR, scores: [1, 1, 1], excluded: () => false };
    expect(() => catalogueCandidates([list(0), list(1, 3)], fill, scratch)).toThrow(DataError);
    expect(() => catalogueCandidates([list(0), list(1, 3)], fill, scratch)).toThrow(/source 1 proposed product index 3, outside 0..2/);
    expect(Array.from(scratch.marks)).toEqual([0, 0, 0]);
  });
});

/** The comparator-sort normalisation the radix sort replaced (percentile and reciprocal-rank). */
function reference(raw: Float32Array, method: 'percentile' | 'reciprocal-rank'): Float32Array {
  const idx = Array.from(raw.keys()).filter((i) => !Number.isNaN(raw[i]!));
  idx.sort((a, b) => raw[b]! - raw[a]! || a - b);
  const out = new Float32Array(raw.length);
  for (let t = 0; t < idx.length; ) {
    let end = t + 1;
    while (end < idx.length && raw[idx[end]!] === raw[idx[t]!]) end++;
    const value = method === 'percentile' ? (idx.length === 1 ? 1 : 1 - (t + end - 1) / 2 / (idx.length - 1)) : 1 / (t + 1);
    for (let q = t; q < end; q++) out[idx[q]!] = value;
    t = end;
  }
  return out;
}

describe('rank-based normalisation by radix sort', () => {
  it('ranks negatives, -0 and +0 (tied) and ties exactly as the comparator sort; an infinite score is no opinion', () => {
    // Descending among the finite scores: 2.5, 2.5, then 0 / -0 / 0 (tied, ranks 3-5), -1. NaN and
    // the infinities are left out (a signal that returns one has no usable opinion there) and get 0.
    const raw = Float32Array.of(0, -1, Number.POSITIVE_INFINITY, -0, 2.5, Number.NaN, Number.NEGATIVE_INFINITY, 2.5, 0);
    const out = new Float32Array(raw.length);
    expect(normaliseScores(raw, 'reciprocal-rank', out, new Int32Array(raw.length))).toBe(true);
    expect(Array.from(out)).toEqual(Array.from(Float32Array.of(1 / 3, 1 / 6, 0, 1 / 3, 1, 0, 0, 1, 1 / 3)));
    normaliseScores(raw, 'percentile', out, new Int32Array(raw.length));
    // Six opinions, 1 - (mean 0-based rank) / 5: the 2.5s 0.5, the zeros 3, -1 5.
    expect(Array.from(out)).toEqual(Array.from(Float32Array.of(1 - 3 / 5, 0, 0, 1 - 3 / 5, 1 - 0.5 / 5, 0, 0, 1 - 0.5 / 5, 1 - 3 / 5)));
    normaliseScores(raw, 'percentile', out, new Int32Array(raw.length), undefined, 'below');
    // Strictly below, over 5: the 2.5s have 4 below, the zeros 1, -1 none.
    expect(Array.from(out)).toEqual(Array.from(Float32Array.of(1 / 5, 0, 0, 1 / 5, 4 / 5, 0, 0, 4 / 5, 1 / 5)));
    normaliseScores(raw, 'min-max', out, new Int32Array(raw.length));
    // Over the finite range [-1, 2.5]: no NaN anywhere.
    expect(Array.from(out)).toEqual(Array.from(Float32Array.of(1 / 3.5, 0, 0, 1 / 3.5, 1, 0, 0, 1, 1 / 3.5)));
    normaliseScores(raw, 'z-score', out, new Int32Array(raw.length));
    expect(Array.from(out).every((v) => Number.isFinite(v))).toBe(true);
  });

  it('equals the comparator sort on random scores with ties and NaN, reusing one scratch', () => {
    const rng = new Rng(5);
    const scratch = new BlendScratch();
    for (let trial = 0; trial < 300; trial++) {
      const n = 1 + rng.int(trial < 250 ? 40 : 3000);
      const levels = 1 + rng.int(20);
      const raw = Float32Array.from({ length: n }, () => {
        const u = rng.next();
        if (u < 0.05) return Number.NaN;
        return trial % 3 === 0 ? rng.int(levels) - levels / 2 : rng.normal() * 10 ** rng.int(6);
      });
      for (const method of ['percentile', 'reciprocal-rank'] as const) {
        const out = new Float32Array(n);
        normaliseScores(raw, method, out, new Int32Array(n), trial % 2 === 0 ? scratch : undefined);
        expect(out, `trial ${trial} ${method}`).toEqual(reference(raw, method));
      }
    }
  });
});

describe('recommend() over the full catalogue (fixtures/marketplace)', () => {
  let data: MarketplaceData;
  let users: string[];
  let P: number;

  beforeAll(async () => {
    data = (await loadMarketplace(join(import.meta.dirname, '../../fixtures/marketplace'))).data;
    users = [...new Set(data.events.map((e) => e.userId))].sort();
    P = data.products.length;
  });
  afterEach(() => {
    vi.restoreAllMocks();
  });

  const small = DEFAULT_SIGNALS.map((s) => ({ ...s, ...(s.type === 'ials' ? { factors: 16, iterations: 8 } : {}) }));
  const CASES: ReadonlyArray<readonly [string, RecommenderConfigInput, number]> = [
    ['default blend, percentile, default fairness', { signals: small }, 10],
    ['reciprocal-rank, tier-floor with a merchant cap', { signals: small, normalisation: 'reciprocal-rank', fairness: { rerank: { policy: 'tier-floor', lambda: 0.3, maxPerMerchant: 2 } } }, 20],
    ['z-score, no per-signal lists', { signals: small, normalisation: 'z-score', candidates: { perSignal: 0 } }, 10],
    ['iALS alone (popularity outside the blend)', { signals: [{ type: 'ials', factors: 16, iterations: 8 }] }, 10],
  ];

  it.each(CASES)('%s: the same slates, trace included, as the general union for every user', (_name, config, n) => {
    // Fast: the fill covers the catalogue. General: one less than the catalogue, which still covers
    // every eligible product (7 products are out of stock), so the union path gives the same set.
    const per = config.candidates?.perSignal ?? 10;
    const fast = createRecommender({ ...config, candidates: { perSignal: per, popular: P, max: P } }).fitRecords(data);
    const general = createRecommender({ ...config, candidates: { perSignal: per, popular: P - 1, max: P - 1 } }).fitRecords(data);
    expect(data.products.filter((p) => p.inStock === false).length).toBeGreaterThan(0);
    const fills: number[] = [];
    const topN = PopularitySignal.prototype.topN;
    vi.spyOn(PopularitySignal.prototype, 'topN').mockImplementation(function (this: PopularitySignal, ...args) {
      fills.push(args[1]);
      return topN.apply(this, args);
    });
    const requests: Array<readonly [string, RecommendOptions]> = [
      ...users.map((u) => [u, { n }] as const),
      ['a-user-nobody-knows', { n }],
      [users[0]!, { n: 25, exclude: ['p-0001', 'p-0002'], filter: (p) => p.price === undefined || p.price > 50 }],
    ];
    let fastFills = 0;
    let lifted = 0;
    for (const [userId, options] of requests) {
      fills.length = 0;
      const a: Slate = fast.recommend(userId, options);
      fastFills += fills.filter((k) => k >= P - 1).length;
      const b: Slate = general.recommend(userId, options);
      expect(a, userId).toEqual(b);
      expect(a.items.length).toBe(options.n);
      lifted += a.trace.items.filter((t) => t.lift > 0).length;
    }
    // The fast path never asked popularity for a full top list; the general one did each time.
    expect(fastFills).toBe(0);
    expect(fills.filter((k) => k === P - 1).length).toBe(1);
    if (config.fairness === undefined) expect(lifted).toBeGreaterThan(0);
  });
});
