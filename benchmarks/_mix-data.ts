/**
 * The mix of datasets the defaults are chosen on (issue 11: never one): each as training events,
 * test events and the relevant sets, from the bundled fixtures, the generated marketplace, the
 * catalogues of the test builders (built apart from our generator) and the real datasets under
 * the data root (GFP_DATA_ROOT, default ../shared); a dataset whose files
 * are missing is left out with a note.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { leaveLastNSplit } from '../src/evaluation/split/leave-last-n.js';
import { randomHoldoutSplit } from '../src/evaluation/split/random-holdout.js';
import { temporalSplit } from '../src/evaluation/split/temporal.js';
import { _relevantSets } from '../src/evaluation/runner/relevance.js';
import { dataRoot } from '../src/io/data-root.js';
import type { FixedSplit } from '../src/evaluation/runner/types.js';
import { loadAmazon2018, loadBookCrossing, loadMarketplace, loadMovieLens100k, loadMovieLensLatestSmall } from '../src/io/index.js';
import type { Event } from '../src/schema/entities.js';
import type { MarketplaceData } from '../src/schema/marketplace-data.js';
import { generateMarketplace } from '../src/simulation/index.js';
import { validateMarketplace } from '../src/schema/marketplace-data.js';
import { buildBreakoutCatalogue } from '../tests/_catalogues/breakout-catalogue.js';
import { buildMerchantQualityMarket, MERCHANT_QUALITY_VARIANTS } from '../tests/_catalogues/merchant-quality.js';

/** One dataset of the mix, split. */
export interface MixDataset {
  readonly name: string;
  /** Catalogue (products, merchants) and topics, with the training events only. */
  readonly train: MarketplaceData;
  readonly test: readonly Event[];
  /** User id -> relevant product ids (test items the user did not have in training). */
  readonly relevant: Map<string, Set<string>>;
  /** Reference time of the fit (the end of training). */
  readonly now: number;
}

const DAY = 86_400_000;

/**
 * The dataset's split for the evaluation runner (`evaluate({ split })`): its training events, and
 * as test events only those that make a product relevant to a kept (sampled) user, so the runner's
 * relevant sets are exactly `d.relevant` whatever event types the dataset counts as relevant.
 */
export function fixedSplit(d: MixDataset): FixedSplit {
  const test = d.test.filter((e) => d.relevant.get(e.userId)?.has(e.productId) === true);
  return { strategy: 'mix', train: d.train.events, test, params: { users: d.relevant.size } };
}

/** At most `max` users of `relevant`: every (size / max)-th id in sorted order (deterministic, no randomness). */
function sampleUsers(relevant: Map<string, Set<string>>, max: number): Map<string, Set<string>> {
  if (relevant.size <= max) return relevant;
  const ids = [...relevant.keys()].sort();
  const step = ids.length / max;
  return new Map(Array.from({ length: max }, (_, i) => [ids[Math.floor(i * step)]!, relevant.get(ids[Math.floor(i * step)]!)!] as const));
}

function splitOf(name: string, data: MarketplaceData, train: readonly Event[], test: readonly Event[], types?: readonly string[], maxUsers = 2000): MixDataset {
  const catalogue = new Set(data.products.map((p) => p.id));
  const relevant = sampleUsers(_relevantSets(train, test, catalogue, types), maxUsers);
  let now = -Infinity;
  for (const e of train) if (e.timestamp > now) now = e.timestamp;
  const topics = data.topics.map((t) => ({ ...t, heat: t.heat.filter((h) => h.timestamp <= now) })).filter((t) => t.heat.length > 0 || data.topics.length === 0);
  return { name, train: { ...data, events: [...train], topics }, test, relevant, now: Number.isFinite(now) ? now : 0 };
}

/** The fixtures marketplace at four temporal cuts (a week of clicks, carts and purchases after each). */
export async function fixtureCuts(): Promise<MixDataset[]> {
  const { data } = await loadMarketplace(join(import.meta.dirname, '..', 'fixtures', 'marketplace'));
  return ['2026-06-12', '2026-06-18', '2026-06-22', '2026-06-24'].map((date) => {
    const cut = Date.parse(`${date}T00:00:00Z`);
    const train = data.events.filter((e) => e.timestamp <= cut);
    const test = data.events.filter((e) => e.timestamp > cut && e.timestamp <= cut + 7 * DAY);
    const d = splitOf(`fixtures ${date}`, data, train, test, ['click', 'cart', 'purchase']);
    return { ...d, now: cut };
  });
}

/** The generated marketplace of the fairness benchmark (seed 7), temporal 80/20. */
export function generated(): MixDataset {
  const m = generateMarketplace({ seed: 7, users: 3000, products: 6000, merchants: 400, days: 30 });
  const data: MarketplaceData = { products: m.products, merchants: m.merchants, events: m.events, topics: m.topics };
  const split = temporalSplit(data.events, { quantile: 0.8 });
  return splitOf('generated (seed 7)', data, split.train, split.test, ['click', 'cart', 'purchase'], 1500);
}

