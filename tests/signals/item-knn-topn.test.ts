/**
 * Item-kNN topN walks only the products the history's neighbour lists reach (sparse accumulator),
 * instead of a dense score array over the catalogue with `exclude` wrapped around every product.
 * Pinned here: ids, scores and tie order equal to that dense reference scan (scoreFromNeighbours +
 * topNOfScores, products with a zero sum left out) for every user of fixtures/marketplace and on
 * seeded random neighbour matrices with ties, negative and cancelling weights; `exclude` sees only
 * reached products; the accumulator is clean after every request, even when `exclude` throws.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { Rng } from '../../src/_internal/rng.js';
import type { CsrMatrix } from '../../src/dataset/csr.js';
import { buildDataset, type Dataset } from '../../src/dataset/dataset.js';
import { loadMarketplace } from '../../src/io/load-marketplace.js';
import { createItemKnn, type ItemKnnSignal } from '../../src/signals/item-knn.js';
import type { ScoredItems, UserContext } from '../../src/signals/signal.js';
import { topNOfScores } from '../../src/signals/top-n.js';

/**
 * Scores every product as `sum over the user's items j of w_j * S[j, p]` for a sparse item-item
 * matrix S (row j = the neighbours of j): the scoring rule of item-kNN and of EASE's sparse form.
 * Writes into `out` (length = products), which is zeroed first.
 */
function scoreFromNeighbours(
  S: CsrMatrix,
  items: Int32Array,
  weights: Float32Array,
  out: Float64Array,
): void {
  out.fill(0);
  for (let t = 0; t < items.length; t++) {
    const j = items[t]!;
    if (j < 0 || j >= S.rows) continue;
    const w = weights[t]!;
    for (let e = S.indptr[j]!; e < S.indptr[j + 1]!; e++) out[S.indices[e]!]! += w * S.values[e]!;
  }
}

const FIXTURE_DIR = new URL('../../fixtures/marketplace/', import.meta.url).pathname;

/** The dense scan topN replaced: every product scored, zero sums (no support) left out. */
function referenceTopN(sim: CsrMatrix, user: UserContext, n: number, exclude?: (p: number) => boolean): ScoredItems {
  if (user.items.length === 0) return { ids: new Int32Array(0), scores: new Float64Array(0) };
  const all = new Float64Array(sim.cols);
  scoreFromNeighbours(sim, user.items, user.weights, all);
  return topNOfScores(all, n, (p) => all[p] === 0 || (exclude !== undefined && exclude(p)));
}

function referenceScores(sim: CsrMatrix, user: UserContext, candidates: Int32Array): Float32Array {
  if (user.items.length === 0) return new Float32Array(candidates.length).fill(Number.NaN);
  const all = new Float64Array(sim.cols);
  scoreFromNeighbours(sim, user.items, user.weights, all);
  // A product no neighbour list reaches (a zero sum) has no support: no opinion, as in topN.
  return Float32Array.from(candidates, (c) => (c >= 0 && c < all.length && all[c] !== 0 ? all[c]! : Number.NaN));
}

function ctx(items: ArrayLike<number>, weights: ArrayLike<number>): UserContext {
  return { userId: 'x', user: -1, items: Int32Array.from(items), weights: Float32Array.from(weights), now: 0, topics: [] };
}

function expectSame(actual: ScoredItems, expected: ScoredItems): void {
  expect(Array.from(actual.ids)).toEqual(Array.from(expected.ids));
  expect(Array.from(actual.scores)).toEqual(Array.from(expected.scores));
}

/** Products reached by the user's neighbour lists. */
function reached(sim: CsrMatrix, user: UserContext): Set<number> {
  const out = new Set<number>();
  for (const j of user.items) {
    if (j < 0 || j >= sim.rows) continue;
    for (let e = sim.indptr[j]!; e < sim.indptr[j + 1]!; e++) out.add(sim.indices[e]!);
  }
  return out;
}

