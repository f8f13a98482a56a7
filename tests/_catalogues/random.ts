/**
 * A small seeded random source for the test catalogues (mulberry32), kept apart from the
 * library's own generator (src/_internal/rng.ts) so that the catalogues share no code with
 * src/simulation. Same seed, same sequence, bit for bit.
 */

/** Seeded uniform, normal, log-normal and weighted draws. */
export class CatalogueRandom {
  #state: number;

  constructor(seed: number) {
    if (!Number.isInteger(seed)) throw new RangeError(`CatalogueRandom: seed must be an integer, got ${seed}`);
    this.#state = seed >>> 0;
  }

  /**
   * Uniform float in [0, 1) (mulberry32, 32 bits).
   * @example new CatalogueRandom(1).uniform() // the same value on every run
   */
  uniform(): number {
    this.#state = (this.#state + 0x6d2b79f5) | 0;
    let t = this.#state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  /** Uniform float in [lo, hi). */
  between(lo: number, hi: number): number {
    return lo + (hi - lo) * this.uniform();
  }

  /** Uniform integer in [lo, hi] (both ends included). */
  integer(lo: number, hi: number): number {
    return lo + Math.floor(this.uniform() * (hi - lo + 1));
  }

  /** True with probability p. */
  chance(p: number): boolean {
    return this.uniform() < p;
  }

  /** Standard normal deviate (Box-Muller, one of the pair). */
  normal(): number {
    const u = 1 - this.uniform();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * this.uniform());
  }

  /** Log-normal deviate `exp(mu + sigma * z)`. */
  logNormal(mu: number, sigma: number): number {
    return Math.exp(mu + sigma * this.normal());
  }

  /** An element of a non-empty array, uniformly. */
  pick<T>(items: readonly T[]): T {
    if (items.length === 0) throw new RangeError('CatalogueRandom.pick: empty array');
    return items[Math.floor(this.uniform() * items.length)]!;
  }

  /** Index drawn with probability proportional to the non-negative `weights` (positive total). */
  weighted(weights: ArrayLike<number>): number {
    let total = 0;
    for (let i = 0; i < weights.length; i++) total += weights[i]!;
    if (!(total > 0)) throw new RangeError('CatalogueRandom.weighted: weights must have a positive total');
    let x = this.uniform() * total;
    for (let i = 0; i < weights.length; i++) {
      x -= weights[i]!;
      if (x < 0 && weights[i]! > 0) return i;
    }
    // Rounding left x at about 0: the last positive weight.
    for (let i = weights.length - 1; i >= 0; i--) if (weights[i]! > 0) return i;
    return 0;
  }

  /**
   * `k` distinct indices drawn one after another with probability proportional to `weights`
   * among those not yet drawn (Plackett-Luce sampling), in draw order.
   */
  sequence(weights: ArrayLike<number>, k: number): number[] {
    const left = Float64Array.from(weights);
    const out: number[] = [];
    let positive = 0;
    for (const w of left) if (w > 0) positive++;
    for (let i = 0; i < Math.min(k, positive); i++) {
      const j = this.weighted(left);
      out.push(j);
      left[j] = 0;
    }
    return out;
  }
}
