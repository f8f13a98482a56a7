/**
 * A shop where a fitted topic is bursting in the same category as the topic a request gives, built
 * by hand (no generator, no random numbers): 48 camping products of 6 shops (36 of them tents or
 * camping sets, 12 stoves) and 24 snacks of 4 shops; 48 campers with 12 events each over 3 weeks,
 * each on a band of 8 camping products, and 24 snackers likewise; a small shop's barbecue kit that nobody has touched. The fitted
 * topic "ultralight camping tent" ran at 30 mentions a day for 10 days and 25 an hour over the last
 * 12 hours (a burst of about 7, the hottest topic), and matches the tents and sets; the request's topic is
 * the Zibo barbecue craze, which only the kit matches. The probe that found this shape (median rank
 * 15 of the kit among campers, none in their top 10, with the topic given in the request) is in the
 * note of issue 11.
 */
import { createRecommender, type EventInput, type MerchantInput, type ProductInput, type Recommender, type RecommenderConfigInput, type TopicInput } from '../../src/index.js';
import { summariseRanks, type RankSummary } from './breakout-harness.js';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/** The untouched product the request's topic names. */
export const KIT_ID = 'bbq-kit';

/** The request's topic in three scripts (ad hoc: text only). */
export const KIT_TOPIC_TEXT = {
  'zh-hans': '淄博烧烤火出圈',
  'zh-hant': '淄博燒烤火出圈',
  en: 'Zibo barbecue goes viral',
} as const;

/** Records of the rival-topic shop, every event and observation before `now` (epoch ms). */
export interface RivalTopicShop {
  readonly products: ProductInput[];
  readonly merchants: MerchantInput[];
  readonly events: EventInput[];
  /** The fitted, bursting topic on tents. */
  readonly topics: TopicInput[];
  readonly campers: readonly string[];
  readonly snackers: readonly string[];
}

const GEAR = [
  ['露营帐篷', 'camping tent', 'tent'],
  ['超轻帐篷', 'ultralight tent', 'tent'],
  ['露营装备套装', 'camping gear set', 'tent'],
  ['户外炉头', 'stove', 'stove'],
] as const;
const SNACKS = [
  ['牛肉干', 'beef jerky'],
  ['坚果礼盒', 'mixed nuts'],
  ['海苔', 'seaweed snack'],
] as const;

/** Builds the shop: ids are stable, events are spread over the 21 days before `now`. */
export function rivalTopicShop(now: number): RivalTopicShop {
  const products: ProductInput[] = [];
  const merchants: MerchantInput[] = [];
  for (let m = 0; m < 6; m++) merchants.push({ id: `camp-shop-${m}` });
  for (let m = 0; m < 4; m++) merchants.push({ id: `snack-shop-${m}` });
  merchants.push({ id: 'zibo-grill-workshop' });
  for (let i = 0; i < 48; i++) {
    const [zh, en, tag] = GEAR[i % GEAR.length]!;
    products.push({ id: `camp-${i}`, merchantId: `camp-shop-${i % 6}`, title: `${zh} ${en} model ${i}`, category: 'outdoor', tags: [tag] });
  }
  for (let i = 0; i < 24; i++) {
    const [zh, en] = SNACKS[i % SNACKS.length]!;
    products.push({ id: `snack-${i}`, merchantId: `snack-shop-${i % 4}`, title: `${zh} ${en} pack ${i}`, category: 'snacks', tags: ['snack'] });
  }
  products.push({ id: KIT_ID, merchantId: 'zibo-grill-workshop', title: '淄博烧烤炉 小饼卷肉 烧烤套装 Zibo barbecue grill kit', category: 'outdoor', tags: ['烧烤', 'barbecue'] });

  const events: EventInput[] = [];
  const types = ['view', 'view', 'click', 'view', 'cart', 'click'] as const;
  const history = (user: string, u: number, prefix: string, size: number): void => {
    for (let k = 0; k < 12; k++) {
      // Each user keeps to a band of 8 products of their category, at stable times.
      const item = (u * 3 + ((k * 5) % 8)) % size;
      events.push({ userId: user, productId: `${prefix}-${item}`, type: types[k % types.length]!, timestamp: now - (21 * DAY * (12 - k)) / 12 - u * HOUR });
    }
  };
  const campers = Array.from({ length: 48 }, (_, u) => `camper-${u}`);
  const snackers = Array.from({ length: 24 }, (_, u) => `snacker-${u}`);
  campers.forEach((user, u) => history(user, u, 'camp', 48));
  snackers.forEach((user, u) => history(user, u, 'snack', 24));

  const heat: Array<{ timestamp: number; count: number }> = [];
  for (let t = now - 10 * DAY; t < now - 12 * HOUR; t += 12 * HOUR) heat.push({ timestamp: t, count: 15 });
  for (let h = 12; h >= 1; h--) heat.push({ timestamp: now - h * HOUR + HOUR / 2, count: 25 });
  const topics: TopicInput[] = [{ id: 'rising-ultralight-camping', text: '轻量露营装备 ultralight camping tent', heat }];
  return { products, merchants, events, topics, campers, snackers };
}

/** The shop's present in the tests and the benchmark: 2026-06-01 12:00 UTC. */
export const RIVAL_NOW = Date.UTC(2026, 5, 1, 12);

/** A recommender of `config` fitted on the shop (the fitted topic included). */
export function fitRivalTopicShop(config: RecommenderConfigInput = {}, now = RIVAL_NOW): Recommender {
  const { products, merchants, events, topics } = rivalTopicShop(now);
  const rec = createRecommender(config);
  rec.fit({ products, merchants, events, topics });
  return rec;
}

/**
 * Where the kit ranks (slates of 49 at `now`, not recorded) for the campers and the snackers,
 * with the request topic `text` given in every request, or none.
 */
export function kitRanks(rec: Recommender, text?: string, now = RIVAL_NOW): { campers: RankSummary; snackers: RankSummary } {
  const shop = rivalTopicShop(now);
  const request = text === undefined ? {} : { topics: [{ id: 'zibo-bbq', text }] };
  const ranks = (users: readonly string[]) =>
    users.map((u) => {
      const at = rec.recommend(u, { n: 49, now, record: false, ...request }).items.findIndex((i) => i.productId === KIT_ID);
      return at < 0 ? Number.POSITIVE_INFINITY : at + 1;
    });
  return { campers: summariseRanks(ranks(shop.campers)), snackers: summariseRanks(ranks(shop.snackers)) };
}
