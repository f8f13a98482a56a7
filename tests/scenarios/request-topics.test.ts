/**
 * A topic given with a request leads it (trending `requestTopics`, default 'lead'), on a shop
 * where a fitted topic bursts in the same category (tests/_catalogues/rival-topic.ts): the kit the
 * request's topic names reaches the top of the campers' slates in three scripts; the fitted topic
 * still lifts the tents in every request that gives no topic; `'add'` (the rule of model files
 * before version 5) is the control that leaves the kit buried.
 */
import { describe, expect, it } from 'vitest';
import { renderHotTopics } from '../../src/cli/render-slate.js';
import { createRecommender, type RecommenderConfigInput } from '../../src/index.js';
import { fitRivalTopicShop, KIT_ID, KIT_TOPIC_TEXT, kitRanks, RIVAL_NOW as NOW } from '../_catalogues/rival-topic.js';

/** The default config with trending's `requestTopics` set. */
const trendingOf = (requestTopics: 'lead' | 'add'): RecommenderConfigInput => {
  const defaults = createRecommender({}).config;
  return { ...defaults, signals: defaults.signals.map((s) => (s.type === 'trending' ? { ...s, requestTopics } : s)) };
};

describe('a topic given with a request leads it over a fitted topic bursting in its category', () => {
  const lead = fitRivalTopicShop();
  const add = fitRivalTopicShop(trendingOf('add'));

  for (const [language, text] of Object.entries(KIT_TOPIC_TEXT)) {
    it(`${language}: the kit is at median rank 1 and in the top 10 of >= 80% of the campers; first for none of the snackers`, () => {
      const { campers, snackers } = kitRanks(lead, text);
      expect(campers.users).toBe(48);
      expect(campers.medianRank).toBe(1);
      expect(campers.top10Share).toBeGreaterThanOrEqual(0.8);
      expect(snackers.firstShare).toBe(0);
    });
  }

  it("control: with requestTopics 'add' the tents' burst keeps the kit out of every camper's top 10", () => {
    const { campers } = kitRanks(add, KIT_TOPIC_TEXT['zh-hans']);
    expect(campers.top10Share).toBe(0);
    expect(campers.medianRank).toBeGreaterThan(20);
  });

  it('a request without topics still sees the fitted topic: the tents are boosted above the blend (score > 1), the kit is not shown', () => {
    const slate = lead.recommend('camper-3', { n: 10, now: NOW, record: false });
    expect(slate.items.filter((i) => i.score > 1).length).toBeGreaterThanOrEqual(5);
    expect(slate.items.every((i) => i.productId !== KIT_ID)).toBe(true);
    expect(kitRanks(lead).campers.top10Share).toBe(0);
  });

  it('with the topic, nothing else is boosted; explain names the topic; the hot-topic listing says which held topic was set aside', () => {
    const topics = [{ id: 'zibo-bbq', text: KIT_TOPIC_TEXT.en }];
    const slate = lead.recommend('camper-3', { n: 10, now: NOW, record: false, topics });
    expect(slate.items[0]!.productId).toBe(KIT_ID);
    expect(slate.items.slice(1).every((i) => i.score <= 1)).toBe(true);
    const explained = lead.explain(slate);
    expect(explained.items[0]!.lines.join('\n')).toContain('topic "Zibo barbecue goes viral" (zibo-bbq, ad hoc): given without heat, taken as hot now');
    for (const item of explained.items.slice(1)) expect(item.lines.join('\n')).toMatch(/trending: no opinion/);
    expect(renderHotTopics(lead, NOW, topics)).toBe(
      'trending at 2026-06-01T12:00:00.000Z:\n  zibo-bbq: "Zibo barbecue goes viral" (given now; 1 matching product)\n' +
        'set aside for this request (its own topics lead): rising-ultralight-camping\n',
    );
    expect(renderHotTopics(add, NOW, topics)).not.toContain('set aside');
  });
});
