import type { SlateExposure } from './logged-exposure.js';

/** What {@link _itemValue} needs besides the slates: show probabilities, examination and the cap. */
export interface ValueInputs {
  /** Probability that the policy showed the item in a slate that did show it. */
  readonly shownRate: (item: string, e: SlateExposure) => number;
  /** Probability that the policy shows the item in a slate that did not. */
  readonly unshownRate: (item: string) => number;
  /** Examination probability of a 1-based position. */
  readonly theta: (position: number) => number;
  /** Weight cap; slates that could show the item only with probability below `1 / clip` leave it to the reward model. */
  readonly clip: number;
}

/**
 * Internal: an item's IPS and DR value for one user, the mean over the user's held-out slates
 * (at least one) of: where the slate could show it with probability `P >= 1 / clip`, IPS
 * `c * min(clip, 1 / (P * theta))` (c = 1 when clicked there, theta the examination of its
 * position) and DR `rhat * (1 - o * min(clip, 1 / P)) + c * min(clip, 1 / (P * theta))` (o = 1 when
 * shown there); elsewhere, both the reward model's `rhat` (the direct method).
 *
 * @example _itemValue('a', [new Map([['a', { position: 2, randomised: false, clicked: true }]]), new Map()], 0.3, { shownRate: () => 1, unshownRate: () => 0, theta: (k) => 1 / k, clip: 100 })
 * // { ips: (2 + 0.3) / 2, dr: (2 + 0.3) / 2 }
 */
export function _itemValue(item: string, slates: readonly ReadonlyMap<string, SlateExposure>[], rhat: number, x: ValueInputs): { ips: number; dr: number } {
  const floor = 1 / x.clip;
  let ips = 0;
  let dr = 0;
  const unshown = x.unshownRate(item);
  for (const slate of slates) {
    const e = slate.get(item);
    const p = e === undefined ? unshown : x.shownRate(item, e);
    if (p < floor) {
      ips += rhat;
      dr += rhat;
    } else if (e !== undefined) {
      const w = e.clicked ? Math.min(x.clip, 1 / (p * x.theta(e.position))) : 0;
      ips += w;
      dr += rhat * (1 - Math.min(x.clip, 1 / p)) + w;
    } else {
      dr += rhat;
    }
  }
  const m = Math.max(1, slates.length);
  return { ips: ips / m, dr: dr / m };
}
