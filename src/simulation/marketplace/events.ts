import { Rng, deriveSeed } from '../../_internal/rng.js';
import type { Event, Product } from '../../schema/entities.js';
import { DAY_MS } from '../../dataset/event-weighting.js';
import { pickCumulative } from './zipf.js';
import { HOUR_MS } from './ids.js';
import { burstShape, topicCategories, TOPIC_SPECS } from './topics.js';
import { trueRelevance, type MarketplaceTruth, type TopicBurst } from './truth.js';

/** What the event simulation needs besides the truth. */
export interface EventInputs {
  readonly truth: MarketplaceTruth;
  readonly products: readonly Product[];
  /** Organic (incumbent feed) exposure weight per product, e.g. merchant size^popularityBias. */
  readonly productWeight: Float64Array;
  readonly bursts: readonly TopicBurst[];
  /** Product indices matching each topic (same order as `bursts`). */
  readonly topicMatches: readonly Int32Array[];
  /** Explicitly linked product indices of each topic. */
  readonly topicLinks: readonly Int32Array[];
}

/** Per-slot surface labels. */
const FEED = 'feed';
const TRENDING = 'trending';

/**
 * Simulates sessions of the incumbent system and the users' responses. Each user has an event
 * budget (mean `eventsPerUser`, log-normal activity) and has sessions at uniform times until it is
 * used. A session shows `slateSize` products drawn with weight
 * `productWeight x (0.1 + category affinity)` (the Matthew effect: big merchants'
 * products are shown more, whatever their quality); a share of sessions is pulled into hot topics' burst windows for users who care
 * (see `sessionStart`); a hot topic may take one of the top three slots (probability `slotRate x heat x (0.3 + 0.7 x topic affinity)`). Each slot is examined with
 * probability `1/log2(pos+1)` and clicked with `examine x min(1, relevance x (1 + demandLift x heat))`;
 * a click leads to a view (0.8), a view to a cart (0.4 x relevance), a cart to a purchase (0.5).
 * Returns events sorted by time (stable: ties keep generation order).
 */
