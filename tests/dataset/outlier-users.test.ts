import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildDataset } from '../../src/dataset/dataset.js';
import { outlierUsers, outlierUsersWarning } from '../../src/dataset/outlier-users.js';
import { createRecommender } from '../../src/engine/recommender.js';
import { evaluate } from '../../src/evaluation/index.js';
import type { EventInput, ProductInput } from '../../src/schema/entities.js';
import { validateMarketplace } from '../../src/schema/marketplace-data.js';
import { crawlerViews } from '../_catalogues/crawler.js';
import { saleDayShop } from '../_catalogues/sale-day.js';
import { gfp, tempDir } from '../cli/_gfp.js';

const T0 = Date.UTC(2026, 5, 1);
const HOUR = 3_600_000;

/** 200 products; 20 shoppers with 2 products each, one with 90, and (optionally) a crawler with all 200. */
function shop(withCrawler: boolean): { products: ProductInput[]; merchants: Array<{ id: string }>; events: EventInput[] } {
  const products: ProductInput[] = Array.from({ length: 200 }, (_, i) => ({ id: `p${i}`, merchantId: 'm1', title: `goods ${i}`, category: '', tags: [] }));
  const events: EventInput[] = [];
  for (let u = 0; u < 20; u++) for (const j of [0, 1]) events.push({ userId: `s${u}`, productId: `p${(7 * u + 50 * j) % 200}`, type: 'view', timestamp: T0 - (u + j) * HOUR });
  for (let k = 0; k < 90; k++) events.push({ userId: 'fan', productId: `p${k}`, type: 'click', timestamp: T0 - k * HOUR });
  if (withCrawler) events.push(...crawlerViews(products, T0, { passes: 1 }));
  return { products, merchants: [{ id: 'm1' }], events };
}

const datasetOf = (records: ReturnType<typeof shop>) => buildDataset(validateMarketplace(records).data, { weighting: { halfLifeDays: null } });

