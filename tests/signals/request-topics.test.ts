/**
 * Trending `requestTopics`: with 'lead' (the default) a request's own topics are its only trends
 * (heat shares among themselves, no held topic, no product's own burst); with 'add' they join the
 * held ones. Hand-computed on the text fixture and the bulk-raters shop.
 */
import { describe, expect, it } from 'vitest';
import { createTrending } from '../../src/signals/trending.js';
import { bulkRatersShop } from '../_catalogues/bulk-raters.js';
import { HOUR, T0, contextOf, dataset, event, idx, product, topics } from './_text-fixture.js';

// A held topic observed once, 1 h before T0 (half-life 1 h: heat 50; b = (400 + 1) / (100 / 7 + 1)).
const B100 = (400 + 1) / (100 / 7 + 1);
const HELD = { id: 'olympics', text: 'olympics backpack', heat: [{ timestamp: T0 - HOUR, count: 100 }] };
const HAND = { topicHalfLifeHours: 1, itemWeight: 0, personalisation: 0 } as const;

function shop() {
  return dataset(
    [product('P0', 'Olympics retro backpack', 'travel'), product('P1', 'Olympics fan scarf', 'travel'), product('P2', 'Desk fan', 'home')],
    [event('traveller', 'P1', 'view', -48)],
    [HELD],
  );
}

describe("trending requestTopics: 'lead' and 'add'", () => {
  const ds = shop();
  const all = Int32Array.from({ length: ds.products.size }, (_, i) => i);
  const request = topics([{ id: 'fan', text: 'desk fan heatwave' }]);
  const fitted = (requestTopics: 'lead' | 'add') => {
    const s = createTrending({ ...HAND, requestTopics });
    s.fit(ds);
    return s;
  };

  it('lead: the held topic is set aside (hot 0) and only the request topic scores; without request topics the held one counts', () => {
    const s = fitted('lead');
    const states = s.topicStates(T0, request);
    expect(states.map((x) => [x.id, x.setAside, x.hot])).toEqual([
      ['olympics', true, 0],
      ['fan', false, 4], // given without heat: normHeat 1 x givenBurst 4
    ]);
    expect(states[0]!.normHeat).toBe(1); // against the held topics' hottest (itself)
    const out = s.score(contextOf(ds, 'traveller', T0, request), all);
    expect(out[idx(ds, 'P0')]).toBeNaN();
    expect(out[idx(ds, 'P2')]).toBeCloseTo(4, 6);
    // A request without topics: the held topic at its own heat and burst.
    const plain = s.score(contextOf(ds, 'traveller', T0), all);
    expect(plain[idx(ds, 'P0')]).toBeCloseTo(B100, 4);
    expect(s.topicStates(T0).every((x) => !x.setAside)).toBe(true);
  });

  it('lead: a held topic without heat observations does not spoil the set-aside heat shares (no NaN)', () => {
    const both = dataset(
      [product('P0', 'Olympics retro backpack', 'travel'), product('P1', 'Desk fan', 'home')],
      [event('traveller', 'P0', 'view', -48)],
      [HELD, { id: 'always', text: 'desk fan' }],
    );
    const s = createTrending({ ...HAND, requestTopics: 'lead' });
    s.fit(both);
    const states = s.topicStates(T0, request);
    expect(states.map((x) => [x.id, x.setAside, x.normHeat, x.hot])).toEqual([
      ['olympics', true, 1, 0],
      ['always', true, 1, 0],
      ['fan', false, 1, 4],
    ]);
  });

  it('add: the request topic joins the held one (both score; nothing set aside)', () => {
    const s = fitted('add');
    expect(s.topicStates(T0, request).map((x) => [x.id, x.setAside])).toEqual([
      ['olympics', false],
      ['fan', false],
    ]);
    const out = s.score(contextOf(ds, 'traveller', T0, request), all);
    expect(out[idx(ds, 'P0')]).toBeCloseTo(B100, 4);
    expect(out[idx(ds, 'P2')]).toBeCloseTo(4, 6);
  });

  it('lead: request topics with heat share heat among themselves, not with the held topics', () => {
    const s = fitted('lead');
    // 10 mentions 1 h ago: heat 5, a tenth of the held topic's 50; among the request's topics it is the hottest.
    const warm = topics([{ id: 'fan', text: 'desk fan heatwave', heat: [{ timestamp: T0 - HOUR, count: 10 }] }]);
    const fan = s.topicStates(T0, warm).find((x) => x.id === 'fan')!;
    expect(fan.normHeat).toBe(1);
    expect(fan.hot).toBeCloseTo((40 + 1) / (10 / 7 + 1), 6);
    expect(fitted('add').topicStates(T0, warm).find((x) => x.id === 'fan')!.normHeat).toBeCloseTo(0.1, 12);
  });

  it('lead: explains a product both topics match with the request topic and the held one set aside', () => {
    const s = fitted('lead');
    const both = topics([{ id: 'scarf', text: 'olympics fan scarf' }]);
    const lines = s.describe(contextOf(ds, 'traveller', T0, both), idx(ds, 'P1'));
    expect(lines[0]).toBe('topic "olympics fan scarf" (scarf, ad hoc): given without heat, taken as hot now (burst x4.00)');
    expect(lines.at(-1)).toBe(`set aside in this request (its own topics lead; requestTopics 'lead'): "olympics backpack"`);
  });

  it("lead: a product's own burst does not count in a request with topics; it does without", () => {
    const { products, events } = bulkRatersShop(T0);
    const bulk = dataset(products, events);
    const hot = Int32Array.from([idx(bulk, 'hot')]);
    const s = createTrending({ personalisation: 0 });
    s.fit(bulk);
    expect(s.score(contextOf(bulk, 'r1', T0), hot)[0]).toBeGreaterThan(1);
    expect(s.score(contextOf(bulk, 'r1', T0, topics([{ id: 'rain', text: 'umbrella sale' }])), hot)[0]).toBeNaN();
    expect(s.describe(contextOf(bulk, 'r1', T0, topics([{ id: 'rain', text: 'umbrella sale' }])), idx(bulk, 'hot'))).toEqual([]);
  });
});