export function simulateEvents(inputs: EventInputs): Event[] {
  const { truth, products } = inputs;
  const o = truth.options;
  const nCategories = truth.categories.length;
  const nProducts = products.length;

  // Per-category cumulative popularity over in-stock products.
  const members: number[][] = Array.from({ length: nCategories }, () => []);
  for (let p = 0; p < nProducts; p++) if (products[p]!.inStock) members[truth.productCategory[p]!]!.push(p);
  const catProducts = members.map((m) => Int32Array.from(m));
  const catCumulative = members.map((m) => {
    const cum = new Float64Array(m.length);
    let acc = 0;
    for (let i = 0; i < m.length; i++) {
      acc += inputs.productWeight[m[i]!]!;
      cum[i] = acc;
    }
    return cum;
  });
  const catMass = catCumulative.map((c) => (c.length === 0 ? 0 : c[c.length - 1]!));
  const topicCats = TOPIC_SPECS.map(topicCategories);
  const inStockMatches = inputs.topicMatches.map((m) => m.filter((p) => products[p]!.inStock));
  const inStockLinks = inputs.topicLinks.map((m) => m.filter((p) => products[p]!.inStock));
  const productTopics: number[][] = Array.from({ length: nProducts }, () => []);
  inputs.topicMatches.forEach((m, j) => m.forEach((p) => productTopics[p]!.push(j)));

  const span = o.days * DAY_MS - 2 * HOUR_MS; // room for the longest session before the end
  const events: Event[] = [];
  const userCum = new Float64Array(nCategories);
  const heat = new Float64Array(inputs.bursts.length);
  const slate: number[] = [];
  const surfaces: string[] = [];

  for (let u = 0; u < truth.userIds.length; u++) {
    const userId = truth.userIds[u]!;
    const rng = new Rng(deriveSeed(o.seed, `events:${userId}`));
    let max = 0;
    for (let c = 0; c < nCategories; c++) max = Math.max(max, truth.interests[u * nCategories + c]!);
    let acc = 0;
    for (let c = 0; c < nCategories; c++) {
      const affinity = max > 0 ? truth.interests[u * nCategories + c]! / max : 0;
      acc += catMass[c]! * (0.1 + affinity);
      userCum[c] = acc;
    }
    if (!(acc > 0)) continue;
    const topicAffinity = topicCats.map((cats) =>
      cats.reduce((a, c) => Math.max(a, max > 0 ? truth.interests[u * nCategories + c]! / max : 0), 0),
    );
    const activity = Math.exp(0.6 * rng.normal() - 0.18);
    const budget = Math.max(1, Math.round(o.eventsPerUser * activity));
    let count = 0;
    for (let session = 1; count < budget; session++) {
      const t0 = sessionStart(rng, o.start, span, inputs.bursts, topicAffinity);
      for (let j = 0; j < heat.length; j++) heat[j] = burstShape(inputs.bursts[j]!, t0);
      fillSlate(rng, slate, surfaces, o.slateSize, userCum, catProducts, catCumulative);
      if (slate.length === 0) break; // nothing showable (cannot happen with an in-stock product; guards the loop)
      for (let j = 0; j < heat.length; j++) {
        const h = heat[j]!;
        const pool = inStockMatches[j]!;
        if (h < 1e-3 || pool.length === 0 || slate.length === 0) continue;
        if (rng.next() >= o.topics.slotRate * h * (0.3 + 0.7 * topicAffinity[j]!)) continue;
        const links = inStockLinks[j]!;
        const p = links.length > 0 && rng.next() < 0.7 ? links[rng.int(links.length)]! : pool[rng.int(pool.length)]!;
        if (slate.includes(p)) continue;
        const at = rng.int(Math.min(3, slate.length));
        slate.splice(at, 0, p);
        surfaces.splice(at, 0, TRENDING);
        if (slate.length > o.slateSize) {
          slate.pop();
          surfaces.pop();
        }
      }
      const sessionId = `${userId}-s${session}`;
      let t = t0;
      for (let i = 0; i < slate.length; i++) {
        const p = slate[i]!;
        const productId = products[p]!.id;
        const surface = surfaces[i]!;
        const position = i + 1;
        events.push({ userId, productId, type: 'impression', timestamp: t0, weight: undefined, position, surface, sessionId });
        count++;
        let lift = 0;
        for (const j of productTopics[p]!) lift = Math.max(lift, o.topics.demandLift * heat[j]!);
        const relevance = trueRelevance(truth, u, p);
        const examine = 1 / Math.log2(position + 1);
        if (rng.next() >= examine * Math.min(1, relevance * (1 + lift))) continue;
        t += (3 + rng.int(40)) * 1000;
        events.push({ userId, productId, type: 'click', timestamp: t, weight: undefined, position, surface, sessionId });
        count++;
        if (rng.next() >= 0.8) continue;
        t += 1000;
        events.push({ userId, productId, type: 'view', timestamp: t, weight: undefined, position: undefined, surface, sessionId });
        count++;
        if (rng.next() >= 0.4 * relevance) continue;
        t += (10 + rng.int(120)) * 1000;
        events.push({ userId, productId, type: 'cart', timestamp: t, weight: undefined, position: undefined, surface, sessionId });
        count++;
        if (rng.next() >= 0.5) continue;
        t += (30 + rng.int(600)) * 1000;
        events.push({ userId, productId, type: 'purchase', timestamp: t, weight: undefined, position: undefined, surface, sessionId });
        count++;
      }
    }
  }
  // Array.prototype.sort is stable: equal timestamps keep generation order.
  return events.sort((a, b) => a.timestamp - b.timestamp);
}

/** Share of sessions that may be pulled into a hot topic's burst window (demand lift in sessions). */
const BURST_SESSION_SHARE = 0.25;

/**
 * Start of a session, epoch ms on a whole second: uniform over the span, except that a share of
 * sessions goes to a random topic's burst window (start to peak + 2 half-lives) with probability
 * equal to the user's affinity to the topic, so hot topics bring their fans back.
 */
function sessionStart(rng: Rng, start: number, span: number, bursts: readonly TopicBurst[], affinity: readonly number[]): number {
  if (bursts.length > 0 && rng.next() < BURST_SESSION_SHARE) {
    const j = rng.int(bursts.length);
    const b = bursts[j]!;
    const from = Math.max(start, b.start);
    const to = Math.min(start + span, b.peak + 2 * b.halfLife);
    if (to > from && rng.next() < affinity[j]!) return from + rng.int(Math.floor((to - from) / 1000)) * 1000;
  }
  return start + rng.int(Math.floor(span / 1000)) * 1000;
}

/** Draws up to `size` distinct products: a category by the user's weights, then a product by popularity. */
function fillSlate(
  rng: Rng,
  slate: number[],
  surfaces: string[],
  size: number,
  userCum: Float64Array,
  catProducts: readonly Int32Array[],
  catCumulative: readonly Float64Array[],
): void {
  slate.length = 0;
  surfaces.length = 0;
  const total = userCum[userCum.length - 1]!;
  for (let tries = 0; slate.length < size && tries < size * 20; tries++) {
    const c = pickCumulative(userCum, rng.next() * total);
    const cum = catCumulative[c]!;
    if (cum.length === 0) continue;
    const p = catProducts[c]![pickCumulative(cum, rng.next() * cum[cum.length - 1]!)]!;
    if (slate.includes(p)) continue;
    slate.push(p);
    surfaces.push(FEED);
  }
}
