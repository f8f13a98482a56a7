import { alignColumns, truncateDisplay } from '../_internal/text-table.js';
import type { Recommender } from '../engine/recommender.js';
import { baseWeight, createEventWeighting, DAY_MS } from '../dataset/event-weighting.js';
import { tierName } from '../fairness/tiers.js';
import type { Product, Topic } from '../schema/entities.js';
import type { MarketplaceData } from '../schema/marketplace-data.js';
import { fitAsOf } from './as-of.js';
import type { CliIo } from './io.js';

/** The burst starts where the heat first climbs back to this share of its peak. */
const ONSET_SHARE = 0.1;

/** The hottest burst in a dataset's topics: the topic whose heat peaks highest, and when. */
export interface TopicBurstPick {
  readonly topic: Topic;
  /** Highest heat count of the topic. */
  readonly peakHeat: number;
  /** When the heat peaked, epoch ms. */
  readonly peak: number;
  /** Start of the burst: the earliest time of the run of observations at >= 10% of the peak that ends at the peak, epoch ms. */
  readonly onset: number;
  /** A moment before the burst: one day before the onset, epoch ms. */
  readonly before: number;
}

/**
 * Picks the topic whose heat peaks highest (ties: the earlier peak, then the id), with its peak,
 * onset and a moment a day before the onset; undefined when no topic has heat above 0.
 */
export function hottestBurst(topics: readonly Topic[]): TopicBurstPick | undefined {
  let best: TopicBurstPick | undefined;
  for (const topic of topics) {
    const heat = [...topic.heat].sort((a, b) => a.timestamp - b.timestamp);
    let top = -1;
    for (let i = 0; i < heat.length; i++) if (top < 0 || heat[i]!.count > heat[top]!.count) top = i;
    if (top < 0 || heat[top]!.count <= 0) continue;
    const peakHeat = heat[top]!.count;
    const peak = heat[top]!.timestamp;
    let first = top;
    while (first > 0 && heat[first - 1]!.count >= ONSET_SHARE * peakHeat) first--;
    const onset = heat[first]!.timestamp;
    const better =
      best === undefined || peakHeat > best.peakHeat || (peakHeat === best.peakHeat && (peak < best.peak || (peak === best.peak && topic.id < best.topic.id)));
    if (better) best = { topic, peakHeat, peak, onset, before: onset - DAY_MS };
  }
  return best;
}

/** The products a topic is about: its linked `productIds` that are in the catalogue, else products sharing one of its tags. */
export function topicProducts(topic: Topic, products: readonly Product[]): Product[] {
  const byId = new Map(products.map((p) => [p.id, p] as const));
  const linked = topic.productIds.map((id) => byId.get(id)).filter((p): p is Product => p !== undefined);
  if (linked.length > 0) return linked;
  const tags = new Set(topic.tags.map((t) => t.toLowerCase()));
  return products.filter((p) => p.tags.some((t) => tags.has(t.toLowerCase())));
}

/** A user picked for the story: history size and how much of it matches the topic's products. */
export interface StoryUser {
  readonly userId: string;
  readonly history: number;
  readonly matching: number;
}

/**
 * Users whose history before `until` (epoch ms; events with a positive default weight, so not
 * impressions) matches the topic's products best: the share of their distinct products whose
 * category is a category or tag of a topic product. Users who had
 * already interacted with a topic product are left out (the story is about discovering it).
 * Best match first (share, then count, then id); at most `count`.
 */
export function storyUsers(data: MarketplaceData, topicProductIds: ReadonlySet<string>, terms: ReadonlySet<string>, until: number, count: number): StoryUser[] {
  const category = new Map(data.products.map((p) => [p.id, (p.category ?? '').toLowerCase()] as const));
  const history = new Map<string, Set<string>>();
  const touched = new Set<string>();
  // The demo's recommender uses the default event weights: history is what they count (no impressions).
  const weighting = createEventWeighting();
  for (const e of data.events) {
    if (e.timestamp > until || !((baseWeight(weighting, e.type, e.weight) ?? 0) > 0)) continue;
    if (topicProductIds.has(e.productId)) touched.add(e.userId);
    const set = history.get(e.userId);
    if (set === undefined) history.set(e.userId, new Set([e.productId]));
    else set.add(e.productId);
  }
  const users: StoryUser[] = [];
  for (const [userId, products] of history) {
    if (touched.has(userId)) continue;
    let matching = 0;
    for (const p of products) if (terms.has(category.get(p) ?? '')) matching++;
    if (matching > 0) users.push({ userId, history: products.size, matching });
  }
  users.sort((a, b) => b.matching / b.history - a.matching / a.history || b.matching - a.matching || (a.userId < b.userId ? -1 : 1));
  return users.slice(0, count);
}

