/**
 * A seeded synthetic interaction set of MovieLens-1M's shape (6040 users, 3706 items, about 1M
 * interactions), generated here, not copied from real data: user activity heavy-tailed (every
 * user at least 20 interactions, mean about 166, as in ML-1M), item popularity Zipf-like, and
 * latent structure (each item belongs to one of 18 genres, each user favours two) so that
 * collaborative models have something to learn. Split per user 80/20 at random (seeded), like P1.
 * With {@link ML1M_SHAPE}: 1,000,209 interactions; per user min 23, median 100, mean 166, max
 * 2223 (ML-1M: 20, 96, 165, 2314); the top 20% of items hold 45% of the train interactions
 * (ML-1M: about 65%; the generated tail is flatter, every item has at least 60).
 */
import { Rng } from '../src/_internal/rng.js';
import { buildDataset } from '../src/dataset/dataset.js';
import type { Dataset, Event, Product } from '../src/index.js';

/** Shape of the generated set. */
export interface ShapeOptions {
  readonly users: number;
  readonly items: number;
  readonly interactions: number;
  readonly genres: number;
  /** Zipf exponent of item popularity. */
  readonly zipf: number;
  /** Share of a user's interactions drawn from the user's favourite genres. */
  readonly affinity: number;
  readonly seed: number;
}

/** MovieLens-1M's shape. */
export const ML1M_SHAPE: ShapeOptions = { users: 6040, items: 3706, interactions: 1_000_209, genres: 18, zipf: 0.9, affinity: 0.9, seed: 1 };

/** A generated train split as a dataset plus each user's held-out items. */
export interface ShapedSet {
  readonly dataset: Dataset;
  readonly test: Map<string, Set<string>>;
  readonly interactions: number;
}

/** Cumulative weights of `members` (indices into `weight`), for sampling by binary search. */
function cumulative(members: readonly number[], weight: Float64Array): Float64Array {
  const cum = new Float64Array(members.length);
  let s = 0;
  members.forEach((m, i) => (cum[i] = s += weight[m]!));
  return cum;
}

/** Index i with cum[i-1] <= u * total < cum[i]. */
function sample(cum: Float64Array, rng: Rng): number {
  const target = rng.next() * cum[cum.length - 1]!;
  let lo = 0;
  let hi = cum.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (cum[mid]! > target) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

/** Per-user interaction counts: 20 + a log-normal tail, scaled so the total is `o.interactions`. */
function userCounts(o: ShapeOptions, rng: Rng): Int32Array {
  const raw = Float64Array.from({ length: o.users }, () => Math.exp(4.3 + 1.1 * rng.normal()));
  const extra = o.interactions - 20 * o.users;
  const sum = raw.reduce((a, b) => a + b, 0);
  const cap = Math.floor(o.items * 0.6);
  const counts = Int32Array.from(raw, (r) => Math.min(cap, 20 + Math.floor((r / sum) * extra)));
  let left = o.interactions - counts.reduce((a, b) => a + b, 0);
  for (let u = 0; left > 0; u = (u + 1) % o.users) {
    if (counts[u]! < cap) {
      counts[u]!++;
      left--;
    }
  }
  return counts;
}

/** Generates the set (deterministic for a given shape and seed). */
export function generateShaped(o: ShapeOptions = ML1M_SHAPE): ShapedSet {
  const rng = new Rng(o.seed);
  // Item popularity: Zipf over a random permutation of the items; genres at random.
  const order = rng.shuffle(Array.from({ length: o.items }, (_, i) => i));
  const weight = new Float64Array(o.items);
  order.forEach((item, rank) => (weight[item] = 1 / (rank + 1) ** o.zipf));
  const members: number[][] = Array.from({ length: o.genres }, () => []);
  for (let i = 0; i < o.items; i++) members[rng.int(o.genres)]!.push(i);
  const all = Array.from({ length: o.items }, (_, i) => i);
  const cumAll = cumulative(all, weight);
  const cumGenre = members.map((m) => cumulative(m, weight));
  const counts = userCounts(o, rng);
  const products: Product[] = all.map((i) => ({ id: `i${i}`, merchantId: 'm', title: `item ${i}`, description: '', tags: [], category: '', inStock: true }));
  const train: Event[] = [];
  const test = new Map<string, Set<string>>();
  const mark = new Uint8Array(o.items);
  const picked: number[] = [];
  for (let u = 0; u < o.users; u++) {
    const fav = [rng.int(o.genres), rng.int(o.genres)];
    const want = counts[u]!;
    picked.length = 0;
    let tries = 0;
    while (picked.length < want) {
      let item: number;
      if (tries++ > want * 50) item = rng.int(o.items);
      else if (rng.next() < o.affinity) {
        const g = fav[rng.int(2)]!;
        item = members[g]!.length === 0 ? rng.int(o.items) : members[g]![sample(cumGenre[g]!, rng)]!;
      } else item = sample(cumAll, rng);
      if (mark[item] === 1) continue;
      mark[item] = 1;
      picked.push(item);
    }
    for (const i of picked) mark[i] = 0;
    rng.shuffle(picked);
    const held = Math.round(0.2 * want);
    const userId = `u${u}`;
    test.set(userId, new Set(picked.slice(0, held).map((i) => `i${i}`)));
    for (const i of picked.slice(held)) train.push({ userId, productId: `i${i}`, type: 'rating', timestamp: 0, weight: 1 });
  }
  const users = Array.from({ length: o.users }, (_, u) => `u${u}`);
  const dataset = buildDataset({ products, events: train }, { weighting: { halfLifeDays: null }, users });
  return { dataset, test, interactions: o.interactions };
}
