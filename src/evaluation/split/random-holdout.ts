import { ConfigError } from '../../errors.js';
import { Rng, deriveSeed } from '../../_internal/rng.js';
import type { Event } from '../../schema/entities.js';
import { _finalise, _groupByUser } from './_finalise.js';
import { _compareEvents } from './_order.js';
import type { SplitCheckOptions, SplitResult } from './types.js';

/** Options of {@link randomHoldoutSplit}. */
export interface RandomHoldoutOptions extends SplitCheckOptions {
  /** Share of each user's events held out for test, in (0, 1). @default 0.2 */
  readonly fraction?: number;
  /** Base seed; each user's draw uses `deriveSeed(seed, userId)`. @default 42 */
  readonly seed?: number;
  /** Users with fewer events than this stay wholly in train. @default 2 */
  readonly minUserEvents?: number;
}

/**
 * Random per-user holdout: for each user, `round(fraction * count)` of their events, drawn with
 * an Rng seeded by `deriveSeed(seed, userId)` over the user's events in content order, go to test.
 * The result does not depend on the input order or on the other users. Does not mutate its input.
 * @example randomHoldoutSplit(events, { fraction: 0.2, seed: 7 })
 */
export function randomHoldoutSplit(events: readonly Event[], options: RandomHoldoutOptions = {}): SplitResult {
  const fraction = options.fraction ?? 0.2;
  if (!(fraction > 0 && fraction < 1)) throw new ConfigError(`random holdout fraction must be in (0, 1), got ${fraction}`, 'fraction');
  const seed = options.seed ?? 42;
  const minUserEvents = options.minUserEvents ?? 2;
  const isTest = new Uint8Array(events.length);
  for (const [userId, indices] of _groupByUser(events)) {
    if (indices.length < minUserEvents) continue;
    indices.sort((a, b) => _compareEvents(events[a]!, events[b]!));
    new Rng(deriveSeed(seed, userId)).shuffle(indices);
    const take = Math.round(fraction * indices.length);
    for (let j = 0; j < take; j++) isTest[indices[j]!] = 1;
  }
  const train: Event[] = [];
  const test: Event[] = [];
  for (let i = 0; i < events.length; i++) (isTest[i] === 1 ? test : train).push(events[i]!);
  return _finalise('random-holdout', events.length, train, test, options, []);
}
