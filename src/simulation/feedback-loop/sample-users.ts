import { Rng, deriveSeed } from '../../_internal/rng.js';

/**
 * The users of one round: `count` distinct indices in [0, total), drawn without replacement
 * from a seed derived from the base seed and the round (so a round's sample does not depend on
 * what happened in earlier rounds). All users, in a seeded order, when `count >= total`.
 *
 * @example sampleRoundUsers(7, 0, 5, 3) // e.g. Int32Array [4, 0, 2]
 */
export function sampleRoundUsers(seed: number, round: number, total: number, count: number): Int32Array {
  const rng = new Rng(deriveSeed(seed, `feedback-loop:users:${round}`));
  const pool = new Int32Array(total);
  for (let i = 0; i < total; i++) pool[i] = i;
  const k = Math.min(count, total);
  // Partial Fisher-Yates: the first k slots end up a uniform sample in random order.
  for (let i = 0; i < k; i++) {
    const j = i + rng.int(total - i);
    const tmp = pool[i]!;
    pool[i] = pool[j]!;
    pool[j] = tmp;
  }
  return pool.slice(0, k);
}

/** The click stream seed of one user in one round, derived from the base seed (order independent). */
export function clickSeed(seed: number, round: number, userId: string): number {
  return deriveSeed(deriveSeed(seed, `feedback-loop:clicks:${round}`), userId);
}
