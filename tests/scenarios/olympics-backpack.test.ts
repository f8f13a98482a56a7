/**
 * The Olympics-backpack story on the bundled marketplace (DESIGN.md 8): a small merchant's
 * retro backpack that nobody has bought becomes a hot search topic. Before the topic heats up it
 * is outside the top 20 of sport/travel users; at the peak it enters their top 10 with the topic
 * named in the explanation; a week of decay later it drops back out. The same holds with the
 * topic passed ad hoc in Chinese only and in English only, and with heat fed through observe().
 *
 * The recommender is fitted on the events up to `before` (the marketplace as it was before the
 * burst; the fitted topic records still hold every later heat observation, which the trending
 * signal must ignore until `now` reaches them) and asked at three times taken from truth.json:
 * 12 h before the burst starts, at its peak, and 7 days after the peak.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { createRecommender, type Recommender } from '../../src/engine/recommender.js';
import type { MarketplaceData } from '../../src/schema/marketplace-data.js';
import type { Topic, TopicInput } from '../../src/schema/entities.js';
import type { MarketplaceTruth } from '../../src/simulation/marketplace/truth.js';
import { defaultConfig, fixtureMarketplace, median, rankOf } from './_marketplace.js';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const ZH = '巴黎重现2008北京奥运会背包';
/** The same headline in traditional characters, as a Taiwan or Hong Kong feed writes it. */
const ZH_TRADITIONAL = '巴黎重現2008北京奧運會背包';
const EN = 'Paris reappears the 2008 Beijing Olympics backpack';

let data: MarketplaceData;
let truth: MarketplaceTruth;
let topic: Topic;
let times: { before: number; hot: number; week: number };
let users: string[];

/** Users whose fitted history puts at least 30% of its weight on sport or travel products. */
function sportTravelUsers(rec: Recommender): string[] {
  const ds = rec.dataset;
  const out: string[] = [];
  for (const id of ds.users.ids()) {
    const h = rec.history(id);
    let st = 0;
    let total = 0;
    h.items.forEach((p, t) => {
      const c = ds.productRecords[p]!.category;
      total += h.weights[t]!;
      if (c === 'sport' || c === 'travel') st += h.weights[t]!;
    });
    if (total > 0 && st / total >= 0.3) out.push(id);
  }
  return out.sort();
}

function ranksAt(rec: Recommender, now: number, topics?: TopicInput[]): number[] {
  return users.map((u) => rankOf(rec, u, truth.backpackId, { now, ...(topics ? { topics } : {}) }));
}

/** Asserts the story on one recommender; `topics` gives the ad-hoc topic (with its heat up to `now`). */
function expectStory(rec: Recommender, adHoc?: (now: number) => TopicInput[]): void {
  const before = ranksAt(rec, times.before, adHoc?.(times.before));
  const hot = ranksAt(rec, times.hot, adHoc?.(times.hot));
  const week = ranksAt(rec, times.week, adHoc?.(times.week));
  if (process.env.GFP_SCENARIO_LOG) console.log(JSON.stringify({ n: users.length, before: summary(before), hot: summary(hot), week: summary(week) }));
  // Before: outside every sport/travel user's top 20 (measured: best rank 35).
  expect(Math.min(...before)).toBeGreaterThan(30);
  // Hot: in the top 10 of 48 of the 50, the top 20 of all (measured: median rank 3).
  expect(median(hot)).toBeLessThanOrEqual(3);
  expect(hot.filter((r) => r <= 10).length).toBeGreaterThanOrEqual(45);
  expect(Math.max(...hot)).toBeLessThanOrEqual(20);
  // A week after the peak the burst is over (b = 0.14 < minBurst): back where it was (best rank 35).
  expect(Math.min(...week)).toBeGreaterThan(30);
}

beforeAll(async () => {
  ({ data, truth } = await fixtureMarketplace());
  topic = data.topics.find((t) => t.id === truth.topicId)!;
  const burst = truth.bursts.find((b) => b.topicId === truth.topicId)!;
  times = { before: burst.start - 12 * HOUR, hot: burst.peak, week: burst.peak + 7 * DAY };
});

function fitBefore(topics: Topic[]): Recommender {
  const events = data.events.filter((e) => e.timestamp <= times.before);
  return createRecommender(defaultConfig()).fitRecords({ ...data, events, topics });
}

