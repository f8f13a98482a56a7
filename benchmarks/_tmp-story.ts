import { readFileSync } from 'node:fs';
import { createRecommender } from '../src/index.js';
import { loadMarketplace } from '../src/io/index.js';
const DATA = 'fixtures/marketplace';
const truth = JSON.parse(readFileSync(`${DATA}/truth.json`, 'utf8'));
const burst = truth.bursts.find((b: { topicId: string }) => b.topicId === truth.topicId);
const { data } = await loadMarketplace(DATA);
const configs = JSON.parse(process.argv[2]!) as Record<string, object>;
for (const [when, t] of [['before', burst.start - 12 * 3_600_000], ['hot', burst.peak]] as const) {
  const events = data.events.filter((e) => e.timestamp <= t);
  const topics = data.topics.map((x) => ({ ...x, heat: x.heat.filter((h) => h.timestamp <= t) }));
  for (const [name, cfg] of Object.entries(configs)) {
    const rec = createRecommender(cfg).fitRecords({ ...data, events, topics }, { now: t });
    const ranks = truth.sportTravelUsers.map((u: string) => rec.recommend(u, { n: 50, now: t, record: false }).items.findIndex((i) => i.productId === truth.backpackId) + 1);
    const adhoc = truth.sportTravelUsers.map((u: string) => rec.recommend(u, { n: 50, now: t, record: false, topics: [{ id: 'x', text: '巴黎重现2008北京奥运会背包' }] }).items.findIndex((i) => i.productId === truth.backpackId) + 1);
    const top10 = (r: number[]) => r.filter((x) => x > 0 && x <= 10).length;
    console.log(when, name, 'top10', top10(ranks), '/', ranks.length, 'adhoc top10', top10(adhoc));
  }
}
