/**
 * Heavy users on the datasets of the mix:
 * - trending `itemHeavyUserFactor`: for each dataset at the end of its training events, the users
 *   active in the item short window (the last 24 h), the median of their positive-weight events,
 *   the users above 10 times it (counted here from the event log, and checked against the count the
 *   library's `ItemBursts` leaves out), the share of the window's events they hold, and the products
 *   with an own burst at that time (the default trending config) with every user counted and with
 *   the heavy users left out;
 * - outlier users of the training data (`outlierUsers`, the fit's warning): how many, the median
 *   user's distinct products and the largest outlier's;
 * - what one crawler in the training events costs: the default recommender (fairness off) on four
 *   catalogues of the mix, with and without one user viewing every product once over the last week
 *   of training (tests/_catalogues/crawler.ts).
 *
 * Run: `npm run bench -- heavy-users` (about two minutes on 2 cores).
 */
import { pathToFileURL } from 'node:url';
import { SparseAccumulator } from '../src/_internal/sparse-accumulator.js';
import { buildDataset } from '../src/dataset/dataset.js';
import { outlierUsers } from '../src/dataset/outlier-users.js';
import { evaluate } from '../src/evaluation/runner/evaluate.js';
import { crawlerViews } from '../tests/_catalogues/crawler.js';
import { ItemBursts, type ItemBurstOptions } from '../src/signals/item-burst.js';
import { createTrending } from '../src/signals/trending.js';
import { fixedSplit, fixtureCuts, generated, independentBuilds, realDatasets, type MixDataset } from './_mix-data.js';
import { caption } from './_machine.js';
import { markdownTable } from './_markdown.js';

const HOUR = 3_600_000;

/** One dataset's row. */
function measure(d: MixDataset): string[] {
  const ds = buildDataset(d.train, { now: d.now });
  const cfg = createTrending().config;
  const factor = cfg.itemHeavyUserFactor!;
  const shortMs = cfg.itemShortWindowHours * HOUR;
  const counts = new Map<number, number>();
  const log = ds.events;
  for (let e = 0; e < log.length; e++) {
    const t = log.time[e]!;
    if (log.weight[e]! > 0 && t > d.now - shortMs && t <= d.now) counts.set(log.user[e]!, (counts.get(log.user[e]!) ?? 0) + 1);
  }
  const sorted = [...counts.values()].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  const median = sorted.length === 0 ? Number.NaN : sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
  const heavy = sorted.filter((c) => c > factor * median);
  const events = sorted.reduce((a, b) => a + b, 0);
  const items = new ItemBursts(ds, cfg.itemLongWindowHours * HOUR);
  const left = items.burstOf(0, d.now, shortMs, cfg.itemLongWindowHours * HOUR, cfg.itemRelative, factor).heavyUsers;
  if (left !== heavy.length) throw new Error(`${d.name}: ItemBursts left out ${left} heavy users, the log counts ${heavy.length}`);
  const bursting = (heavyUserFactor: number): number => {
    const o: ItemBurstOptions = { shortMs, longMs: cfg.itemLongWindowHours * HOUR, minUsers: cfg.itemMinUsers, minBurst: cfg.minBurst, significance: cfg.itemSignificance ?? Number.POSITIVE_INFINITY, weight: 1, relative: cfg.itemRelative, heavyUserFactor };
    const out = new SparseAccumulator(ds.products.size);
    items.addBursts(d.now, o, out);
    return out.count;
  };
  const share = events === 0 ? '' : `${((100 * heavy.reduce((a, b) => a + b, 0)) / events).toFixed(1)}%`;
  return [d.name, String(sorted.length), Number.isNaN(median) ? '' : String(median), heavy.length === 0 ? '0' : heavy.length === 1 ? `1 (${heavy[0]})` : `${heavy.length} (${heavy[0]} to ${heavy[heavy.length - 1]})`, share, String(bursting(Number.POSITIVE_INFINITY)), String(bursting(factor))];
}