describe('Olympics backpack: fitted topic', () => {
  let rec: Recommender;
  beforeAll(() => {
    rec = fitBefore(data.topics);
    users = sportTravelUsers(rec);
  });

  it('finds enough sport/travel users, none of whom has touched the backpack', () => {
    expect(users.length).toBe(50);
    const p = rec.dataset.products.indexOf(truth.backpackId);
    expect(rec.dataset.itemUsers().indptr[p + 1]! - rec.dataset.itemUsers().indptr[p]!).toBe(0);
    expect(rec.dataset.merchantRecords[rec.dataset.productMerchant[p]!]!.tier).toBe('small');
  });

  it('is outside the top 20 before, in the top 10 when hot, out again a week later', () => {
    expectStory(rec);
  });

  it('names the topic and the matched terms in the explanation when hot', () => {
    const user = users.find((u) => rankOf(rec, u, truth.backpackId, { now: times.hot, n: 10 }) <= 10)!;
    const slate = rec.recommend(user, { n: 10, now: times.hot, record: false });
    const item = rec.explain(slate).items.find((i) => i.productId === truth.backpackId)!;
    // Candidates: the trending topN proposed it; before the burst it was no trending candidate.
    expect(item.sources).toContain('trending');
    const quiet = rec.recommend(user, { n: 100, now: times.before, record: false });
    expect(quiet.trace.items.find((t) => t.productId === truth.backpackId)?.sources ?? []).not.toContain('trending');
    const trending = item.signals.find((s) => s.signal === 'trending')!;
    expect(trending.normalised).toBe(1);
    expect(trending.detail![0]).toContain(`topic "${topic.text}" (${topic.id})`);
    expect(trending.detail![1]).toMatch(/^ {2}match 1\.00 = max\(text 1\.00, link 1\.00, tags 0\.50\); matched terms: .*奥运.*olymp/);
    expect(item.lines.join('\n')).toContain(topic.text);
  });
});

describe('Olympics backpack: ad-hoc topic in one language', () => {
  let rec: Recommender;
  beforeAll(() => {
    rec = fitBefore(data.topics.filter((t) => t.id !== truth.topicId));
    users = sportTravelUsers(rec);
  });
  const adHoc = (text: string) => (now: number): TopicInput[] => [
    { id: 'ad-hoc', text, heat: topic.heat.filter((h) => h.timestamp <= now) },
  ];

  it('works with the Chinese text only', () => {
    expectStory(rec, adHoc(ZH));
  });

  it('works with the English text only', () => {
    expectStory(rec, adHoc(EN));
  });

  it('works with the Chinese text in traditional characters only (the product is titled in simplified)', () => {
    expectStory(rec, adHoc(ZH_TRADITIONAL));
    // 北京, 背包 and 2008 are written alike in both scripts; 奧運 and 運會 match only once folded.
    const topics = adHoc(ZH_TRADITIONAL)(times.hot);
    const user = users.find((u) => rankOf(rec, u, truth.backpackId, { now: times.hot, n: 10, topics }) <= 10)!;
    const slate = rec.recommend(user, { n: 10, now: times.hot, topics, record: false });
    const trending = rec.explain(slate, { topics }).items.find((i) => i.productId === truth.backpackId)!.signals.find((x) => x.signal === 'trending')!;
    const terms = trending.detail!.find((line) => line.includes('matched terms'))!;
    expect(terms).toContain('奥运');
    expect(terms).toContain('运会');
  });
});

describe('Olympics backpack: heat fed through observe()', () => {
  it('heats up and decays as observations arrive', () => {
    const rec = fitBefore(data.topics.map((t) => (t.id === truth.topicId ? { ...t, heat: t.heat.filter((h) => h.timestamp <= times.before) } : t)));
    users = sportTravelUsers(rec);
    const upTo = (from: number, to: number) => [{ ...topic, heat: topic.heat.filter((h) => h.timestamp > from && h.timestamp <= to) }];
    expect(Math.min(...ranksAt(rec, times.before))).toBeGreaterThan(20);
    expect(rec.observe({ topics: upTo(times.before, times.hot) }).topics).toBe(1);
    const hot = ranksAt(rec, times.hot);
    expect(median(hot)).toBeLessThanOrEqual(3);
    expect(Math.max(...hot)).toBeLessThanOrEqual(20);
    rec.observe({ topics: upTo(times.hot, times.week) });
    expect(Math.min(...ranksAt(rec, times.week))).toBeGreaterThan(20);
  });
});

function summary(r: number[]): { best: number; median: number; top10: number; top20: number } {
  return { best: Math.min(...r), median: median(r), top10: r.filter((x) => x <= 10).length, top20: r.filter((x) => x <= 20).length };
}
