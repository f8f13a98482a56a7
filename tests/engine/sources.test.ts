/**
 * The popular source under a merchant cap, on a hand-built catalogue: it asks its signal for more
 * (doubling) until n of the products fit under the cap, and a request leaves no count behind.
 */
import { describe, expect, it } from 'vitest';
import type { Dataset } from '../../src/dataset/dataset.js';
import { popularSource, type CandidateRequest } from '../../src/engine/stages/sources.js';
import type { ScoredItems, Signal, SignalCapabilities, UserContext } from '../../src/signals/signal.js';
import { contextOf, dataset, product } from '../signals/_text-fixture.js';

/** Ranks the products by index (0 best) and records each `topN` length asked for. */
class IndexOrderSignal implements Signal {
  readonly type = 'index-order';
  readonly capabilities: SignalCapabilities = { coldProducts: true, coldUsers: true, baseline: true, foldIn: false, topics: false, similarity: false, explains: false, boosts: false, catalogue: false, interactions: false };
  readonly reason = 'test';
  readonly asked: number[] = [];
  fitted = false;
  #size = 0;
  fit(ds: Dataset): void {
    this.#size = ds.products.size;
    this.fitted = true;
  }
  score(_user: UserContext, candidates: Int32Array): Float32Array {
    return Float32Array.from(candidates, (p) => this.#size - p);
  }
  topN(_user: UserContext, n: number, exclude?: (product: number) => boolean): ScoredItems {
    this.asked.push(n);
    const ids: number[] = [];
    for (let p = 0; p < this.#size && ids.length < n; p++) if (exclude === undefined || !exclude(p)) ids.push(p);
    return { ids: Int32Array.from(ids), scores: Float64Array.from(ids, (p) => this.#size - p) };
  }
  toJSON() {
    return { type: this.type };
  }
}

/** Products 0-7 of merchant big, 8-15 one each of merchants s8..s15, 16-31 of big again. */
function catalogue(): Dataset {
  const merchantOf = (p: number): string => (p >= 8 && p < 16 ? `s${p}` : 'big');
  return dataset(
    Array.from({ length: 32 }, (_, p) => product(`p${p}`, `product ${p}`, '', [], merchantOf(p))),
    [],
  );
}

function request(ds: Dataset, n: number): CandidateRequest {
  return { dataset: ds, user: contextOf(ds, 'nobody'), n, excluded: () => false };
}

describe('popular source under maxPerMerchant', () => {
  it('doubles its count until n products fit under the cap (hand-computed), the same on every request', () => {
    const ds = catalogue();
    const signal = new IndexOrderSignal();
    signal.fit(ds);
    const source = popularSource(signal, 4, 1);
    // 4 products: big once -> 1 fits; 8: still 1; 16: big once + s8..s15 = 9 >= 4, stop.
    for (let r = 0; r < 3; r++) {
      signal.asked.length = 0;
      expect(source.propose(request(ds, 4)).ids).toHaveLength(16);
      // A count left over from the request before would hold big and s8..s15 at the cap: 32 asked.
      expect(signal.asked).toEqual([4, 8, 16]);
    }
  });

  it('stops at the catalogue size when fewer than n products fit, and proposes as without a cap when n fit at once', () => {
    const ds = catalogue();
    const signal = new IndexOrderSignal();
    signal.fit(ds);
    expect(popularSource(signal, 4, 1).propose(request(ds, 10)).ids).toHaveLength(32); // 9 merchants < 10
    expect(signal.asked).toEqual([10, 20, 32]);
    signal.asked.length = 0;
    expect(popularSource(signal, 4, 8).propose(request(ds, 4)).ids).toHaveLength(4);
    expect(signal.asked).toEqual([4]);
  });
});
