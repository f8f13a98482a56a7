/**
 * The online catalogue (issue 14): what `observe({ products })` costs per batch on the
 * 100,000-product marketplace of the latency benchmark, against a refit on the same records in
 * the same run, and whether serving slows once products have been added, changed and removed
 * online (recommend() before and after, same run, same seeded users).
 */
import { Rng } from '../src/_internal/rng.js';
import { createRecommender, type Recommender } from '../src/index.js';
import type { EventInput, ProductInput } from '../src/schema/entities.js';
import { generateMarketplace } from '../src/simulation/index.js';
import { caption } from './_machine.js';
import { markdownTable } from './_markdown.js';
import { LATENCY_MARKETPLACE, latencySignals } from './recommend-latency.js';
import { measure, percentile, type Timing } from './_timing.js';

const MINUTE = 60_000;
/** Products held out of the fit and listed online (with their events). */
const HELD = 2_000;
const REQUESTS = 1000;
const WARMUP = 100;

/** CPU ms of seeded requests (warm-up dropped). */
function requestCpu(rec: Recommender, seed: number): number[] {
  const rng = new Rng(seed);
  const users = rec.dataset.users.ids();
  const t0 = rec.dataset.referenceTime;
  const cpu: number[] = [];
  for (let r = 0; r < WARMUP + REQUESTS; r++) {
    const userId = users[rng.int(users.length)]!;
    const t = measure(() => rec.recommend(userId, { n: 10, now: t0 + r * MINUTE, record: false }));
    if (r >= WARMUP) cpu.push(t.cpuMs);
  }
  return cpu;
}

/** p50 / p99 / max CPU ms of `batches` observe calls. */
function timeBatches(rec: Recommender, batches: ReadonlyArray<Parameters<Recommender['observe']>[0]>): string[] {
  const t: Timing[] = batches.map((b) => measure(() => rec.observe(b)));
  const cpu = t.map((x) => x.cpuMs);
  return [String(batches.length), ...[percentile(cpu, 50), percentile(cpu, 99), Math.max(...cpu)].map((v) => v.toFixed(2))];
}

/** Runs the benchmark; returns the Markdown section. */
export async function run(): Promise<string> {
  const market = generateMarketplace(LATENCY_MARKETPLACE);
  const held = new Set(market.products.slice(-HELD).map((p) => p.id));
  const fitted = market.products.filter((p) => !held.has(p.id));
  const heldProducts = market.products.filter((p) => held.has(p.id));
  const heldEvents = market.events.filter((e) => held.has(e.productId));
  const config = { signals: latencySignals(), candidates: { perSignal: 500, popular: 50, max: 1000 } };
  const rec = createRecommender(config);
  const fit = measure(() => rec.fitRecords({ products: fitted, merchants: market.merchants, events: market.events.filter((e) => !held.has(e.productId)), topics: market.topics }));
  const before = requestCpu(rec, 2026);

  const rng = new Rng(5);
  const pick = (): ProductInput => fitted[rng.int(fitted.length)]!;
  const chunks = <T>(xs: readonly T[], size: number): T[][] => Array.from({ length: Math.ceil(xs.length / size) }, (_, k) => xs.slice(k * size, (k + 1) * size));
  const one = heldProducts.slice(0, 20).map((p) => ({ products: [p] }));
  const hundreds = chunks(heldProducts.slice(20, 1020), 100).map((products) => ({ products }));
  const newMerchant = heldProducts.slice(1020, 1040).map((p, k) => ({ products: [{ ...p, merchantId: `m-online-${k}` }] }));
  const updates = Array.from({ length: 10 }, () => ({ products: Array.from({ length: 100 }, () => pick()).map((p) => ({ ...p, title: `${p.title} limited edition` })) }));
  const stock = Array.from({ length: 10 }, () => ({ products: Array.from({ length: 100 }, () => ({ ...pick(), inStock: false })) }));
  const removals = Array.from({ length: 10 }, () => ({ products: Array.from({ length: 100 }, () => ({ id: pick().id, remove: true as const })) }));
  const listedIds = new Set(heldProducts.slice(0, 1040).map((p) => p.id));
  const events: EventInput[] = heldEvents.filter((e) => listedIds.has(e.productId)).slice(0, 5000);
  const eventBatches = chunks(events, 1000).map((b) => ({ events: b }));
  const rows = [
    ['1 new product (known merchant)', ...timeBatches(rec, one)],
    ['100 new products', ...timeBatches(rec, hundreds)],
    ['1 new product of a new merchant (tiers derived again)', ...timeBatches(rec, newMerchant)],
    ['100 text updates', ...timeBatches(rec, updates)],
    ['100 stock toggles', ...timeBatches(rec, stock)],
    ['100 removals', ...timeBatches(rec, removals)],
    ['1000 events, products listed online', ...timeBatches(rec, eventBatches)],
  ];
  const after = requestCpu(rec, 2026);
  const ds = rec.dataset;
  let removed = 0;
  for (let p = 0; p < ds.products.size; p++) if (ds.live[p] === 0) removed++;
  const live = ds.productRecords.filter((_, p) => ds.live[p] === 1);
  const liveIds = new Set(live.map((p) => p.id));
  const refit = measure(() => createRecommender(config).fitRecords({ products: live, merchants: market.merchants, events: market.events.filter((e) => liveIds.has(e.productId)), topics: market.topics }));
  const stat = (xs: number[]): string[] => [percentile(xs, 50), percentile(xs, 99)].map((v) => v.toFixed(2));
  const hundred = Number(rows[1]![2]);
  return [
    `## Online catalogue: observe({ products }) on ${(fitted.length).toLocaleString('en-US')} fitted products`,
    '',
    `The latency benchmark's marketplace (${Object.entries(LATENCY_MARKETPLACE).map(([k, v]) => `${k} ${v}`).join(', ')}) with its last ${HELD} products held out of the fit; ` +
      `signals ${config.signals.map((s) => s.type).join(', ')} (default configs); fit took ${(fit.cpuMs / 1000).toFixed(1)} s CPU. ` +
      `Then, in this order, batches of observe() (CPU ms per batch): products listed (held ones, then held ones under new merchants), text updates and stock toggles of random fitted products, removals, and the listed products' own events.`,
    '',
    markdownTable(['batch', 'batches', 'p50', 'p99', 'max'], rows),
    '',
    `Same run: a refit on the resulting catalogue (${live.length.toLocaleString('en-US')} live products, all their events) took ${(refit.cpuMs / 1000).toFixed(1)} s CPU, ` +
      `${((refit.cpuMs / hundred) | 0).toLocaleString('en-US')}x a batch of 100 new products (p50). ` +
      `recommend() (n 10, ${REQUESTS} seeded requests, CPU ms p50 / p99): ${stat(before).join(' / ')} before the changes, ${stat(after).join(' / ')} after ` +
      `(${ds.products.size - ds.interactions.cols} products added online, ${removed} removed).`,
    '',
    caption('npm run bench -- online-catalogue'),
    '',
  ].join('\n');
}
