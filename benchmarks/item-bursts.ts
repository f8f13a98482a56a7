/**
 * What a product's own bursts cost a request in a busy shop, judged at every request
 * (`itemResolutionSeconds: 0`, the rule before model file version 9) or once a minute (60, the
 * default): a seeded shop of 100,000 products and 200,000 users with 4,000,000 views over 14 days
 * (about 286,000 a day, skewed toward a head of products), the trending signal alone fitted on it,
 * then 300 requests one second apart, each scoring 1,000 candidates for a user the fit did not see,
 * the two settings interleaved request by request. Process CPU time per request.
 *
 * Run: `npm run bench -- item-bursts` (about a minute on 2 cores).
 */
import { pathToFileURL } from 'node:url';
import { buildDataset } from '../src/dataset/dataset.js';
import { Rng } from '../src/_internal/rng.js';
import { validateMarketplace } from '../src/schema/marketplace-data.js';
import { createTrending } from '../src/signals/trending.js';
import type { UserContext } from '../src/signals/signal.js';
import { caption } from './_machine.js';
import { markdownTable } from './_markdown.js';
import { measure, median, percentile } from './_timing.js';

const HOUR = 3_600_000;
const T0 = Date.UTC(2026, 5, 1);
/** Shop size. */
export const SHOP = { products: 100_000, users: 200_000, events: 4_000_000, days: 14 } as const;
const REQUESTS = 300;
const CANDIDATES = 1000;

/** The benchmark's Markdown section. */
export async function run(): Promise<string> {
  const rng = new Rng(31);
  const products = Array.from({ length: SHOP.products }, (_, i) => ({ id: `p${i}`, merchantId: `m${i % 500}`, title: `goods ${i}`, category: `c${i % 40}`, tags: [] }));
  const events = Array.from({ length: SHOP.events }, () => ({
    userId: `u${rng.int(SHOP.users)}`,
    productId: `p${Math.floor(SHOP.products * rng.next() ** 3)}`,
    type: 'view',
    timestamp: T0 - rng.next() * SHOP.days * 24 * HOUR,
  }));
  const { data } = validateMarketplace({ products, merchants: Array.from({ length: 500 }, (_, i) => ({ id: `m${i}` })), events, topics: [] });
  const ds = buildDataset(data, { weighting: { halfLifeDays: null }, now: T0 });
  const settings = [0, 60];
  const signals = settings.map((itemResolutionSeconds) => {
    const s = createTrending({ personalisation: 0, itemResolutionSeconds });
    s.fit(ds);
    return s;
  });
  const candidates = Int32Array.from({ length: CANDIDATES }, () => rng.int(SHOP.products)).sort();
  const cpu: number[][] = settings.map(() => []);
  let trendingProducts = -1;
  for (let r = 0; r < REQUESTS; r++) {
    const user: UserContext = { userId: `new${r}`, user: -1, items: new Int32Array(0), weights: new Float32Array(0), now: T0 + 17_000 + r * 1000, topics: [] };
    signals.forEach((s, k) => {
      let out: Float32Array | undefined;
      cpu[k]!.push(measure(() => (out = s.score(user, candidates))).cpuMs);
      if (r === 0 && k === 0) trendingProducts = Array.from(out!).filter((x) => !Number.isNaN(x)).length;
    });
  }
  const rows = settings.map((seconds, k) => [
    seconds === 0 ? 'at every request (0)' : `once a step of ${seconds} s (the default)`,
    median(cpu[k]!).toFixed(3),
    percentile(cpu[k]!, 99).toFixed(3),
    (cpu[k]!.reduce((a, b) => a + b, 0) / REQUESTS).toFixed(3),
  ]);
  return [
    '## Products\' own bursts in a busy shop: `npm run bench -- item-bursts`',
    '',
    `A seeded shop of ${SHOP.products.toLocaleString('en-US')} products, ${SHOP.users.toLocaleString('en-US')} users and ${SHOP.events.toLocaleString('en-US')} views over ${SHOP.days} days (${Math.round(SHOP.events / SHOP.days).toLocaleString('en-US')} a day); the trending signal alone (default config, personalisation 0); ${REQUESTS} requests one second apart, each scoring ${CANDIDATES.toLocaleString('en-US')} candidates for a new user, the settings interleaved request by request. Process CPU ms per request. Candidates with a trend score at the first request: ${trendingProducts}.`,
    '',
    markdownTable(['item bursts judged', 'median CPU ms', 'p99 CPU ms', 'mean CPU ms'], rows),
    '',
    caption('npm run bench -- item-bursts'),
    '',
  ].join('\n');
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) console.log(await run());
