/**
 * A product that arrives while the service runs and sells at once (a live drop) trends before any
 * refit: on the breakout catalogue (tests/_catalogues/breakout-catalogue.ts, not the marketplace
 * generator), with the default config, a small kitchen shop's new product is added through
 * `observe({ products })` and ten kitchen shoppers click it within the hour through
 * `observe({ events })`. The products' own bursts count those events at once, a model file keeps
 * them, and the same clicks dated three weeks back (out of the windows) are the control.
 */
import { describe, expect, it } from 'vitest';
import { loadRecommender, recommenderToBinary } from '../../src/engine/model-file.js';
import { createRecommender, type EventInput, type Recommender } from '../../src/index.js';
import { buildBreakoutCatalogue } from '../_catalogues/breakout-catalogue.js';
import { summariseRanks, type RankSummary } from '../_catalogues/breakout-harness.js';

const HOUR = 3_600_000;
const DROP = 'live-drop-1';

describe('a product added and clicked after the fit trends at once', () => {
  const cat = buildBreakoutCatalogue();
  const now = cat.now;
  const users = (inCategory: boolean) => [...cat.userCategory].filter(([, c]) => (c === cat.target.category) === inCategory).map(([u]) => u);
  const kitchen = users(true);
  const others = users(false);
  const clickers = kitchen.slice(0, 10);
  const audience = kitchen.slice(10);
  const clicks = (ageHours: number): EventInput[] => clickers.map((u, i) => ({ userId: u, productId: DROP, type: 'click', timestamp: now - (ageHours + i / 10) * HOUR }));

  /** The default recommender fitted on the catalogue, with the drop added after the fit. */
  const withDrop = (): Recommender => {
    const rec = createRecommender({}).fit({ products: cat.products, merchants: cat.merchants, events: cat.events });
    rec.observe({ products: [{ id: DROP, merchantId: cat.target.merchantId, title: 'limited cast iron skillet drop', category: cat.target.category, tags: [] }] });
    return rec;
  };
  const rankOf = (rec: Recommender, user: string): number => {
    const i = rec.recommend(user, { n: 100, now, record: false }).items.findIndex((x) => x.productId === DROP);
    return i < 0 ? Infinity : i + 1;
  };
  const ranks = (rec: Recommender, group: readonly string[]): RankSummary => summariseRanks(group.map((u) => rankOf(rec, u)));

  const live = withDrop();
  const before = { audience: ranks(live, audience), others: ranks(live, others) };
  live.observe({ events: clicks(1) });

  it('before the clicks the new product is in no top 10; after them it leads the slates of its category', () => {
    expect(audience.length).toBeGreaterThanOrEqual(60);
    expect(before.audience.top10Share).toBe(0);
    expect(before.others.top10Share).toBe(0);
    const after = ranks(live, audience);
    expect(after.medianRank).toBeLessThanOrEqual(3);
    expect(after.top10Share).toBeGreaterThanOrEqual(0.8);
    // Personalised: users of other categories see it first rarely.
    expect(ranks(live, others).firstShare).toBeLessThanOrEqual(0.2);
    const slate = live.recommend(audience[0]!, { n: 10, now, record: false });
    const lines = live.explain(slate).items.find((x) => x.productId === DROP)!.lines.join('\n');
    expect(lines).toMatch(/own interactions bursting: 10 users in the last 24 h vs 10 in 336 h/);
  });

  it('control: the same clicks three weeks back are outside the windows and lift nothing', () => {
    const old = withDrop();
    old.observe({ events: clicks(21 * 24) });
    expect(ranks(old, audience).top10Share).toBe(0);
  });

  it('a model file keeps the observed clicks: the loaded model serves the same slates and keeps counting users once', () => {
    const slates = (rec: Recommender) => audience.slice(0, 12).map((u) => rec.recommend(u, { n: 10, now, record: false }).items.map((x) => `${x.productId} ${x.score}`));
    const loaded = loadRecommender(recommenderToBinary(live));
    expect(slates(loaded)).toEqual(slates(live));
    // The same ten users clicking again are not new users: nothing changes.
    loaded.observe({ events: clicks(0.5) });
    const lines = (rec: Recommender) => rec.explain(rec.recommend(audience[0]!, { n: 10, now, record: false })).items.find((x) => x.productId === DROP)!.lines.join('\n');
    expect(lines(loaded)).toMatch(/own interactions bursting: 10 users in the last 24 h/);
  });
});