describe('outlier users (crawlers, test accounts, bulk imports)', () => {
  it('flags a user past 10 times the median user and half the catalogue, or 50 times and 5% (hand-computed), not a heavy shopper', () => {
    // Distinct products: 20 users with 2, fan 90, crawler 200: median 2; bounds max(10 x 2, 50% of
    // 200) = 100 and max(50 x 2, 5% of 200) = 100: the crawler passes, the fan (90) does not.
    const o = outlierUsers(datasetOf(shop(true)));
    expect(o).toEqual({ ids: ['crawler'], products: [200], median: 2, users: 22 });
    expect(outlierUsersWarning(datasetOf(shop(true)))).toBe(
      'users: 1 of 22 users touched far more products than the median user (2): "crawler" (200 products, 100% of the catalogue); ' +
        "a crawler, a test account or a bulk import gives every product it touched training evidence and weighs on every signal: if they are not shoppers, leave them out of the events or set weighting.outlierUsers to 'exclude'",
    );
    expect(outlierUsers(datasetOf(shop(false))).ids).toEqual([]);
    expect(outlierUsersWarning(datasetOf(shop(false)))).toBeUndefined();
  });

  it('the share of the catalogue is a floor: in a large catalogue a 50x user is no outlier unless it also covers 5% of it', () => {
    const records = shop(false);
    // Median 2: 101 products would pass 50x, but the catalogue grows to 4,000 (5% = 200; 50% = 2,000).
    records.products.push(...Array.from({ length: 3800 }, (_, i) => ({ id: `q${i}`, merchantId: 'm1', title: `more ${i}`, category: '', tags: [] })));
    for (let k = 0; k < 150; k++) records.events.push({ userId: 'bulk', productId: `q${k}`, type: 'view', timestamp: T0 - HOUR });
    expect(outlierUsers(datasetOf(records)).ids).toEqual([]);
    for (let k = 150; k < 250; k++) records.events.push({ userId: 'bulk', productId: `q${k}`, type: 'view', timestamp: T0 - HOUR });
    expect(outlierUsers(datasetOf(records)).ids).toEqual(['bulk']);
  });

  it('a recommender and an evaluation report warn; the sale-day shop with a crawler (separate builders) too', () => {
    const day = saleDayShop(T0, { surge: 1 });
    const rec = createRecommender();
    rec.fit(day);
    expect(rec.warnings.filter((w) => w.startsWith('users:'))).toEqual([]);
    rec.fit({ ...day, events: [...day.events, ...crawlerViews(day.products, T0, { passes: 1 })] });
    expect(rec.warnings.filter((w) => w.startsWith('users:'))).toEqual([expect.stringMatching(/^users: 1 of 301 users touched far more products than the median user \(\d+\): "crawler" \(150 products, 100% of the catalogue\)/)]);
    const report = evaluate({
      dataset: { name: 'shop', data: validateMarketplace(shop(true)).data },
      split: { strategy: 'random-holdout', fraction: 0.2, seed: 1 },
      models: [{ name: 'popularity', config: { signals: [{ type: 'popularity' }] } }],
      metrics: ['ndcg'],
      k: 10,
    });
    expect((report.warnings ?? []).filter((w) => w.startsWith('users:'))).toHaveLength(1);
  });

  it("weighting.outlierUsers 'exclude' leaves their events out: the recommender serves what it serves without them", () => {
    const ds = buildDataset(validateMarketplace(shop(true)).data, { weighting: { halfLifeDays: null, outlierUsers: 'exclude' } });
    expect(ds.users.has('crawler')).toBe(false);
    expect(ds.users.has('fan')).toBe(true);
    expect(ds.stats.leftOutUsers).toEqual(['crawler']);
    expect(outlierUsersWarning(ds)).toBe(`users: 1 user who touched far more products than the rest was left out of the training events (weighting.outlierUsers 'exclude'): "crawler"`);
    // Without outliers nothing is left out and nothing is said.
    const clean = buildDataset(validateMarketplace(shop(false)).data, { weighting: { halfLifeDays: null, outlierUsers: 'exclude' } });
    expect(clean.stats.leftOutUsers).toBeUndefined();
    expect(outlierUsersWarning(clean)).toBeUndefined();
    // The same slates as a recommender fitted on the events without the crawler (separate builders: the sale-day shop and the crawler).
    const day = saleDayShop(T0, { surge: 1 });
    const config = { weighting: { outlierUsers: 'exclude' as const } };
    const withCrawler = createRecommender(config).fit({ ...day, events: [...day.events, ...crawlerViews(day.products, T0, { passes: 1 })] });
    const without = createRecommender(config).fit(day);
    for (const user of ['u1', 'u7', 'u42', 'crawler']) {
      const slate = (rec: typeof without) => rec.recommend(user, { n: 10, now: T0, record: false }).items.map((i) => [i.productId, i.score]);
      expect(slate(withCrawler)).toEqual(slate(without));
    }
    expect(withCrawler.warnings.filter((w) => w.startsWith('users:'))).toEqual([expect.stringContaining('left out of the training events')]);
    // Kept by default, and any other value is refused.
    expect(createRecommender().config.weighting.outlierUsers).toBe('keep');
    expect(() => createRecommender({ weighting: { outlierUsers: 'drop' as 'keep' } })).toThrow(/weighting\.outlierUsers/);
  });

  it('gfp inspect lists the warning (exit code unchanged: no row was left out)', async () => {
    const dir = await tempDir('gfp-outliers-');
    const records = shop(true);
    await writeFile(join(dir, 'products.csv'), 'id,merchantId,title\n' + records.products.map((p) => `${p.id},m1,${p.title}`).join('\n') + '\n');
    await writeFile(join(dir, 'events.csv'), 'userId,productId,type,timestamp\n' + records.events.map((e) => `${e.userId},${e.productId},${e.type},${new Date(Number(e.timestamp)).toISOString()}`).join('\n') + '\n');
    const io = await gfp('inspect', dir);
    expect(io.code).toBe(0);
    expect(io.out).toMatch(/\nwarnings\n {2}users: 1 of 22 users touched far more products than the median user \(2\): "crawler"/);
    const json = JSON.parse((await gfp('inspect', dir, '--json')).out);
    expect(json.warnings).toHaveLength(1);
  });
});
