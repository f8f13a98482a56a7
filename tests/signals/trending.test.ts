import { describe, expect, it } from 'vitest';
import { createRecommender } from '../../src/engine/recommender.js';
import { loadRecommender, recommenderToJSON } from '../../src/engine/model-file.js';
import { NotFittedError } from '../../src/errors.js';
import type { TopicInput } from '../../src/schema/entities.js';
import { burstFactor, heatAt, heatSeries, windowCount } from '../../src/signals/topic-heat.js';
import { createTrending, type TrendingConfigInput } from '../../src/signals/trending.js';
import { TextIndexCache } from '../../src/text/text-index-cache.js';
import { HOUR, T0, contextOf, dataset, event, idx, product, topics } from './_text-fixture.js';

describe('topic heat', () => {
  const s = heatSeries([
    { timestamp: 0, count: 8 },
    { timestamp: 3 * HOUR, count: 4 },
    { timestamp: 0, count: 16 }, // same timestamp: the later update wins
  ]);

  it('decays each observation with the half-life and ignores observations after now', () => {
    expect(heatAt(s, 2 * HOUR, HOUR)).toBeCloseTo(16 / 4, 12); // the 3 h observation is in the future
    expect(heatAt(s, 4 * HOUR, HOUR)).toBeCloseTo(16 / 16 + 4 / 2, 12);
    expect(heatAt(s, -1, HOUR)).toBe(0);
  });

  it('counts a window (now - w, now] and forms b = (short rate + 1) / (long rate + 1), rates per day', () => {
    expect(windowCount(s, 3 * HOUR, 3 * HOUR)).toBe(4); // t = 0 is on the open end
    expect(windowCount(s, 3 * HOUR, 4 * HOUR)).toBe(20);
    expect(burstFactor(6, 0.25, 14, 7)).toBeCloseTo((24 + 1) / (2 + 1), 12);
  });
});

// Hand-computable shop: one topic observed once, 1 h before now, with a 1 h half-life.
const HAND: TrendingConfigInput = { topicHalfLifeHours: 1, itemWeight: 0, personalisation: 0 };
const OLYMPICS: TopicInput = {
  id: 'olympics',
  text: 'olympics',
  tags: ['olympics', 'backpack'],
  productIds: ['P0'],
  heat: [{ timestamp: T0 - HOUR, count: 100 }],
};
/** H = 100 * 2^-1 = 50; b = (100 / 0.25 + 1) / (100 / 7 + 1) = 26.233645. */
const B100 = (400 + 1) / (100 / 7 + 1);

function shop(topicList: TopicInput[] = [OLYMPICS]) {
  return dataset(
    [
      product('P0', 'Olympics retro bag', 'travel', ['olympics', 'backpack']),
      product('P1', 'Travel bag', 'travel', ['backpack']),
      product('P2', 'Desk fan', 'home', ['fan']),
      product('P3', 'Green tea', 'food', ['tea']),
      product('P4', '北京奥运会纪念双肩背包', 'travel'),
    ],
    [event('traveller', 'P1', 'view', -48), event('homebody', 'P2', 'view', -48)],
    topicList,
  );
}

function all(ds: ReturnType<typeof shop>): Int32Array {
  return Int32Array.from({ length: ds.products.size }, (_, i) => i);
}