describe('item-kNN topN = dense reference scan on fixtures/marketplace', () => {
  let ds: Dataset;
  let knn: ItemKnnSignal;
  let users: UserContext[];
  beforeAll(async () => {
    const { data } = await loadMarketplace(FIXTURE_DIR);
    ds = buildDataset(data);
    knn = createItemKnn({ neighbours: 20 });
    knn.fit(ds);
    const m = ds.interactions;
    users = Array.from({ length: m.rows }, (_, u) => ({
      userId: `u${u}`,
      user: u,
      items: m.indices.subarray(m.indptr[u]!, m.indptr[u + 1]!),
      weights: m.values.subarray(m.indptr[u]!, m.indptr[u + 1]!),
      now: 0,
      topics: [],
    }));
  });

  it('every user, n = 10 and n above the catalogue, with and without excluding the history', () => {
    const sim = knn.similarity;
    const P = ds.products.size;
    expect(users.length).toBeGreaterThan(100);
    let nonEmpty = 0;
    for (const user of users) {
      const seen = new Set(user.items);
      const exclude = (p: number): boolean => seen.has(p);
      for (const n of [10, P + 5]) {
        const got = knn.topN(user, n, exclude);
        expectSame(got, referenceTopN(sim, user, n, exclude));
        expectSame(knn.topN(user, n), referenceTopN(sim, user, n));
        if (got.ids.length > 0) nonEmpty++;
      }
      const candidates = Int32Array.from([0, P - 1, -1, P, ...user.items]);
      expect(Array.from(knn.score(user, candidates))).toEqual(Array.from(referenceScores(sim, user, candidates)));
    }
    // The comparison is not vacuous: most users get items.
    expect(nonEmpty).toBeGreaterThan(users.length);
  });

  it('n above the reached count returns every reached product with a non-zero score, best first', () => {
    const user = users.find((u) => u.items.length >= 3)!;
    const top = knn.topN(user, ds.products.size);
    const reach = reached(knn.similarity, user);
    expect(top.ids.length).toBe(reach.size);
    for (const p of top.ids) expect(reach.has(p)).toBe(true);
    for (let i = 1; i < top.scores.length; i++) expect(top.scores[i]!).toBeLessThanOrEqual(top.scores[i - 1]!);
  });
});

describe('item-kNN topN on a hand-made neighbour matrix', () => {
  // 6 products; row j = neighbours of j (columns ascending).
  //   row 0: 0:1, 1:0.5, 3:0.5
  //   row 1: 1:1, 3:0.25, 4:0.5
  //   row 2: 2:1, 5:-0.5
  const sim: CsrMatrix = {
    rows: 6,
    cols: 6,
    indptr: Int32Array.from([0, 3, 6, 8, 8, 8, 8]),
    indices: Int32Array.from([0, 1, 3, 1, 3, 4, 2, 5]),
    values: Float32Array.from([1, 0.5, 0.5, 1, 0.25, 0.5, 1, -0.5]),
  };
  const knn = createItemKnn();
  knn.setSimilarity(sim);

  it('sums weight x similarity over the history; ties by the smaller index; negatives kept', () => {
    // History 0 (w 1), 1 (w 2), 2 (w 1):
    //   p0 = 1, p1 = 0.5 + 2 = 2.5, p2 = 1, p3 = 0.5 + 0.5 = 1, p4 = 1, p5 = -0.5.
    const top = knn.topN(ctx([0, 1, 2], [1, 2, 1]), 10);
    expect(Array.from(top.ids)).toEqual([1, 0, 2, 3, 4, 5]);
    expect(Array.from(top.scores)).toEqual([2.5, 1, 1, 1, 1, -0.5]);
    // n = 3 cuts inside the four-way tie at 1: the smaller indices win.
    expect(Array.from(knn.topN(ctx([0, 1, 2], [1, 2, 1]), 3).ids)).toEqual([1, 0, 2]);
    expect(Array.from(knn.topN(ctx([0, 1, 2], [1, 2, 1]), 3, (p) => p === 0).ids)).toEqual([1, 2, 3]);
  });

  it('a sum that cancels to exactly 0 has no support; untouched products never appear', () => {
    // p1 = 0.5 (from 0) - 1 * 0.5 ... history 0 (w 1) and 1 (w -0.5): p1 = 0.5 - 0.5 = 0.
    const top = knn.topN(ctx([0, 1], [1, -0.5]), 10);
    // p0 = 1, p3 = 0.5 - 0.125 = 0.375, p4 = -0.25; p1 cancels; p2, p5 unreached.
    expect(Array.from(top.ids)).toEqual([0, 3, 4]);
    expect(Array.from(top.scores)).toEqual([1, 0.375, -0.25]);
  });

  it('skips history items outside the matrix, an empty history has no opinion, n = 0 is empty', () => {
    expect(Array.from(knn.topN(ctx([-1, 7, 2], [5, 5, 1]), 10).ids)).toEqual([2, 5]);
    expect(knn.topN(ctx([], []), 10).ids.length).toBe(0);
    expect(knn.topN(ctx([0], [1]), 0).ids.length).toBe(0);
    expect(Array.from(knn.score(ctx([], []), Int32Array.from([0, 1])))).toEqual([Number.NaN, Number.NaN]);
  });

  it('exclude is called only for reached products, and the request leaves no residue', () => {
    const asked: number[] = [];
    const top = knn.topN(ctx([2], [1]), 10, (p) => {
      asked.push(p);
      return false;
    });
    expect(Array.from(top.ids)).toEqual([2, 5]);
    expect(asked.sort((a, b) => a - b)).toEqual([2, 5]);
    // The next request sees none of the previous sums.
    expect(Array.from(knn.topN(ctx([1], [1]), 10).scores)).toEqual([1, 0.5, 0.25]);
  });

  it('an exclude that throws still leaves the accumulator clean', () => {
    expect(() =>
      knn.topN(ctx([0, 1], [1, 1]), 10, () => {
        throw new Error('boom');
      }),
    ).toThrow('boom');
    expectSame(knn.topN(ctx([2], [1]), 10), referenceTopN(sim, ctx([2], [1]), 10));
    // Products the history's neighbour lists do not reach have no opinion (NaN), not a score of 0.
    expect(Array.from(knn.score(ctx([2], [1]), Int32Array.from([0, 1, 2, 3, 4, 5])))).toEqual([NaN, NaN, 1, NaN, NaN, -0.5]);
  });
});

