import { createRecommender } from 'goods-find-people';
import { loadMarketplace } from 'goods-find-people/io';

const { data } = await loadMarketplace('fixtures/marketplace');
const now = Date.parse('2026-06-20T00:00:00Z'); // the day before the Olympics-backpack topic heats up
const events = data.events.filter((e) => e.timestamp <= now);
const rec = createRecommender({ fairness: { rerank: { lambda: 0.2 } } }).fitRecords({ ...data, events }, { now });
const hot = { id: 'hot-1', text: '巴黎重现2008北京奥运会背包' }; // a hot search the caller just learned of
const slate = rec.recommend('u-0008', { n: 5, now, topics: [hot] });
for (const item of slate.items) console.log(item.rank, item.productId, item.merchantId, item.reasons.join('; '));
