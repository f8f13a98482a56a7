import { Rng, deriveSeed } from '../../_internal/rng.js';
import { roundTo } from './ids.js';

/**
 * Latent category interests of `users` users over `categories` categories, row-major, each row
 * summing to about 1 (values rounded to 1e-4). Dirichlet-like and sparse: each user has 1-3 main
 * categories with weight `0.5 + Exp(1)` and a faint `0.02 * Exp(1)` on the rest. Each user's draw
 * uses its own seed derived from `seed`, so it does not depend on the number of users.
 */
export function generateInterests(seed: number, users: number, categories: number): Float64Array {
  const out = new Float64Array(users * categories);
  const raw = new Float64Array(categories);
  const order = Array.from({ length: categories }, (_, i) => i);
  for (let u = 0; u < users; u++) {
    const rng = new Rng(deriveSeed(seed, `interests:${u}`));
    const main = 1 + rng.int(Math.min(3, categories));
    for (let c = 0; c < categories; c++) order[c] = c;
    rng.shuffle(order);
    for (let c = 0; c < categories; c++) raw[c] = 0.02 * rng.exponential();
    for (let k = 0; k < main; k++) raw[order[k]!] = 0.5 + rng.exponential();
    let sum = 0;
    for (let c = 0; c < categories; c++) sum += raw[c]!;
    for (let c = 0; c < categories; c++) out[u * categories + c] = roundTo(raw[c]! / sum, 4);
  }
  return out;
}
