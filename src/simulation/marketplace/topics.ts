import type { Rng } from '../../_internal/rng.js';
import type { Product, Topic } from '../../schema/entities.js';
import { BACKPACK_ID } from './catalogue.js';
import { HOUR_MS } from './ids.js';
import type { TopicBurst } from './truth.js';
import { categoryIndex } from './vocabulary.js';

/** Id of the Olympics-backpack topic. */
export const OLYMPICS_TOPIC_ID = 'olympics-backpack';

/** A topic of the synthetic marketplace and the shape of its burst. */
export interface TopicSpec {
  readonly id: string;
  readonly text: string;
  readonly tags: readonly string[];
  /** Categories whose fans care about the topic. */
  readonly categories: readonly string[];
  readonly region: string;
  /** Burst start as a fraction of the time span. */
  readonly at: number;
  /** Hours from burst start to peak. */
  readonly riseHours: number;
  /** Half-life of the decay after the peak, hours. */
  readonly halfLifeHours: number;
  /** Expected count per hour at the peak. */
  readonly peakPerHour: number;
  /** Expected count per hour outside the burst. */
  readonly baselinePerHour: number;
}

/** The generated topics, the Olympics backpack first. */
export const TOPIC_SPECS: readonly TopicSpec[] = [
  {
    id: OLYMPICS_TOPIC_ID,
    text: '巴黎重现2008北京奥运会背包 Paris reappears the 2008 Beijing Olympics backpack',
    tags: ['背包', '奥运', 'backpack', 'olympics', 'retro'],
    categories: ['sport', 'travel'],
    region: 'CN',
    at: 2 / 3,
    riseHours: 30,
    halfLifeHours: 36,
    peakPerHour: 5000,
    baselinePerHour: 0.5,
  },
  {
    id: 'phone-launch',
    text: '新款旗舰手机发布 Flagship smartphone launch',
    tags: ['手机', 'phone', 'smartphone', '5G'],
    categories: ['electronics'],
    region: 'global',
    at: 0.25,
    riseHours: 6,
    halfLifeHours: 24,
    peakPerHour: 3000,
    baselinePerHour: 40,
  },
  {
    id: 'summer-heat-wave',
    text: '高温热浪 电风扇 降温 Summer heat wave fans cooling',
    tags: ['风扇', 'fan', '降温', 'cooling'],
    categories: ['home', 'electronics'],
    region: 'CN',
    at: 0.45,
    riseHours: 48,
    halfLifeHours: 72,
    peakPerHour: 2000,
    baselinePerHour: 30,
  },
  {
    id: 'longjing-tea-festival',
    text: '西湖龙井茶文化节 West Lake Longjing tea festival',
    tags: ['龙井', 'longjing', '茶', 'tea'],
    categories: ['food', 'home'],
    region: 'CN-ZJ',
    at: 0.1,
    riseHours: 12,
    halfLifeHours: 48,
    peakPerHour: 800,
    baselinePerHour: 10,
  },
];

/** The burst of a topic in a span starting at `start` lasting `days` days (start rounded to the hour). */
export function burstOf(spec: TopicSpec, start: number, days: number): TopicBurst {
  const begin = start + Math.round((spec.at * days * 24)) * HOUR_MS;
  return { topicId: spec.id, start: begin, peak: begin + spec.riseHours * HOUR_MS, halfLife: spec.halfLifeHours * HOUR_MS };
}

/**
 * Normalised heat of a burst at time `t` (epoch ms) in [0, 1]: 0 before the start, a quadratic
 * rise to 1 at the peak, then exponential decay with the burst's half-life.
 *
 * @example burstShape({ topicId: 'x', start: 0, peak: 10, halfLife: 5 }, 20) // 0.25
 */
export function burstShape(burst: TopicBurst, t: number): number {
  if (t < burst.start) return 0;
  if (t < burst.peak) {
    const x = (t - burst.start) / (burst.peak - burst.start);
    return x * x;
  }
  return Math.pow(2, -(t - burst.peak) / burst.halfLife);
}

/** Topic records with noisy heat counts (per hour or per day) and explicit product links. */
export function generateTopics(
  rng: Rng,
  products: readonly Product[],
  options: { start: number; days: number; resolution: 'hour' | 'day' },
): { topics: Topic[]; bursts: TopicBurst[]; matches: Int32Array[] } {
  const topics: Topic[] = [];
  const bursts: TopicBurst[] = [];
  const matches: Int32Array[] = [];
  const step = options.resolution === 'hour' ? 1 : 24;
  const hours = options.days * 24;
  for (const spec of TOPIC_SPECS) {
    const burst = burstOf(spec, options.start, options.days);
    const heat: { timestamp: number; count: number }[] = [];
    for (let h = 0; h < hours; h += step) {
      let expected = 0;
      for (let k = h; k < h + step && k < hours; k++) {
        expected += spec.baselinePerHour + spec.peakPerHour * burstShape(burst, options.start + k * HOUR_MS + HOUR_MS / 2);
      }
      const noisy = expected * (1 + 0.15 * rng.normal());
      heat.push({ timestamp: options.start + h * HOUR_MS, count: Math.max(0, Math.round(noisy)) });
    }
    const tagSet = new Set(spec.tags.map((t) => t.toLowerCase()));
    const matched: number[] = [];
    for (let p = 0; p < products.length; p++) {
      if (products[p]!.tags.some((t) => tagSet.has(t.toLowerCase()))) matched.push(p);
    }
    const links =
      spec.id === OLYMPICS_TOPIC_ID
        ? products.filter((p) => p.id === BACKPACK_ID).map((p) => p.id)
        : matched.slice(0, 3).map((p) => products[p]!.id);
    topics.push({ id: spec.id, text: spec.text, heat, productIds: links, tags: [...spec.tags], region: spec.region });
    bursts.push(burst);
    matches.push(Int32Array.from(matched));
  }
  return { topics, bursts, matches };
}

/** Category indices of a topic spec (unknown names skipped). */
export function topicCategories(spec: TopicSpec): number[] {
  return spec.categories.map(categoryIndex).filter((c) => c >= 0);
}
