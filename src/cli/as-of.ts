import { createRecommender, type Recommender } from '../engine/recommender.js';
import type { RecommenderConfigInput } from '../engine/config.js';
import type { Product } from '../schema/entities.js';
import type { MarketplaceData } from '../schema/marketplace-data.js';
import { withFitProgress } from './fit-progress.js';
import type { CliIo } from './io.js';
import { createProgressLine, type ProgressLine } from './progress.js';

/** A recommender fitted as of a request time, and the filter that keeps its slates in that time. */
export interface FittedAsOf {
  readonly rec: Recommender;
  /** Pass as `filter` to `recommend`: drops products created after `now`; undefined without `now`. */
  readonly filter: ((product: Product) => boolean) | undefined;
}

/**
 * True for products that existed at `now` (epoch ms): no `createdAt`, or created at or before it.
 * A product that did not exist yet cannot be recommended then.
 */
export function existedAt(now: number): (product: Product) => boolean {
  return (product) => product.createdAt === undefined || product.createdAt <= now;
}

/**
 * Fits a recommender on the data as it was at `now` (epoch ms; events after it left out, heat
 * after it ignored) or on everything when `now` is undefined. Warns on stderr when no event
 * precedes `now` (the slates then only know the catalogue) and with the fitted recommender's
 * warnings (`Recommender.warnings`). Shows which signal is being fitted on `progress` (none by
 * default).
 */
export function fitAsOf(
  config: RecommenderConfigInput,
  data: MarketplaceData,
  now: number | undefined,
  io: CliIo,
  progress: ProgressLine = createProgressLine({ mode: 'off' }),
): FittedAsOf {
  const rec = createRecommender(config);
  const events = now === undefined ? data.events : data.events.filter((e) => e.timestamp <= now);
  if (now !== undefined && events.length === 0 && data.events.length > 0) {
    let first = Infinity;
    for (const e of data.events) if (e.timestamp < first) first = e.timestamp;
    io.err(
      `warning: --now ${new Date(now).toISOString()} is before every event (the first is at ${new Date(first).toISOString()}): ` +
        'no history, so slates only reflect the catalogue',
    );
  }
  withFitProgress(progress, (onProgress) => rec.fitRecords({ ...data, events }, now === undefined ? { onProgress } : { now, onProgress }));
  for (const w of rec.warnings) io.err(`warning: ${w}`);
  return { rec, filter: now === undefined ? undefined : existedAt(now) };
}