describe('item-kNN topN = dense reference scan on seeded random neighbour matrices', () => {
  /** A random P x P neighbour matrix: rows of 0..maxRow columns, values from a small set (ties). */
  function randomSim(rng: Rng, P: number, maxRow: number): CsrMatrix {
    const indptr = new Int32Array(P + 1);
    const indices: number[] = [];
    const values: number[] = [];
    const levels = [0.125, 0.25, 0.5, 1, -0.25, 0.375];
    for (let j = 0; j < P; j++) {
      const cols = new Set<number>();
      const len = rng.int(maxRow + 1);
      while (cols.size < len) cols.add(rng.int(P));
      for (const c of [...cols].sort((a, b) => a - b)) {
        indices.push(c);
        values.push(rng.next() < 0.5 ? levels[rng.int(levels.length)]! : rng.next());
      }
      indptr[j + 1] = indices.length;
    }
    return { rows: P, cols: P, indptr, indices: Int32Array.from(indices), values: Float32Array.from(values) };
  }

  it('400 requests over 5 matrices: same ids, scores and tie order, with random exclusions and n', () => {
    const rng = new Rng(20261126);
    let compared = 0;
    for (let m = 0; m < 5; m++) {
      const P = 50 + rng.int(400);
      const sim = randomSim(rng, P, 1 + rng.int(30));
      const knn = createItemKnn();
      knn.setSimilarity(sim);
      for (let r = 0; r < 80; r++) {
        const h = rng.int(12);
        // History items may repeat or fall outside the matrix; weights may be negative.
        const items = Array.from({ length: h }, () => (rng.next() < 0.05 ? P + rng.int(3) : rng.int(P)));
        const weights = Array.from({ length: h }, () => (rng.next() < 0.5 ? [1, 2, 0.5, -1][rng.int(4)]! : rng.next() * 2 - 0.5));
        const user = ctx(items, weights);
        const banned = new Set(Array.from({ length: rng.int(P / 4) }, () => rng.int(P)));
        const exclude = rng.next() < 0.3 ? undefined : (p: number): boolean => banned.has(p);
        const n = [0, 1, 5, 20, P][rng.int(5)]!;
        const got = knn.topN(user, n, exclude);
        expectSame(got, referenceTopN(sim, user, n, exclude));
        compared += got.ids.length;
      }
    }
    expect(compared).toBeGreaterThan(1000);
  });
});
