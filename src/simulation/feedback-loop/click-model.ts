import { exposureAt } from '../../fairness/exposure-model.js';
import type { ClickModel } from './options.js';

/** A source of uniform numbers in [0, 1) (the library's seeded Rng). */
export interface UniformSource {
  /** The next number, uniform in [0, 1). */
  next(): number;
}

/**
 * Probability that the item at 1-based `rank` is clicked under the position-based model:
 * `v(rank) * relevance`, clamped to [0, 1]. For the cascade model it is the probability of a
 * click given that the rank is reached, `relevance`.
 *
 * @example clickProbability({ kind: 'position', exposure: { kind: 'log' } }, 3, 0.4) // 0.5 * 0.4 = 0.2
 */
export function clickProbability(model: ClickModel, rank: number, relevance: number): number {
  const rel = relevance > 0 ? Math.min(1, relevance) : 0;
  return model.kind === 'position' ? Math.min(1, exposureAt(model.exposure, rank) * rel) : rel;
}

/**
 * Draws the clicks on one slate: `relevance[r]` is the user's true relevance of the item at rank
 * r + 1; `clicked[r]` is set to 1 for a click, 0 otherwise. One uniform draw per examined rank,
 * in rank order (position model: every rank; cascade: until the first click, then one more draw
 * per rank for the patience check). Returns the number of clicks.
 *
 * @example drawClicks([1, 0.5, 0.2], position, rng, out) // with draws 0.99, 0.3, 0.2: out = [1, 1, 0], returns 2
 */
export function drawClicks(relevance: ArrayLike<number>, model: ClickModel, rng: UniformSource, clicked: Uint8Array): number {
  const n = relevance.length;
  clicked.fill(0, 0, n);
  let clicks = 0;
  if (model.kind === 'position') {
    for (let r = 0; r < n; r++) {
      if (rng.next() < clickProbability(model, r + 1, relevance[r]!)) {
        clicked[r] = 1;
        clicks++;
      }
    }
    return clicks;
  }
  for (let r = 0; r < n; r++) {
    if (rng.next() < clickProbability(model, r + 1, relevance[r]!)) {
      clicked[r] = 1;
      return 1;
    }
    if (r + 1 < n && model.patience < 1 && !(rng.next() < model.patience)) break;
  }
  return clicks;
}
