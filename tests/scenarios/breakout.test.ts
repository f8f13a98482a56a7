/**
 * A hot topic lifts an untouched product of a small merchant for the users whose interests it
 * matches, on a catalogue our generator did not make (tests/_catalogues: 360 shoppers with 10 to
 * 63 events over 90 days in five categories, 42 shops of log-normal size, a clay-pot kit of the
 * smallest kitchen shop that nobody has touched, look-alike products in every category). With the
 * default config (issue 11's acceptance):
 * (a) the topic given ad hoc in simplified Chinese, traditional Chinese or English, and (b) fitted
 *     with a burst: median rank <= 3 among the kitchen shoppers, and >= 80% of them have it in their top 10;
 * (c) without the topic at most 20% have it in their top 10;
 * (d) it is first for at most 20% of the shoppers of other categories.
 */
import { describe, expect, it } from 'vitest';
import { buildBreakoutCatalogue } from '../_catalogues/breakout-catalogue.js';
import { BREAKOUT_VARIANTS, measureBreakout } from '../_catalogues/breakout-harness.js';

describe('breakout of an untouched product through a hot topic (independent catalogue, default config)', () => {
  const catalogue = buildBreakoutCatalogue();

  for (const variant of BREAKOUT_VARIANTS) {
    it(`${variant}: (a/b) median rank <= 3 and >= 80% in the top 10 for its category; (c) <= 20% without the topic; (d) first for <= 20% of the others`, () => {
      const m = measureBreakout({}, variant, { catalogue });
      expect(m.withTopic.category.users).toBeGreaterThan(50);
      expect(m.withTopic.category.medianRank).toBeLessThanOrEqual(3);
      expect(m.withTopic.category.top10Share).toBeGreaterThanOrEqual(0.8);
      expect(m.withoutTopic.category.top10Share).toBeLessThanOrEqual(0.2);
      expect(m.withTopic.others.firstShare).toBeLessThanOrEqual(0.2);
    }, 60_000);
  }

  it('control: with the trend boost off the topic does not lift it (the harness can fail)', () => {
    const m = measureBreakout({ boost: { weight: 0 } }, 'zh-hans', { catalogue });
    expect(m.withTopic.category.top10Share).toBeLessThan(0.8);
  }, 60_000);
});
