/**
 * The hot topic of the breakout catalogue, its product and its look-alikes: the topic "Tianshui
 * malatang goes viral" (a food-street craze) in three scripts, the untouched clay-pot kit of a
 * small kitchen shop that it names, products of other categories whose titles share some of its
 * words, and the heat records of a burst (8,000 mentions in the last hour against 20 a day).
 */
import type { TopicInput } from '../../src/index.js';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/** Languages an ad-hoc topic can be given in. */
export const TOPIC_LANGUAGES = ['zh-hans', 'zh-hant', 'en'] as const;
/** A language of the ad-hoc topic. */
export type TopicLanguage = (typeof TOPIC_LANGUAGES)[number];

/** Id of the breakout topic (ad hoc or fitted). */
export const BREAKOUT_TOPIC_ID = 'hot-tianshui-malatang';

/** The topic's text in each language. */
export const BREAKOUT_TOPIC_TEXT: Readonly<Record<TopicLanguage, string>> = {
  'zh-hans': '天水麻辣烫火爆全网',
  'zh-hant': '天水麻辣燙火爆全網',
  en: 'Tianshui malatang goes viral',
};

/** The untouched product the topic names (its id, shop and category are set by the builder). */
export const BREAKOUT_PRODUCT = {
  title: '天水麻辣烫砂锅调料套装 Tianshui malatang clay pot kit',
  category: 'kitchen',
  tags: ['砂锅', '麻辣烫', 'clay pot'],
  price: 89,
} as const;

/** A product outside the topic's story whose title shares some of the topic's words. */
export interface LookAlike {
  readonly category: string;
  readonly title: string;
  readonly tags: readonly string[];
  /** The words it shares with the topic. */
  readonly shares: string;
}

/**
 * Look-alikes: one in the product's own category (a different dish) and one in each other
 * category (the product's category is not theirs).
 */
export const LOOK_ALIKES: readonly LookAlike[] = [
  { category: 'kitchen', title: '重庆麻辣火锅鸳鸯锅 Chongqing hotpot divided pot', tags: ['火锅', 'hotpot'], shares: '麻辣' },
  { category: 'pets', title: '麻辣小龙虾造型磨牙玩具', tags: ['磨牙', '狗'], shares: '麻辣' },
  { category: 'garden', title: '天水花牛苹果树苗 阳台果树', tags: ['果树', '种植'], shares: '天水' },
  { category: 'stationery', title: 'Tianshui Maijishan grottoes postcard notebook', tags: ['notebook', 'paper'], shares: 'Tianshui' },
  { category: 'music', title: '火爆全网 网红拇指琴 viral kalimba', tags: ['kalimba', '拇指琴'], shares: '火爆全网, viral' },
];

/** The topic given with a request: text only, no heat (taken as hot now by the library). */
export function adHocTopic(language: TopicLanguage): TopicInput {
  return { id: BREAKOUT_TOPIC_ID, text: BREAKOUT_TOPIC_TEXT[language] };
}

/**
 * The topic as a fitted record with a burst: `baselinePerDay` mentions a day for 14 days (one
 * observation every 6 hours), then `burstCount` mentions observed 20 minutes before `now`.
 */
export function burstTopic(now: number, burstCount = 8_000, baselinePerDay = 20): TopicInput {
  const heat: Array<{ timestamp: number; count: number }> = [];
  for (let t = now - 14 * DAY; t < now - HOUR; t += 6 * HOUR) heat.push({ timestamp: t, count: baselinePerDay / 4 });
  heat.push({ timestamp: now - HOUR / 3, count: burstCount });
  return { id: BREAKOUT_TOPIC_ID, text: BREAKOUT_TOPIC_TEXT['zh-hans'], heat };
}

/**
 * Other topics a service holds at the same time: a steady one (garden, 300 a day, no burst) and
 * a rising one (stationery: 40 a day, then 60 an hour over the last 6 hours).
 */
export function backgroundTopics(now: number): TopicInput[] {
  const steady: Array<{ timestamp: number; count: number }> = [];
  for (let t = now - 30 * DAY; t < now; t += 6 * HOUR) steady.push({ timestamp: t, count: 75 });
  const rising: Array<{ timestamp: number; count: number }> = [];
  for (let t = now - 14 * DAY; t < now - 6 * HOUR; t += 6 * HOUR) rising.push({ timestamp: t, count: 10 });
  for (let h = 6; h >= 1; h--) rising.push({ timestamp: now - h * HOUR + HOUR / 2, count: 60 });
  return [
    { id: 'steady-succulent-repotting', text: '春季多肉换盆', heat: steady },
    { id: 'rising-planner-restock', text: 'mid-year weekly planner restock', heat: rising },
  ];
}