describe('trending signal', () => {
  it('scores T(p) = normHeat * burst * match for a linked, text-matched product (hand-computed)', () => {
    const ds = shop();
    const s = createTrending(HAND);
    s.fit(ds);
    const out = s.score(contextOf(ds, 'traveller'), all(ds));
    expect(out[idx(ds, 'P0')]).toBeCloseTo(B100, 4); // m = max(text 1, link 1, tags 0.5) = 1
    // No hot topic matches P1 (tags 0.5 * 1/2 = 0.25 < minMatch 0.3) or P2: no opinion.
    expect(out[idx(ds, 'P1')]).toBeNaN();
    expect(out[idx(ds, 'P2')]).toBeNaN();
    // Requests without ad-hoc topics at the same time share one computation (a fresh [] each call).
    expect(s.topicStates(T0, [])).toBe(s.topicStates(T0, []));
    const state = s.topicStates(T0)[0]!;
    expect(state.heat).toBeCloseTo(50, 10);
    expect(state.normHeat).toBe(1);
    expect(state.burst).toBeCloseTo(B100, 10);
  });

  it('hands the boost stage T(p) and the personal factor, with the hottest matching topic as reason', () => {
    const ds = shop();
    const s = createTrending({ ...HAND, personalisation: 1 });
    s.fit(ds);
    const cands = Int32Array.from([idx(ds, 'P0'), idx(ds, 'P1'), idx(ds, 'P2')]);
    const traveller = s.boost(contextOf(ds, 'traveller'), cands);
    expect(traveller.strength[0]).toBeCloseTo(B100, 4);
    expect(Array.from(traveller.strength.subarray(1))).toEqual([0, 0]); // no hot topic matches P1 (0.25 < 0.3) or P2
    expect(traveller.personal[0]).toBe(1); // travel is the traveller's whole history
    expect(traveller.reason(0)).toBe('trending now: olympics');
    // The homebody has no affinity to travel or backpacks: the strength stays, the personal factor is 0.
    const homebody = s.boost(contextOf(ds, 'homebody'), cands);
    expect(homebody.strength[0]).toBeCloseTo(B100, 4);
    expect(homebody.personal[0]).toBe(0);
  });

  it('boost stage: weight x T / (T + halfSaturation) x personal, in blend units, on the served slate (hand-computed)', () => {
    const ds0 = shop();
    const rec = createRecommender({
      signals: [{ ...HAND, personalisation: 1, type: 'trending', weight: 0 }, { type: 'popularity', weight: 1 }],
      boost: { weight: 1.5, halfSaturation: 5 },
      fairness: { rerank: { lambda: 0 }, record: false },
    }).fit({ products: ds0.productRecords, events: [event('traveller', 'P1', 'view', -48), event('homebody', 'P2', 'view', -48)], topics: [OLYMPICS] });
    const slate = rec.recommend('traveller', { n: 4, now: T0 });
    const p0 = slate.trace.items.find((t) => t.productId === 'P0')!;
    const expected = (1.5 * B100) / (B100 + 5); // 1.26: above P2's blend of 1 (the only product with a view)
    expect(p0.boost).toBeCloseTo(expected, 5);
    expect(p0.boostReason).toBe('trending now: olympics');
    expect(slate.items[0]!.productId).toBe('P0');
    expect(slate.items[0]!.score).toBeCloseTo(p0.blended + expected, 5);
    expect(slate.items[0]!.reasons[0]).toBe('trending now: olympics');
    // The homebody gets no boost (no affinity); nobody gets one with weight 0.
    const home = rec.recommend('homebody', { n: 4, now: T0 }).trace.items;
    expect(home.map((t) => [t.productId, t.boost ?? 0])).toEqual(home.map((t) => [t.productId, 0]));
  });

  it('takes a weaker tag match in when minMatch allows it', () => {
    const ds = shop();
    const s = createTrending({ ...HAND, minMatch: 0.2 });
    s.fit(ds);
    expect(s.score(contextOf(ds, 'traveller'), Int32Array.from([idx(ds, 'P1')]))[0]).toBeCloseTo(B100 * 0.25, 4);
  });

  it('counts a tag repeated in the topic (in any case or spacing) once in the tag share', () => {
    const repeated = { ...OLYMPICS, tags: ['olympics', 'backpack', 'Backpack', 'backpack '] };
    for (const topic of [OLYMPICS, repeated]) {
      const ds = shop([topic]);
      const s = createTrending({ ...HAND, minMatch: 0.2 });
      s.fit(ds);
      // P1 carries one of the two distinct topic tags: 0.5 * 1/2, as without the repeats.
      expect(s.score(contextOf(ds, 'traveller'), Int32Array.from([idx(ds, 'P1')]))[0]).toBeCloseTo(B100 * 0.25, 4);
    }
  });

  it('ignores heat observed after now, and has no opinion while nothing trends', () => {
    const ds = shop([{ ...OLYMPICS, heat: [...OLYMPICS.heat!, { timestamp: T0 + HOUR, count: 1e6 }] }]);
    const s = createTrending(HAND);
    s.fit(ds);
    expect(s.score(contextOf(ds, 'traveller'), Int32Array.from([idx(ds, 'P0')]))[0]).toBeCloseTo(B100, 4);
    const before = contextOf(ds, 'traveller', T0 - 2 * HOUR);
    expect(Array.from(s.score(before, all(ds))).every((v) => Number.isNaN(v))).toBe(true);
    expect(s.topN(before, 5).ids.length).toBe(0);
  });

  it('normalises heat by the hottest topic and drops topics under minHeatShare', () => {
    const tea: TopicInput = { id: 'tea', text: 'tea', heat: [{ timestamp: T0 - HOUR, count: 1 }] };
    const ds = shop([OLYMPICS, tea]);
    const s = createTrending(HAND);
    s.fit(ds);
    // tea: H = 0.5, normHeat = 0.5 / 50 = 0.01, b = (4 + 1) / (1/7 + 1) = 4.375
    expect(s.score(contextOf(ds, 'traveller'), Int32Array.from([idx(ds, 'P3')]))[0]).toBeCloseTo(0.01 * 4.375, 6);
    const strict = createTrending({ ...HAND, minHeatShare: 0.02 });
    strict.fit(ds);
    expect(strict.score(contextOf(ds, 'traveller'), Int32Array.from([idx(ds, 'P3')]))[0]).toBeNaN();
  });

  it('does not trend a steady topic: burst 1 is under minBurst 1.5', () => {
    const heat = Array.from({ length: 168 }, (_, k) => ({ timestamp: T0 - k * HOUR, count: 10 }));
    const ds = shop([{ id: 'fans', text: 'fan', heat }]);
    const s = createTrending(HAND);
    s.fit(ds);
    expect(s.topicStates(T0)[0]!.burst).toBeCloseTo(1, 12); // 240/day in both windows
    expect(Number.isNaN(s.score(contextOf(ds, 'homebody'), Int32Array.from([idx(ds, 'P2')]))[0]!)).toBe(true);
    const loose = createTrending({ ...HAND, minBurst: 1 });
    loose.fit(ds);
    expect(loose.score(contextOf(ds, 'homebody'), Int32Array.from([idx(ds, 'P2')]))[0]).toBeCloseTo(1, 6);
  });

  it('matches ad-hoc topics in Chinese only and in English only; a topic without heat is hot now', () => {
    const ds = shop([]);
    const s = createTrending(HAND);
    s.fit(ds);
    const zh = contextOf(ds, 'traveller', T0, topics([{ id: 'zh', text: '巴黎重现2008北京奥运会背包' }]));
    const zhTop = s.topN(zh, 5);
    expect(Array.from(zhTop.ids, (p) => ds.products.idAt(p))).toEqual(['P4']);
    expect(zhTop.scores[0]).toBeCloseTo(4, 6); // normHeat 1 * givenBurst 4 * match 1
    const en = contextOf(ds, 'traveller', T0, topics([{ id: 'en', text: 'Paris reappears the 2008 Beijing Olympics backpack' }]));
    const enTop = s.topN(en, 5);
    // P0 shares olymp and backpack, P1 only its backpack tag: a weaker match, still above 0.3.
    expect(Array.from(enTop.ids, (p) => ds.products.idAt(p))).toEqual(['P0', 'P1']);
    expect(enTop.scores[0]).toBeCloseTo(4, 6);
    expect(enTop.scores[1]).toBeLessThan(0.6 * 4);
    expect(s.describe(zh, idx(ds, 'P4'))).toEqual([
      'topic "巴黎重现2008北京奥运会背包" (zh, ad hoc): given without heat, taken as hot now (burst x4.00)',
      '  match 1.00 = max(text 1.00); matched terms: 北京, 奥运, 背包, 京奥, 运会',
    ]);
  });

  it('personalises by the affinity to the product category and tags (strangers get 1)', () => {
    const ds = shop();
    const full = createTrending({ ...HAND, personalisation: 1 });
    full.fit(ds);
    const p0 = Int32Array.from([idx(ds, 'P0')]);
    expect(full.score(contextOf(ds, 'traveller'), p0)[0]).toBeCloseTo(B100, 4); // travel share 1
    expect(full.score(contextOf(ds, 'homebody'), p0)[0]).toBe(0); // no travel, no backpack
    expect(full.score(contextOf(ds, 'stranger'), p0)[0]).toBeCloseTo(B100, 4);
    const half = createTrending({ ...HAND, personalisation: 0.5 });
    half.fit(ds);
    expect(half.score(contextOf(ds, 'homebody'), p0)[0]).toBeCloseTo(B100 / 2, 4);
    expect(full.describe(contextOf(ds, 'traveller'), idx(ds, 'P0'))).toContain('personalised x1.00 (your affinity to category travel)');
    // topN proposes only products the user's own score keeps above 0.
    expect(Array.from(full.topN(contextOf(ds, 'traveller'), 5).ids)).toEqual([idx(ds, 'P0')]);
    expect(Array.from(full.topN(contextOf(ds, 'homebody'), 5).ids)).toEqual([]);
    expect(Array.from(half.topN(contextOf(ds, 'homebody'), 5).ids)).toEqual([idx(ds, 'P0')]);
  });

  it('trends a product whose own distinct users burst, not one busy user', () => {
    const ds = dataset(
      [product('X', 'kite'), product('Y', 'mug'), product('Z', 'pen')],
      [
        event('a', 'X', 'view', -1),
        event('b', 'X', 'click', -2),
        event('c', 'X', 'view', -3),
        event('a', 'Y', 'view', -1),
        event('a', 'Y', 'click', -1),
        event('a', 'Y', 'cart', -1),
        event('a', 'Z', 'view', -300),
        event('b', 'Z', 'view', -301),
      ],
    );
    const s = createTrending({ personalisation: 0 });
    s.fit(ds);
    const out = s.score(contextOf(ds, 'a'), Int32Array.from([0, 1, 2]));
    // X: 3 users in 24 h, 3 in the long window; the log starts 301 h before now, so the long rate
    // is taken over those 301 h, not 336. The rest of the shop: Y's 3 events in the last 24 h
    // against Z's 1 in the 277 h before (its view at -301 h starts the log, outside the half-open
    // window; 0.0866 in 24 h at that rate), each plus the 20-event prior: surge (3 + 20) / (0.0866
    // + 20) = 1.1450. It scales X's earlier users, of whom there are none, so b = (3 + 1) / (3 /
    // (301 / 24) + 1) = 3.2279 as by X's own rate, T = 0.5 b; the surge shows in the chance. Y's
    // one busy user and Z's old views do not burst: no opinion.
    expect(out[0]).toBeCloseTo(0.5 * (4 / ((3 * 24) / 301 + 1)), 5);
    expect(out[1]).toBeNaN();
    expect(out[2]).toBeNaN();
    // Its chance: no users before the short window, so expected = (0 + 1) * 24 / 277 * 1.1450 =
    // 0.0992 users, P(X >= 3) = 1.47e-4; X and Y are the products active in the last 24 h: 2.9e-4 <= 0.1.
    expect(s.describe(contextOf(ds, 'a'), 0)).toEqual([
      "own interactions bursting: 3 users in the last 24 h vs 3 in 336 h (burst x3.23; 0.10 expected at its earlier rate times the shop's surge x1.15, chance 0.015% among 2 active products)",
    ]);
    // The product's own rate alone (itemRelative false, model files before version 7).
    const own = createTrending({ personalisation: 0, itemRelative: false });
    own.fit(ds);
    expect(own.score(contextOf(ds, 'a'), Int32Array.from([0]))[0]).toBeCloseTo(0.5 * (4 / ((3 * 24) / 301 + 1)), 5);
    expect(own.describe(contextOf(ds, 'a'), 0)).toEqual([
      'own interactions bursting: 3 users in the last 24 h vs 3 in 336 h (burst x3.23; 0.09 expected at its earlier rate, chance 0.010% among 2 active products)',
    ]);
    // A log that starts inside the short window has no history to judge a burst against.
    const young = dataset([product('X', 'kite')], [event('a', 'X', 'view', -1), event('b', 'X', 'view', -2), event('c', 'X', 'view', -3)]);
    const t = createTrending({ personalisation: 0 });
    t.fit(young);
    expect(t.score(contextOf(young, 'a'), Int32Array.from([0]))[0]).toBeNaN();
  });

  it('merges observed heat (same timestamp replaces), keeps links, and rematches once', () => {
    const ds = shop();
    const s = createTrending(HAND);
    s.fit(ds);
    s.observeTopics(
      topics([{ id: 'olympics', text: 'olympics', heat: [{ timestamp: T0 - HOUR, count: 300 }, { timestamp: T0 - 2 * HOUR, count: 100 }] }]),
    );
    const st = s.topicStates(T0)[0]!;
    expect(st.heat).toBeCloseTo(300 / 2 + 100 / 4, 10);
    const b = (400 * 4 + 1) / (400 / 7 + 1);
    expect(st.burst).toBeCloseTo(b, 10);
    expect(s.topics()[0]!.productIds).toEqual(['P0']);
    expect(s.score(contextOf(ds, 'traveller'), Int32Array.from([idx(ds, 'P0')]))[0]).toBeCloseTo(b, 4);
  });

  it('keeps its topic state bounded: one observation per timestamp, old heat pruned, emptied topics forgotten', () => {
    const ds = shop([OLYMPICS, { id: 'linked', text: 'tea', productIds: ['P3'] }]);
    // Half-life 1 h, prune after 10 half-lives: the horizon is max(10 h, long window 20 h, short 2 h) = 20 h.
    const s = createTrending({ ...HAND, pruneAfterHalfLives: 10, shortWindowHours: 2, longWindowHours: 20 });
    s.fit(ds);
    for (let k = 0; k < 50; k++) s.observeTopics(topics([{ id: 'olympics', text: 'olympics', heat: [{ timestamp: T0 - HOUR, count: 100 + k }] }]));
    expect(s.topics().find((t) => t.id === 'olympics')!.heat).toEqual([{ timestamp: T0 - HOUR, count: 149 }]);
    // A day later a new topic is observed: the olympics observation is 25 h behind it, past the
    // 20 h horizon, so the topic is forgotten; the topic given without heat (hot now) stays.
    s.observeTopics(topics([{ id: 'fans', text: 'desk fan', heat: [{ timestamp: T0 + 24 * HOUR, count: 5 }] }]));
    expect(s.topics().map((t) => t.id).sort()).toEqual(['fans', 'linked']);
    // Inside the horizon nothing is dropped.
    s.observeTopics(topics([{ id: 'fans', text: 'desk fan', heat: [{ timestamp: T0 + 5 * HOUR, count: 7 }] }]));
    expect(s.topics().find((t) => t.id === 'fans')!.heat.map((o) => o.count)).toEqual([7, 5]);
  });

  it('an observation dated far ahead of the data does not make it forget the held topics', () => {
    const ds = shop([OLYMPICS, { id: 'tea', text: 'green tea', heat: [{ timestamp: T0 - 2 * HOUR, count: 30 }] }]);
    // The default half-life (24 h): heat is pruned 64 half-lives (64 days) behind the clock.
    const s = createTrending({ itemWeight: 0, personalisation: 0 });
    s.fit(ds);
    const before = s.score(contextOf(ds, 'traveller'), Int32Array.from([idx(ds, 'P0')]))[0]!;
    expect(before).toBeGreaterThan(1);
    // 90 days after the data's reference time T0 (a wrong clock): pruning runs at most to T0 plus
    // the long window (7 days), so the horizon is T0 - 57 days and both held topics stay (it was
    // T0 + 26 days: every held topic was forgotten).
    s.observeTopics(topics([{ id: 'odd', text: 'desk fan', heat: [{ timestamp: T0 + 90 * 24 * HOUR, count: 5 }] }]));
    expect(s.topics().map((t) => t.id).sort()).toEqual(['odd', 'olympics', 'tea']);
    expect(s.score(contextOf(ds, 'traveller'), Int32Array.from([idx(ds, 'P0')]))[0]).toBe(before);
  });

  it('exports the observed topics in its state and imports them back exactly', () => {
    const ds = shop();
    const s = createTrending(HAND);
    s.fit(ds);
    s.observeTopics(topics([{ id: 'tea', text: 'green tea', heat: [{ timestamp: T0 - HOUR, count: 40 }] }]));
    const copy = createTrending(HAND);
    copy.importState(s.exportState(), ds);
    const ctx = contextOf(ds, 'traveller');
    expect(Array.from(copy.score(ctx, all(ds)))).toEqual(Array.from(s.score(ctx, all(ds))));
    expect(copy.topics().map((t) => t.id)).toEqual(['olympics', 'tea']);
  });

  it('keeps observed topic heat through a model file', () => {
    const ds0 = shop();
    const rec = createRecommender({ signals: [{ ...HAND, type: 'trending' }, { type: 'popularity', weight: 0 }], fairness: { rerank: { lambda: 0 } } });
    rec.fit({ products: ds0.productRecords, events: [event('traveller', 'P1', 'view', -48)], topics: [] });
    rec.observe({ topics: [OLYMPICS] });
    const a = rec.recommend('traveller', { n: 3, now: T0, record: false });
    expect(a.items[0]!.productId).toBe('P0');
    const loaded = loadRecommender(recommenderToJSON(rec));
    const b = loaded.recommend('traveller', { n: 3, now: T0, record: false });
    expect(b.items).toEqual(a.items);
    expect(b.trace.items[0]!.raw[0]).toBeCloseTo(B100, 4);
  });

  it('fitted without a shared index, leaves a removed product out of its own index, as the shared index does', () => {
    // A text-only topic ("bag": P0 and P1 by BM25, no links or tags) on a catalogue whose P1 was removed.
    const bags: TopicInput = { id: 'bags', text: 'bag', tags: [], productIds: [], heat: [{ timestamp: T0 - HOUR, count: 100 }] };
    const full = shop([bags]);
    const live = full.live.slice();
    live[idx(full, 'P1')] = 0;
    const ds = { ...full, live };
    const alone = createTrending(HAND);
    alone.fit(ds);
    const texts = new TextIndexCache(ds);
    const shared = createTrending(HAND);
    shared.fit(ds, { textIndex: (config) => texts.get(config) });
    const kept = createTrending(HAND);
    kept.fit(full);
    const out = alone.score(contextOf(ds, 'traveller'), all(ds));
    expect(out[idx(ds, 'P0')]).toBeCloseTo(B100, 4); // the only live match: m = 1
    expect(out[idx(ds, 'P1')]).toBeNaN();
    expect(kept.score(contextOf(full, 'traveller'), all(full))[idx(full, 'P1')]).toBeGreaterThan(0); // live, it matches
    expect(Array.from(out)).toEqual(Array.from(shared.score(contextOf(ds, 'traveller'), all(ds))));
  });

  it('throws NotFittedError before fit', () => {
    const s = createTrending();
    const ds = shop();
    expect(() => s.score(contextOf(ds, 'traveller'), Int32Array.from([0]))).toThrow(NotFittedError);
    expect(() => s.observeTopics([])).toThrow(NotFittedError);
  });
});
