import { ConfigError } from '../errors.js';
import { createContent } from '../signals/content.js';
import { createEase } from '../signals/ease.js';
import { createIals } from '../signals/ials.js';
import { createItemKnn } from '../signals/item-knn.js';
import { createPopularity } from '../signals/popularity.js';
import type { Signal } from '../signals/signal.js';
import { createTrending } from '../signals/trending.js';

/** Builds a signal from its config (without `type` and `weight`). */
export type SignalFactory = (config: Record<string, unknown>) => Signal;

/** The built-in signal types and their factories. */
export const SIGNAL_FACTORIES: ReadonlyMap<string, SignalFactory> = new Map<string, SignalFactory>([
  ['ials', (c) => createIals(c)],
  ['item-knn', (c) => createItemKnn(c)],
  ['ease', (c) => createEase(c)],
  ['popularity', (c) => createPopularity(c)],
  ['content', (c) => createContent(c)],
  ['trending', (c) => createTrending(c)],
]);

/**
 * Creates the signal named by `type` with `config`; a ConfigError names the signal's position in
 * the config and lists the known types when `type` is unknown.
 */
export function createSignal(type: string, config: Record<string, unknown>, at: string): Signal {
  const factory = SIGNAL_FACTORIES.get(type);
  if (factory === undefined) {
    throw new ConfigError(
      `${at}.type: unknown signal type ${JSON.stringify(type)} (known: ${[...SIGNAL_FACTORIES.keys()].join(', ')})`,
      `${at}.type`,
    );
  }
  try {
    return factory(config);
  } catch (error) {
    if (error instanceof ConfigError) {
      throw new ConfigError(`${at}: ${error.message}`, error.path === undefined ? at : `${at}.${error.path}`);
    }
    throw error;
  }
}
