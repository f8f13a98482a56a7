/**
 * TopK.drain as an in-place heap sort: best first, ties by the smaller id, partially filled
 * heaps, capacity 1, 0 and fractional, infinities and NaN, the heap reusable after a drain; and a
 * seeded property against a plain reference (every offer sorted by score desc then id asc, the
 * first `capacity` kept) over streams with many ties, for fresh and reused heaps.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { TopK } from '../../src/_internal/top-k.js';

type Offer = readonly [id: number, score: number];

/** Full sort of the non-NaN offers, best first, ties by the smaller id; the first k. */
function reference(offers: readonly Offer[], k: number): { ids: number[]; scores: number[] } {
  const kept = offers.filter(([, s]) => !Number.isNaN(s)).sort((a, b) => (a[1] === b[1] ? a[0] - b[0] : b[1] - a[1]));
  const top = kept.slice(0, Math.max(0, Math.floor(k)));
  return { ids: top.map(([i]) => i), scores: top.map(([, s]) => s) };
}

function drainOf(heap: TopK, offers: readonly Offer[]): { ids: number[]; scores: number[] } {
  for (const [id, s] of offers) heap.push(id, s);
  const d = heap.drain();
  return { ids: Array.from(d.ids), scores: Array.from(d.scores) };
}

describe('TopK.drain: hand cases', () => {
  it('drains a partly filled heap best first', () => {
    const heap = new TopK(10);
    expect(drainOf(heap, [[3, 0.5], [1, 2], [7, -1], [2, 1]])).toEqual({ ids: [1, 2, 3, 7], scores: [2, 1, 0.5, -1] });
    expect(heap.size).toBe(0);
  });

  it('a full heap of ties drains by ascending id; the larger ids were turned away', () => {
    const heap = new TopK(4);
    expect(drainOf(heap, [[9, 3], [8, 3], [7, 3], [6, 3], [5, 3], [4, 3]])).toEqual({ ids: [4, 5, 6, 7], scores: [3, 3, 3, 3] });
  });

  it('mixed scores and ties: score first, then id', () => {
    const heap = new TopK(5);
    // 5.0: ids 8, 2; 4.0: 6, 1, 9; 1.0: 0, 3
    const offers: Offer[] = [[8, 5], [0, 1], [6, 4], [2, 5], [3, 1], [9, 4], [1, 4]];
    expect(drainOf(heap, offers)).toEqual({ ids: [2, 8, 1, 6, 9], scores: [5, 5, 4, 4, 4] });
  });

  it('capacity 1 keeps the best (smallest id among ties); capacity 0 and negative hold nothing', () => {
    expect(drainOf(new TopK(1), [[5, 1], [3, 2], [4, 2], [2, 0]])).toEqual({ ids: [3], scores: [2] });
    for (const cap of [0, -3]) {
      const heap = new TopK(cap);
      expect(heap.capacity).toBe(0);
      expect(drainOf(heap, [[0, 1]])).toEqual({ ids: [], scores: [] });
    }
  });

  it('a fractional capacity is floored', () => {
    const heap = new TopK(2.9);
    expect(heap.capacity).toBe(2);
    expect(drainOf(heap, [[0, 1], [1, 3], [2, 2]]).ids).toEqual([1, 2]);
  });

  it('infinities rank at the ends, NaN is never kept, negative scores are', () => {
    const heap = new TopK(4);
    const out = drainOf(heap, [[0, -Infinity], [1, Number.NaN], [2, Infinity], [3, -2], [4, -Infinity]]);
    expect(out).toEqual({ ids: [2, 3, 0, 4], scores: [Infinity, -2, -Infinity, -Infinity] });
  });

  it('draining an empty heap gives empty arrays; the heap is reusable after a drain', () => {
    const heap = new TopK(3);
    expect(drainOf(heap, [])).toEqual({ ids: [], scores: [] });
    expect(drainOf(heap, [[1, 1], [2, 2], [3, 3], [4, 4]])).toEqual({ ids: [4, 3, 2], scores: [4, 3, 2] });
    expect(heap.threshold()).toBe(-Infinity);
    // Left-over slots of the previous sort must not leak into the next round.
    expect(drainOf(heap, [[7, 0.5]])).toEqual({ ids: [7], scores: [0.5] });
    expect(drainOf(heap, [[5, 1], [6, 1], [4, 0], [3, 1]])).toEqual({ ids: [3, 5, 6], scores: [1, 1, 1] });
  });
});

describe('TopK = full sort reference (seeded property)', () => {
  // Scores from a small set (many ties), with NaN and infinities, or any double.
  const score = fc.oneof(
    fc.constantFrom(0, 1, 2, -1, 0.5, Number.NaN, Infinity, -Infinity),
    fc.double({ min: -1e6, max: 1e6, noNaN: true }),
  );
  /** Offers with distinct ids (as products are), in random order. */
  const offers = fc.uniqueArray(fc.tuple(fc.integer({ min: 0, max: 500 }), score), { selector: ([id]) => id, maxLength: 120 });

  it('drain equals the sorted prefix, whatever the capacity and arrival order', () => {
    fc.assert(
      fc.property(offers, fc.integer({ min: 0, max: 40 }), (o, k) => {
        const got = drainOf(new TopK(k), o);
        expect(got).toEqual(reference(o, k));
      }),
      { seed: 261126, numRuns: 500 },
    );
  });

  it('a reused heap (several push/drain rounds) equals a fresh one every round', () => {
    fc.assert(
      fc.property(fc.array(offers, { minLength: 1, maxLength: 5 }), fc.integer({ min: 1, max: 30 }), (rounds, k) => {
        const heap = new TopK(k);
        for (const o of rounds) expect(drainOf(heap, o)).toEqual(reference(o, k));
      }),
      { seed: 7, numRuns: 200 },
    );
  });

  it('threshold is the k-th best score once full, -Infinity before', () => {
    fc.assert(
      fc.property(offers, fc.integer({ min: 1, max: 20 }), (o, k) => {
        const heap = new TopK(k);
        const seen: Offer[] = [];
        for (const offer of o) {
          heap.push(offer[0], offer[1]);
          seen.push(offer);
          const ref = reference(seen, k);
          expect(heap.size).toBe(ref.ids.length);
          expect(heap.threshold()).toBe(ref.ids.length < k ? -Infinity : ref.scores[k - 1]);
        }
      }),
      { seed: 11, numRuns: 200 },
    );
  });
});
