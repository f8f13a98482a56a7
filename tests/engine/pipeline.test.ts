/**
 * The serving pipeline's stages as a caller sees them: a re-entrant recommend (a filter that
 * calls recommend) serves the same slate as a plain one, two signals of one type explain each
 * with its own score, and a caller replaces the blend or the reranker, or adds a candidate source.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { Recommender, RecommenderParts } from '../../src/engine/recommender.js';
import { createRecommender } from '../../src/engine/recommender.js';
import type { Blender } from '../../src/engine/stages/blend.js';
import { weightedBlender } from '../../src/engine/stages/blend.js';
import type { Reranker } from '../../src/engine/stages/rerank.js';
import type { CandidateSource } from '../../src/engine/stages/sources.js';
import type { MarketplaceData } from '../../src/schema/marketplace-data.js';
import { fixtureMarketplace } from '../scenarios/_marketplace.js';

let data: MarketplaceData;
let users: string[];
beforeAll(async () => {
  data = (await fixtureMarketplace()).data;
  users = [...new Set(data.events.map((e) => e.userId))].slice(0, 40);
});

const SIGNALS = [
  { type: 'ials', factors: 8, iterations: 4 },
  { type: 'item-knn' },
  { type: 'content' },
  { type: 'popularity', weight: 0.1 },
];
const fitted = (parts: RecommenderParts = {}, config: Record<string, unknown> = {}): Recommender =>
  createRecommender({ signals: SIGNALS, fairness: { rerank: { lambda: 0.3 }, record: false }, ...config }, parts).fitRecords(data);
const ids = (rec: Recommender, user: string, n = 10): string[] => rec.recommend(user, { n }).items.map((i) => i.productId);

describe('re-entrant recommend', () => {
  it('a filter that calls recommend for another user gets its own buffers: both slates are the plain ones', () => {
    const rec = fitted();
    const [a, b] = [users[0]!, users[1]!];
    const plainA = rec.recommend(a, { n: 10 });
    const plainB = rec.recommend(b, { n: 10 });
    const inner: Array<ReturnType<Recommender['recommend']>> = [];
    const nested = rec.recommend(a, {
      n: 10,
      filter: () => {
        if (inner.length < 3) inner.push(rec.recommend(b, { n: 10 }));
        return true;
      },
    });
    expect(inner).toHaveLength(3);
    for (const s of inner) expect(s).toEqual(plainB);
    expect(nested).toEqual(plainA);
  });
});

describe('two signals of one type', () => {
  it('get names ials and ials-2, and each explains its own score and weight', () => {
    const rec = createRecommender({
      signals: [
        { type: 'ials', factors: 8, iterations: 4, seed: 1, weight: 1 },
        { type: 'ials', factors: 4, iterations: 4, seed: 2, weight: 3 },
      ],
      fairness: { rerank: { lambda: 0 }, record: false },
    }).fitRecords(data);
    const slate = rec.recommend(users[3]!, { n: 5 });
    expect(slate.trace.blend.signals).toEqual(['ials', 'ials-2']);
    const parts = rec.explain(slate).items.map((item) => item.signals);
    for (const [k, item] of slate.trace.items.entries()) {
      expect(parts[k]![0]!.raw).toBe(item.raw[0]);
      expect(parts[k]![1]!.raw).toBe(item.raw[1]);
      expect(parts[k]![0]!.weight).toBe(1);
      expect(parts[k]![1]!.weight).toBe(3);
    }
    // The two models differ (other factors and seed), so the raw scores differ somewhere.
    expect(slate.trace.items.some((i) => i.raw[0] !== i.raw[1])).toBe(true);
  });

  it('names given in the config are used and must be unique', () => {
    expect(() => createRecommender({ signals: [{ type: 'ials', name: 'x' }, { type: 'content', name: 'x' }] })).toThrow(/signals\.1\.name: signal name "x" is used twice/);
  });
});

describe('replaceable stages', () => {
  it('a blender that reverses the default blend puts the plain ranking upside down', () => {
    const base = weightedBlender({ normalisation: 'percentile' });
    const reversed: Blender = {
      name: 'reversed',
      normalisation: 'percentile',
      blend: (input, scratch) => {
        const r = base.blend(input, scratch);
        const blended = Float32Array.from(r.blended, (x) => 1 - x);
        return { ...r, blended };
      },
    };
    const plain = fitted({}, { fairness: { rerank: { lambda: 0 }, record: false } });
    const upside = fitted({ blender: reversed }, { fairness: { rerank: { lambda: 0 }, record: false } });
    const u = users[5]!;
    const all = plain.recommend(u, { n: 1000 }).items.map((i) => i.productId);
    const top = ids(upside, u, 5);
    // The reversed blend's best are the plain blend's worst (ties aside): all from its last fifth.
    const tail = new Set(all.slice(Math.floor(all.length * 0.8)));
    for (const p of top) expect(tail.has(p), p).toBe(true);
  });

  it('a reranker that keeps one item per merchant replaces the fairness stage', () => {
    const onePerMerchant: Reranker = {
      name: 'one-per-merchant',
      lambda: 0,
      policy: 'none',
      rerank: (r) => {
        const order = Array.from(r.scores.keys())
          .filter((c) => !Number.isNaN(r.scores[c]!))
          .sort((a, b) => r.scores[b]! - r.scores[a]! || a - b);
        const seen = new Set<number>();
        const kept = order.filter((c) => (seen.has(r.merchantOf[c]!) ? false : (seen.add(r.merchantOf[c]!), true))).slice(0, r.n);
        const k = kept.length;
        return {
          order: Int32Array.from(kept),
          lift: new Float32Array(k),
          forced: new Uint8Array(k),
          adjusted: Float32Array.from(kept, (c) => r.scores[c]!),
          exposure: new Float32Array(k),
          merchantLift: new Float32Array(r.merchantIds.length),
        };
      },
    };
    const rec = fitted({ reranker: onePerMerchant });
    const slate = rec.recommend(users[7]!, { n: 12 });
    const merchants = slate.items.map((i) => i.merchantId);
    expect(new Set(merchants).size).toBe(merchants.length);
    expect(slate.trace.fairness).toEqual({ lambda: 0, policy: 'none', recorded: false });
  });

  it('a caller source is unioned with the built-in ones and named in the trace', () => {
    const favourites = [data.products[0]!.id, data.products[1]!.id];
    const source: CandidateSource = {
      name: 'editors-picks',
      propose: (r) => ({ ids: Int32Array.from(favourites, (id) => r.dataset.products.indexOf(id)).filter((p) => !r.excluded(p)), scores: new Float64Array(2) }),
    };
    const rec = fitted({ sources: [source] }, { candidates: { perSignal: 5, popular: 5, max: 1000, smallTier: 0 } });
    const slate = rec.recommend(users[9]!, { n: 1000 });
    expect(slate.trace.candidates.bySource.map(([name]) => name)).toEqual(['ials', 'item-knn', 'content', 'popularity', 'popular', 'editors-picks']);
    const picked = slate.trace.items.filter((i) => i.sources.includes('editors-picks')).map((i) => i.productId);
    expect(picked.sort()).toEqual(favourites.filter((p) => !rec.history(users[9]!).seen.includes(rec.dataset.products.indexOf(p))).sort());
  });

  it('recommend({ candidates }) adds the caller\'s products for one request (source caller); unknown ids are left out', () => {
    const rec = fitted();
    const u = users[11]!;
    const seen = new Set(rec.history(u).seen);
    const extra = data.products.filter((p) => p.inStock && !seen.has(rec.dataset.products.indexOf(p.id))).at(-1)!.id;
    const slate = rec.recommend(u, { n: 1000, candidates: [extra, 'no-such-product', extra] });
    expect(slate.trace.candidates.bySource.at(-1)).toEqual(['caller', 1]);
    for (const item of slate.trace.items) expect(item.sources.includes('caller'), item.productId).toBe(item.productId === extra);
    // For this request only.
    expect(rec.recommend(u, { n: 1000 }).trace.candidates.bySource.map(([name]) => name)).not.toContain('caller');
  });
});

describe('prepared requests (the parallel evaluation path)', () => {
  it('finish on one reused merchant-flag buffer, all 0 on entry, serving what recommend serves; a rerank that throws keeps its buffer out', () => {
    const seen: Uint8Array[] = [];
    let throwAfterMarking = false;
    // Best score first, cut to n; marks the merchants present and clears them, as the fairness stage does.
    const probe: Reranker = {
      name: 'probe',
      lambda: 0,
      policy: 'none',
      rerank: (r) => {
        expect(r.merchantFlags).toHaveLength(r.merchantIds.length);
        expect(r.merchantFlags.every((f) => f === 0)).toBe(true);
        seen.push(r.merchantFlags);
        for (const m of r.merchantOf) r.merchantFlags[m] = 1;
        if (throwAfterMarking) throw new Error('rerank failed');
        for (const m of r.merchantOf) r.merchantFlags[m] = 0;
        const kept = Array.from(r.scores.keys())
          .filter((c) => !Number.isNaN(r.scores[c]!))
          .sort((a, b) => r.scores[b]! - r.scores[a]! || a - b)
          .slice(0, r.n);
        const k = kept.length;
        return { order: Int32Array.from(kept), lift: new Float32Array(k), forced: new Uint8Array(k), adjusted: Float32Array.from(kept, (c) => r.scores[c]!), exposure: new Float32Array(k), merchantLift: new Float32Array(r.merchantIds.length) };
      },
    };
    const rec = fitted({ reranker: probe });
    const finish = (u: string): string[] => Array.from(rec.finishPrepared(rec.prepareRequest(u, { n: 10, record: false }), false), (p) => rec.dataset.productRecords[p]!.id);
    for (const u of users.slice(0, 5)) expect(finish(u)).toEqual(ids(rec, u));
    expect(seen).toHaveLength(10);
    expect(new Set(seen).size).toBe(1);
    throwAfterMarking = true;
    expect(() => finish(users[5]!)).toThrow('rerank failed');
    throwAfterMarking = false;
    expect(finish(users[6]!)).toEqual(ids(rec, users[6]!));
    expect(seen.at(-2)).not.toBe(seen[0]); // a clean buffer, not the one left marked
    // recommend() alike: a throwing rerank's scratch stays out of the pool, the next request's flags are all 0.
    throwAfterMarking = true;
    expect(() => rec.recommend(users[7]!, { n: 10, record: false })).toThrow('rerank failed');
    throwAfterMarking = false;
    const before = seen.length;
    expect(rec.recommend(users[8]!, { n: 10, record: false }).items).toHaveLength(10);
    expect(seen.length).toBe(before + 1);
  });
});
