import type { Tier } from '../../schema/entities.js';

/**
 * Tiers from merchant sizes (docs/design.md 5.4): merchants sorted by size (ties by index); those whose
 * cumulative share before them is below 50% are `head`, those starting at or after 80% (the last
 * 20% of the mass) are `small`, the rest `mid`.
 *
 * @example tiersFromSizes(Int32Array.of(6, 2, 1, 1)) // ['head', 'mid', 'small', 'small']
 */
export function tiersFromSizes(sizes: ArrayLike<number>): Tier[] {
  const k = sizes.length;
  const order = Array.from({ length: k }, (_, i) => i).sort((a, b) => sizes[b]! - sizes[a]! || a - b);
  let total = 0;
  for (let i = 0; i < k; i++) total += sizes[i]!;
  const tiers: Tier[] = new Array<Tier>(k).fill('mid');
  let before = 0;
  for (const m of order) {
    const share = total > 0 ? before / total : 0;
    tiers[m] = share < 0.5 ? 'head' : share >= 0.8 ? 'small' : 'mid';
    before += sizes[m]!;
  }
  return tiers;
}
