import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../../src/errors.js';
import { fitImpressionsPropensity } from '../../../src/evaluation/propensity/impressions-model.js';
import { _readImpressionLog } from '../../../src/evaluation/propensity/impression-log.js';
import { estimateShowRates } from '../../../src/evaluation/propensity/show-probability.js';
import type { Event, Product } from '../../../src/schema/entities.js';

const products: Product[] = ['a', 'b', 'c', 'd'].map((id) => ({ id, merchantId: 'm', title: id, description: '', tags: [], category: '', inStock: true }));

/** `n` one-item slates of `item` at `position` on `surface`, the first `clicks` of them clicked. */
function slates(item: string, position: number, n: number, clicks: number, surface: string, from: number): Event[] {
  const out: Event[] = [];
  for (let s = 0; s < n; s++) {
    const base = { userId: `u${s % 7}`, productId: item, timestamp: from + s, sessionId: `s${from + s}` };
    out.push({ ...base, type: 'impression', position, surface });
    if (s < clicks) out.push({ ...base, type: 'click' });
  }
  return out;
}

describe('the impressions propensity model', () => {
  it('examination from result randomisation: click-through by position on the randomised surface, relative to position 1', () => {
    const train = [...slates('a', 1, 100, 40, 'explore', 0), ...slates('b', 2, 100, 20, 'explore', 1000), ...slates('c', 2, 100, 60, 'feed', 2000)];
    const fitted = fitImpressionsPropensity(train, [], products, new Map(), { examination: 'randomised', clip: 100, catalogueSize: 4 });
    // 40% at 1, 20% at 2 on the randomised surface; the feed's 60% at 2 does not count.
    expect(fitted.info.examination).toEqual([1, 0.5]);
    expect(fitted.info.examinationMethod).toBe('randomised');
    expect(() => fitImpressionsPropensity(train, [], products, new Map(), { examination: 'randomised', randomisedSurface: 'nope', clip: 100, catalogueSize: 4 })).toThrow(ConfigError);
  });

  it('a held-out click is weighted by 1 / examination of its position (deterministic logging); one without an impression at its own position', () => {
    const train = [...slates('a', 1, 50, 20, 'feed', 0), ...slates('b', 2, 50, 5, 'feed', 100)];
    const t = 10_000;
    const test: Event[] = [
      { userId: 'u', productId: 'a', type: 'impression', timestamp: t, position: 2, sessionId: 'h' },
      { userId: 'u', productId: 'a', type: 'click', timestamp: t + 1, sessionId: 'h' },
      { userId: 'u', productId: 'd', type: 'purchase', timestamp: t + 2, position: 1 },
    ];
    const fitted = fitImpressionsPropensity(train, test, products, new Map([['u', new Set(['a', 'd'])]]), { examination: [1, 0.25], clip: 100, catalogueSize: 4 });
    const u = fitted.users.get('u')!;
    // a: clicked in its held-out slate at position 2: 1 / 0.25; d: no impression, its event says position 1: 1 / 1.
    expect(u.weights).toEqual([4, 1]);
    expect(u.value('a', 'ips')).toBe(4);
    expect(u.value('d', 'ips')).toBe(1);
    // Not shown, no randomisation: no support, the reward model values it (a probability).
    expect(u.supported('c')).toBe(false);
    expect(u.value('c', 'ips')).toBeGreaterThan(0);
    expect(u.value('c', 'ips')).toBeLessThan(1);
    expect(fitted.info.heldOutWithoutImpression).toBe(1);
  });

  it('history show rates: the user\'s share of slates with the item, shrunk toward its share of all slates', () => {
    const events: Event[] = [
      { userId: 'u1', productId: 'a', type: 'impression', timestamp: 1, position: 1, sessionId: 's1' },
      { userId: 'u1', productId: 'a', type: 'impression', timestamp: 2, position: 1, sessionId: 's2' },
      { userId: 'u2', productId: 'b', type: 'impression', timestamp: 3, position: 1, sessionId: 's3' },
    ];
    const log = _readImpressionLog(events);
    const rates = estimateShowRates(log, 1);
    const [u1, u2] = [log.userIndex.get('u1')!, log.userIndex.get('u2')!];
    const a = log.itemIndex.get('a')!;
    // a is in 2 of 3 slates; u1 saw it in 2 of 2: (2 + 1 * 2/3) / (2 + 1); u2 in 0 of 1: (0 + 2/3) / (1 + 1).
    expect(rates.perSlate(u1, a)).toBeCloseTo(8 / 9, 12);
    expect(rates.perSlate(u2, a)).toBeCloseTo(1 / 3, 12);
    expect(rates.itemRate(a)).toBeCloseTo(2 / 3, 12);
    expect(rates.perSlate(u1, -1)).toBe(0);
  });
});

describe('the empirical-Bayes prior of history show rates', () => {
  /** 40 users x 10 slates of 3 of 30 items: each user's own fixed 3 items, or 3 drawn uniformly. */
  function log(personal: boolean): Event[] {
    const events: Event[] = [];
    let t = 0;
    for (let u = 0; u < 40; u++) {
      for (let s = 0; s < 10; s++) {
        t++;
        for (let k = 0; k < 3; k++) {
          const item = personal ? (3 * u + k) % 30 : (7 * t + 11 * k + u) % 30;
          events.push({ userId: `u${u}`, productId: `p${item}`, type: 'impression', timestamp: t, position: k + 1, sessionId: `s${t}` });
        }
      }
    }
    return events;
  }

  it('is weak for a personalised policy (users keep their own rates) and strong for one that shows everyone alike', () => {
    expect(estimateShowRates(_readImpressionLog(log(true))).priorSlates).toBe(0.5);
    expect(estimateShowRates(_readImpressionLog(log(false))).priorSlates).toBeGreaterThan(50);
  });
});
