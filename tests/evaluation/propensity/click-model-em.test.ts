import { describe, expect, it } from 'vitest';
import { Rng } from '../../../src/_internal/rng.js';
import { fitPositionBasedModel } from '../../../src/evaluation/propensity/click-model-em.js';
import { _readImpressionLog } from '../../../src/evaluation/propensity/impression-log.js';
import type { Event } from '../../../src/schema/entities.js';

/** Known examination per position (position 1 = 1). */
const THETA = [1, 0.72, 0.55, 0.46, 0.4, 0.34, 0.3, 0.27, 0.24, 0.22];

/**
 * A seeded click log under the position-based model: 10 distinct random items per slate,
 * relevance sigmoid(-1 + a_u + b_i); `ranked` orders each slate by a noisy item score (as a
 * ranker would, so relevance falls with position), else the order is random.
 */
function clickLog(seed: number, slates: number, ranked: boolean): Event[] {
  const rng = new Rng(seed);
  const a = Array.from({ length: 300 }, () => 0.5 * rng.normal());
  const b = Array.from({ length: 200 }, () => 1.2 * rng.normal());
  const events: Event[] = [];
  for (let s = 0; s < slates; s++) {
    const u = rng.int(a.length);
    const shown = new Set<number>();
    while (shown.size < THETA.length) shown.add(rng.int(b.length));
    const noisy = new Map([...shown].map((i) => [i, b[i]! + rng.normal()] as const));
    const order = ranked ? [...shown].sort((x, y) => noisy.get(y)! - noisy.get(x)!) : [...shown];
    order.forEach((i, k) => {
      const base = { userId: `u${u}`, productId: `p${i}`, timestamp: s, sessionId: `s${s}` };
      events.push({ ...base, type: 'impression', position: k + 1 });
      const relevance = 1 / (1 + Math.exp(-(-1 + a[u]! + b[i]!)));
      if (rng.next() < THETA[k]! * relevance) events.push({ ...base, type: 'click' });
    });
  }
  return events;
}

/** Click-through rate per position relative to position 1 (the naive examination estimate). */
function ctrRatios(events: readonly Event[]): number[] {
  const log = _readImpressionLog(events);
  const clicks = new Float64Array(THETA.length);
  const shown = new Float64Array(THETA.length);
  for (let j = 0; j < log.user.length; j++) {
    clicks[log.position[j]! - 1]! += log.clicked[j]!;
    shown[log.position[j]! - 1]! += 1;
  }
  return Array.from(clicks, (c, k) => c / shown[k]! / (clicks[0]! / shown[0]!));
}

describe('fitPositionBasedModel (regression EM)', () => {
  it('recovers known examination probabilities from a seeded click log within 0.02 (random order)', () => {
    const model = fitPositionBasedModel(_readImpressionLog(clickLog(7, 20_000, false)));
    expect(model.converged).toBe(true);
    expect(model.examination).toHaveLength(THETA.length);
    model.examination.forEach((t, k) => expect(Math.abs(t - THETA[k]!)).toBeLessThanOrEqual(0.02));
  });

  it('recovers them within 0.02 when a ranker put relevant items on top, where click-through ratios cannot', () => {
    const events = clickLog(11, 30_000, true);
    const model = fitPositionBasedModel(_readImpressionLog(events));
    model.examination.forEach((t, k) => expect(Math.abs(t - THETA[k]!)).toBeLessThanOrEqual(0.02));
    // The control: relevance falls with position, so the naive ratio is far off at the bottom.
    expect(THETA[9]! - ctrRatios(events)[9]!).toBeGreaterThan(0.1);
  });

  it('keeps a given examination fixed and fits relevance only', () => {
    const given = [1, 0.5, 0.25, 0.2, 0.2, 0.2, 0.2, 0.2, 0.2, 0.2];
    const model = fitPositionBasedModel(_readImpressionLog(clickLog(3, 2_000, false)), { examination: given });
    expect(Array.from(model.examination)).toEqual(given);
  });
});
