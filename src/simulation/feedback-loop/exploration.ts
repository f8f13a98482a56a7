import { Rng, deriveSeed } from '../../_internal/rng.js';
import type { SlateItem } from '../../engine/index.js';
import type { Exploration } from './options.js';

/** A slate as shown: product ids by rank, and the surface each slot was served on. */
export interface ShownSlate {
  readonly productIds: string[];
  readonly surfaces: string[];
}

/** The seed of one user's exploration draws in one round, derived from the base seed (order independent). */
export function explorationSeed(seed: number, round: number, userId: string): number {
  return deriveSeed(deriveSeed(seed, `feedback-loop:explore:${round}`), userId);
}

/** How many items the recommender must return for the policy to pick `n` from. */
export function candidatesNeeded(exploration: Exploration, n: number): number {
  return exploration.kind === 'plackett-luce' ? Math.max(n, exploration.pool ?? 3 * n) : n;
}

/**
 * The slate the logging policy shows, from the recommender's ranked items (docs/design.md 6 and 7):
 * - `none`: the first `n` items as ranked (surface `base`);
 * - `epsilon`: each of the first `n` slots independently, with probability `epsilon`, shows a
 *   product drawn uniformly from `catalogue` instead (one not already in the slate; surface
 *   `exploration.surface`): uniform result randomisation, so every catalogue product has support;
 * - `plackett-luce`: `n` items drawn without replacement from the ranked items with probability
 *   proportional to `exp(score / temperature)`, shown in draw order (surface `base`).
 * Draws come from `rng`; `catalogue` holds the eligible product ids.
 *
 * @example shownSlate(items, { kind: 'epsilon', epsilon: 0.1, surface: 'explore' }, 10, ids, rng, 'feedback-loop').surfaces[0] // 'feedback-loop' or 'explore'
 */
export function shownSlate(
  items: readonly SlateItem[],
  exploration: Exploration,
  n: number,
  catalogue: readonly string[],
  rng: Rng,
  base: string,
): ShownSlate {
  if (exploration.kind === 'plackett-luce') return plackettLuce(items, exploration.temperature, n, rng, base);
  const productIds = items.slice(0, n).map((item) => item.productId);
  const surfaces = productIds.map(() => base);
  if (exploration.kind === 'none' || catalogue.length <= productIds.length) return { productIds, surfaces };
  const inSlate = new Set(productIds);
  for (let r = 0; r < productIds.length; r++) {
    if (!(rng.next() < exploration.epsilon)) continue;
    let pick = catalogue[rng.int(catalogue.length)]!;
    while (inSlate.has(pick)) pick = catalogue[rng.int(catalogue.length)]!;
    inSlate.delete(productIds[r]!);
    inSlate.add(pick);
    productIds[r] = pick;
    surfaces[r] = exploration.surface;
  }
  return { productIds, surfaces };
}

/** Plackett-Luce sampling of `n` items without replacement, weights `exp(score / temperature)`. */
function plackettLuce(items: readonly SlateItem[], temperature: number, n: number, rng: Rng, base: string): ShownSlate {
  const pool = items.length;
  let top = Number.NEGATIVE_INFINITY;
  for (const item of items) if (item.score > top) top = item.score;
  // Shifted by the top score so that exp never overflows.
  const weight = Float64Array.from(items, (item) => Math.exp((item.score - top) / temperature));
  let total = 0;
  for (const w of weight) total += w;
  const productIds: string[] = [];
  for (let r = 0; r < Math.min(n, pool); r++) {
    let u = rng.next() * total;
    let pick = -1;
    for (let c = 0; c < pool; c++) {
      if (weight[c]! === 0) continue;
      pick = c;
      u -= weight[c]!;
      if (u < 0) break;
    }
    total -= weight[pick]!;
    weight[pick] = 0;
    productIds.push(items[pick]!.productId);
  }
  return { productIds, surfaces: productIds.map(() => base) };
}
