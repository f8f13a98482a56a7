/** Small hand-computable marketplaces for the content and trending signal tests. */
import { buildDataset, type Dataset } from '../../src/dataset/dataset.js';
import type { EventInput, ProductInput, TopicInput } from '../../src/schema/entities.js';
import { validateMarketplace } from '../../src/schema/marketplace-data.js';
import type { UserContext } from '../../src/signals/signal.js';
import type { Topic } from '../../src/schema/entities.js';
import { TopicSchema } from '../../src/schema/entities.js';
import { createTrending } from '../../src/signals/trending.js';
import type { TrendingConfigInput } from '../../src/signals/trending-config.js';

/** 2026-06-01T00:00:00Z, the reference time of the fixtures. */
export const T0 = Date.UTC(2026, 5, 1);
/** One hour in ms. */
export const HOUR = 3_600_000;

/** A product with a title and optional category and tags (merchant m1). */
export function product(id: string, title: string, category = '', tags: string[] = [], merchantId = 'm1'): ProductInput {
  return { id, merchantId, title, category, tags };
}

/** An event at `T0 + hours`. */
export function event(userId: string, productId: string, type: string, hours = 0): EventInput {
  return { userId, productId, type, timestamp: T0 + hours * HOUR };
}

/** Validates records and builds a dataset without decay, reference time T0 (unless `now`). */
export function dataset(products: ProductInput[], events: EventInput[], topics: TopicInput[] = [], now = T0): Dataset {
  const { data } = validateMarketplace({ products, events, topics });
  return buildDataset(data, { weighting: { halfLifeDays: null }, now });
}

/** The signals' view of a fitted user at `now` with ad-hoc topics. */
export function contextOf(ds: Dataset, userId: string, now = ds.referenceTime, topics: Topic[] = []): UserContext {
  const u = ds.users.indexOf(userId);
  const m = ds.interactions;
  const s = u < 0 ? 0 : m.indptr[u]!;
  const e = u < 0 ? 0 : m.indptr[u + 1]!;
  return { userId, user: u, items: m.indices.slice(s, e), weights: m.values.slice(s, e), now, topics };
}

/** Validated topics. */
export function topics(input: TopicInput[]): Topic[] {
  return input.map((t) => TopicSchema.parse(t));
}

/** Index of a product id. */
export function idx(ds: Dataset, id: string): number {
  return ds.products.indexOf(id);
}

/**
 * The products with a trend score (an opinion) for `userId` at T0 of a trending signal fitted on
 * the records, personalisation 0 unless `config` says otherwise, in the records' product order.
 */
export function trendingIn(records: { products: ProductInput[]; events: EventInput[] }, config: TrendingConfigInput = {}, userId = 'u1'): string[] {
  const ds = dataset(records.products, records.events);
  const s = createTrending({ personalisation: 0, ...config });
  s.fit(ds);
  const all = Int32Array.from({ length: ds.products.size }, (_, i) => i);
  const out = s.score(contextOf(ds, userId), all);
  return Array.from(all, (i) => ds.products.idAt(i)).filter((id) => !Number.isNaN(out[idx(ds, id)]!));
}
