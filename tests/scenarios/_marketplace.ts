/** Shared setup of the scenario tests on the bundled fixtures marketplace. */
import { readFileSync } from 'node:fs';
import { DEFAULT_SIGNALS, type RecommenderConfigInput } from '../../src/engine/config.js';
import type { Recommender } from '../../src/engine/recommender.js';
import { loadMarketplace } from '../../src/io/load-marketplace.js';
import type { MarketplaceData } from '../../src/schema/marketplace-data.js';
import type { TopicInput } from '../../src/schema/entities.js';
import { truthFromJSON, type MarketplaceTruth } from '../../src/simulation/marketplace/truth.js';

/** The bundled fixtures marketplace directory. */
export const FIXTURE_DIR = new URL('../../fixtures/marketplace/', import.meta.url).pathname;

/** The fixtures marketplace records and the generator's truth. */
export async function fixtureMarketplace(): Promise<{ data: MarketplaceData; truth: MarketplaceTruth }> {
  const loaded = await loadMarketplace(FIXTURE_DIR);
  const truth = truthFromJSON(JSON.parse(readFileSync(`${FIXTURE_DIR}truth.json`, 'utf8')));
  return { data: loaded.data, truth };
}

/** The default recommender config with a small, fast iALS; `content` overrides the content weight. */
export function defaultConfig(options: { content?: number } = {}): RecommenderConfigInput {
  return {
    signals: DEFAULT_SIGNALS.map((s) => ({
      ...s,
      ...(s.type === 'ials' ? { factors: 16, iterations: 8 } : {}),
      ...(s.type === 'content' && options.content !== undefined ? { weight: options.content } : {}),
    })),
  };
}

/** 1-based rank of `productId` in the user's slate of `n` (Infinity when absent). */
export function rankOf(rec: Recommender, userId: string, productId: string, options: { now?: number; topics?: TopicInput[]; n?: number } = {}): number {
  const slate = rec.recommend(userId, { n: options.n ?? 100, record: false, ...(options.now !== undefined ? { now: options.now } : {}), ...(options.topics ? { topics: options.topics } : {}) });
  const r = slate.items.findIndex((i) => i.productId === productId);
  return r < 0 ? Infinity : r + 1;
}

/** Median of numbers (the lower middle for an even count). */
export function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor((s.length - 1) / 2)]!;
}