/** One dataset's outlier users of its training data. */
function outlierRow(d: MixDataset): string[] {
  const o = outlierUsers(buildDataset(d.train, { now: d.now }));
  const largest = o.ids.length === 0 ? '' : `${o.products[0]} (${((100 * o.products[0]!) / d.train.products.length).toFixed(0)}% of ${d.train.products.length})`;
  return [d.name, String(o.users), String(o.median), String(o.ids.length), largest];
}

/**
 * The default's NDCG@10 (fairness off) on a dataset without and with one crawler in its training
 * events, and with the crawler and `weighting.outlierUsers: 'exclude'`.
 */
function crawlerRow(d: MixDataset): string[] {
  const hoursBefore = (d.now - Math.min(...d.train.events.map((e) => e.timestamp))) / HOUR;
  const crawl = crawlerViews(d.train.products, d.now, { passes: 1, fromHours: Math.min(7 * 24, hoursBefore), toHours: 0 });
  const ndcg = (x: MixDataset, outlierUsers: 'keep' | 'exclude' = 'keep'): number =>
    evaluate({ dataset: { name: x.name, data: x.train }, split: fixedSplit(x), models: [{ name: 'default', config: { weighting: { outlierUsers }, fairness: { rerank: { lambda: 0 } } } }], metrics: ['ndcg'], k: 10 })
      .runs[0]!.metrics['ndcg@10']!.mean;
  const clean = ndcg(d);
  const crawledData = { ...d, train: { ...d.train, events: [...d.train.events, ...(crawl as typeof d.train.events)] } };
  const crawled = ndcg(crawledData);
  const excluded = ndcg(crawledData, 'exclude');
  const change = (x: number): string => `${(100 * (x / clean - 1)).toFixed(1)}%`;
  return [d.name, clean.toFixed(4), crawled.toFixed(4), change(crawled), excluded.toFixed(4), change(excluded)];
}

/** The benchmark's Markdown section. */
export async function run(): Promise<string> {
  const notes: string[] = [];
  const mix = [...(await fixtureCuts()), generated(), ...independentBuilds(), ...(await realDatasets(notes))];
  const rows = mix.map(measure);
  const outliers = mix.map(outlierRow);
  const fixtures = mix.filter((d) => d.name.startsWith('fixtures 2026-06-2'));
  const crawled = [...fixtures, ...mix.filter((d) => /^merchant-quality m(100|2000)-corr/.test(d.name))].map(crawlerRow);
  return [
    '## Heavy users at the end of training: `npm run bench -- heavy-users`',
    '',
    "Each dataset of the mix at the end of its training events. Active: users with a positive-weight event in the item short window (24 h); heavy: more than 10 times the median of their events (trending's default `itemHeavyUserFactor`), with their events (fewest to most); share: of the window's events. Own bursts: products whose own burst counts at that time under the default trending config, with every user counted (`itemHeavyUserFactor: null`, the rule before model file version 9) and with the heavy users left out (the default).",
    '',
    markdownTable(['dataset', 'active users', 'median events', 'heavy users (events)', 'their share', 'own bursts, every user', 'own bursts, heavy left out'], rows),
    '',
    '### Outlier users of the training data',
    '',
    "Users with more distinct products than 10 times the median user's and half the catalogue, or 50 times and 5% (`outlierUsers`; `Recommender.warnings`, `gfp inspect` and `gfp eval` name them).",
    '',
    markdownTable(['dataset', 'users', 'median distinct products', 'outliers', 'largest outlier: products'], outliers),
    '',
    '### One crawler in the training events',
    '',
    "The default recommender (fairness off) on the same split, with and without one user who viewed every product of the catalogue once, spread over the last week of training (or the whole log when shorter), and with the crawler and `weighting.outlierUsers: 'exclude'`. NDCG@10 over the test users.",
    '',
    markdownTable(['dataset', 'NDCG@10 without', 'with one crawler', 'change', "with the crawler, outlierUsers 'exclude'", 'change'], crawled),
    '',
    ...notes.map((n) => `Note: ${n}`),
    caption('npm run bench -- heavy-users'),
    '',
  ].join('\n');
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) console.log(await run());
