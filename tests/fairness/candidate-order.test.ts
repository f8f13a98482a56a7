/**
 * The lazy candidate order of the reranker against the full heap it stands in for: the same
 * positions pop in the same order (higher key first, ties by the smaller position), whatever the
 * head size (0, inside the list, the whole list and beyond), on float32 and float64 keys with
 * many ties and infinities; firstPositions is the head of that order.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CandidateHeap } from '../../src/fairness/_candidate-heap.js';
import { CandidateOrder, firstPositions } from '../../src/fairness/_candidate-order.js';

const caseArb = fc.record({
  keys: fc.array(fc.oneof(fc.integer({ min: 0, max: 6 }).map((v) => v / 4), fc.constantFrom(Infinity, -Infinity, 0.1)), { maxLength: 120 }),
  take: fc.array(fc.boolean(), { minLength: 120, maxLength: 120 }),
  head: fc.integer({ min: 0, max: 130 }),
  wide: fc.boolean(),
});

describe('CandidateOrder', () => {
  it('pops what a CandidateHeap over the same positions pops, in the same order', () => {
    fc.assert(
      fc.property(caseArb, ({ keys, take, head, wide }) => {
        const k = wide ? Float64Array.from(keys) : Float32Array.from(keys);
        const positions = Int32Array.from(keys.map((_, i) => i).filter((i) => take[i]));
        const heap = new CandidateHeap(k, positions.slice(), positions.length);
        const order = new CandidateOrder(k, positions.slice(), positions.length, head);
        const expected: number[] = [];
        const got: number[] = [];
        while (heap.size > 0) {
          expect(order.size).toBe(heap.size);
          expect(order.peek()).toBe(heap.peek());
          expected.push(heap.pop());
          got.push(order.pop());
        }
        expect(got).toEqual(expected);
        expect(order.size).toBe(0);
        expect(order.peek()).toBe(-1);
        expect(order.pop()).toBe(-1);
        // The head of the order, on its own.
        expect(Array.from(firstPositions(k, positions, positions.length, head))).toEqual(expected.slice(0, head));
      }),
      { seed: 16, numRuns: 500 },
    );
  });

  it('a hand case: ties go to the smaller position, the tail continues after the head', () => {
    const keys = Float64Array.of(0.5, 0.9, 0.5, 0.9, 0.1);
    const order = new CandidateOrder(keys, Int32Array.of(0, 1, 2, 3, 4), 5, 2);
    expect([order.pop(), order.pop(), order.pop(), order.pop(), order.pop()]).toEqual([1, 3, 0, 2, 4]);
  });
});