/** Where a user's best-ranked topic product lands in a full ranking. */
interface TopicRank {
  readonly productId: string;
  /** 1-based rank; null when no topic product is among the candidates. */
  readonly rank: number | null;
  readonly candidates: number;
  /** The trending explanation of that product, when it is ranked. */
  readonly why: string | undefined;
}

function topicRank(rec: Recommender, userId: string, now: number, filter: (p: Product) => boolean, ids: ReadonlySet<string>): TopicRank {
  const slate = rec.recommend(userId, { n: rec.dataset.products.size, now, filter, record: false });
  const at = slate.items.findIndex((i) => ids.has(i.productId));
  const item = slate.items[at];
  if (item === undefined) return { productId: [...ids][0] ?? '', rank: null, candidates: slate.trace.candidates.total, why: undefined };
  const explained = rec.explain({ ...slate, items: [item], trace: { ...slate.trace, items: [slate.trace.items[at]!] } });
  const trending = explained.items[0]?.signals.find((s) => s.signal === 'trending');
  const why = trending?.detail?.[0]?.trim();
  return { productId: item.productId, rank: item.rank, candidates: slate.trace.candidates.total, why };
}

const utc = (t: number): string => `${new Date(t).toISOString().slice(0, 16).replace('T', ' ')} UTC`;

/**
 * The demo's story section: picks the hottest topic burst in the data, fits as of a day before
 * the burst and as of its peak (events after each time left out, products not yet created left
 * out), and shows for `users` users whose history matches the topic's products where the topic's
 * product ranks in each, with the trending explanation at the peak naming the topic. '' when the
 * data has no topic with heat or no matching user.
 */
export function renderTopicStory(data: MarketplaceData, io: CliIo, users = 2): string {
  const burst = hottestBurst(data.topics);
  if (burst === undefined) return '';
  const products = topicProducts(burst.topic, data.products);
  if (products.length === 0) return '';
  const ids = new Set(products.map((p) => p.id));
  const terms = new Set<string>();
  for (const p of products) {
    if (p.category !== undefined) terms.add(p.category.toLowerCase());
    for (const t of p.tags) terms.add(t.toLowerCase());
  }
  const picked = storyUsers(data, ids, terms, burst.peak, users);
  if (picked.length === 0) return '';
  const before = fitAsOf({}, data, burst.before, io);
  const hot = fitAsOf({}, data, burst.peak, io);
  const rankText = (r: TopicRank): string => (r.rank === null ? `not among ${r.candidates} candidates` : `#${r.rank} of ${r.candidates}`);
  const first = products[0]!;
  const ds = hot.rec.dataset;
  const p = ds.products.indexOf(first.id);
  const tier = p >= 0 ? `, ${tierName(hot.rec.tiers[ds.productMerchant[p]!]!)} merchant` : '';
  const lines = [
    `story: the hottest topic in the data, ${burst.topic.id}: "${truncateDisplay(burst.topic.text, 70)}"`,
    `  its mentions peak at ${burst.peakHeat} on ${utc(burst.peak)} (rising since ${utc(burst.onset)})`,
    `  its product${products.length === 1 ? '' : 's'}: ${first.id} "${truncateDisplay(first.title, 50)}" (${first.merchantId}${tier})${products.length > 1 ? ` and ${products.length - 1} more` : ''}`,
    `  fitted as of ${utc(burst.before)} (a day before the burst) and as of the peak; users whose history matches its categories:`,
  ];
  const rows: string[][] = [['user', 'history', 'before the burst', 'at the peak']];
  const whys: string[] = [];
  for (const u of picked) {
    const r0 = topicRank(before.rec, u.userId, burst.before, before.filter!, ids);
    const r1 = topicRank(hot.rec, u.userId, burst.peak, hot.filter!, ids);
    const name = products.length > 1 && r1.rank !== null ? ` (${r1.productId})` : '';
    rows.push([u.userId, `${u.matching} of ${u.history} products match`, rankText(r0), `${rankText(r1)}${name}`]);
    if (r1.why !== undefined) whys.push(`  why ${r1.productId} is #${r1.rank} for ${u.userId} at the peak: ${r1.why}`);
  }
  lines.push(...alignColumns(rows, [0, 1, 2, 3]).map((l) => `    ${l}`), ...whys.slice(0, 1));
  return `${lines.join('\n')}\n`;
}