/** `name` with a random fifth of its events held out (seed 3). */
function randomFifth(name: string, data: MarketplaceData): MixDataset {
  const holdout = randomHoldoutSplit(data.events, { fraction: 0.2, seed: 3 });
  return splitOf(`${name}, random 20%`, data, holdout.train, holdout.test);
}

/**
 * Catalogues built apart from our generator, by the test builders (tests/_catalogues): three of
 * the merchant-quality marketplaces (seed 5) and the breakout catalogue (seed 9), each split at
 * 80% of its time; and the generated marketplace at another seed (11, smaller).
 */
export function independentBuilds(): MixDataset[] {
  const temporal = (name: string, data: MarketplaceData, types?: readonly string[]): MixDataset => {
    const split = temporalSplit(data.events, { quantile: 0.8, dropUsersWithoutTrain: true });
    return splitOf(name, data, split.train, split.test, types);
  };
  const out = (['m100-corr', 'm2000-corr', 'giant40-indep'] as const).map((variant) => {
    const m = buildMerchantQualityMarket({ seed: 5, ...MERCHANT_QUALITY_VARIANTS[variant]! });
    return temporal(`merchant-quality ${variant} (seed 5)`, validateMarketplace({ products: m.products, merchants: m.merchants, events: m.events }).data);
  });
  const b = buildBreakoutCatalogue({ seed: 9 });
  out.push(temporal('breakout catalogue (seed 9)', validateMarketplace({ products: b.products, merchants: b.merchants, events: b.events }).data));
  const g = generateMarketplace({ seed: 11, users: 2000, products: 4000, merchants: 300, days: 30 });
  out.push(temporal('generated (seed 11)', { products: g.products, merchants: g.merchants, events: g.events, topics: [] }, ['click', 'cart', 'purchase']));
  return out;
}

/** Test users kept on Book-Crossing (17,734 products: each ranking scores them all). */
export const BOOK_CROSSING_USERS = 600;

/** The real datasets under the data root, each with its usual protocol; missing ones are skipped. */
export async function realDatasets(notes: string[]): Promise<MixDataset[]> {
  const root = join(dataRoot(), 'data');
  const out: MixDataset[] = [];
  const movieLens = [
    ['ml-latest-small', 'ratings.csv', loadMovieLensLatestSmall],
    ['ml-100k', 'u.data', loadMovieLens100k],
  ] as const;
  for (const [name, file, load] of movieLens) {
    const dir = join(root, name);
    if (!existsSync(join(dir, file))) {
      notes.push(`${name}: not found under ${root}`);
      continue;
    }
    // Each MovieLens set four times: each user's last 10 ratings held out, two global time cuts,
    // and a random fifth of the ratings.
    const { data } = await load(dir);
    const last = leaveLastNSplit(data.events, { n: 10 });
    out.push(splitOf(`${name}, last 10 held out`, data, last.train, last.test));
    for (const q of [0.8, 0.9]) {
      const temporal = temporalSplit(data.events, { quantile: q, dropUsersWithoutTrain: true });
      out.push(splitOf(`${name}, temporal ${100 * q}/${Math.round(100 * (1 - q))}`, data, temporal.train, temporal.test));
    }
    out.push(randomFifth(name, data));
  }
  const gift = join(root, 'amazon-2018-gift-cards');
  if (existsSync(join(gift, 'Gift_Cards_5.json.gz'))) {
    const { data } = await loadAmazon2018({ reviews: join(gift, 'Gift_Cards_5.json.gz'), meta: join(gift, 'meta_Gift_Cards.json.gz') });
    const last = leaveLastNSplit(data.events, { n: 1 });
    out.push(splitOf('amazon gift cards, last 1 held out', data, last.train, last.test));
    const temporal = temporalSplit(data.events, { quantile: 0.8, dropUsersWithoutTrain: true });
    out.push(splitOf('amazon gift cards, temporal 80/20', data, temporal.train, temporal.test));
    out.push(randomFifth('amazon gift cards', data));
  } else notes.push(`amazon-2018-gift-cards: not found under ${root}`);
  const books = join(root, 'bookcrossing-subset');
  if (existsSync(join(books, 'BX-Ratings.csv'))) {
    const { data } = await loadBookCrossing(books, { minUserEvents: 10 });
    const holdout = randomHoldoutSplit(data.events, { fraction: 0.2, seed: 42 });
    out.push(splitOf('book-crossing (>= 10 ratings), random 20%', data, holdout.train, holdout.test, undefined, BOOK_CROSSING_USERS));
  } else notes.push(`bookcrossing-subset: not found under ${root}`);
  return out;
}
