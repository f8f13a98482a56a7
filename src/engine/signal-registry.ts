import { ConfigError } from '../errors.js';
import { createContent } from '../signals/content.js';
import { createEase } from '../signals/ease.js';
import { createIals } from '../signals/ials.js';
import { createItemKnn } from '../signals/item-knn.js';
import { createPopularity } from '../signals/popularity.js';
import type { Signal } from '../signals/signal.js';
import { createTrending } from '../signals/trending.js';

/**
 * Builds a signal from its config (the signal's own keys: without `type`, `name` and `weight`).
 * It validates the config itself and throws a ConfigError naming the bad key.
 */
export type SignalFactory = (config: Record<string, unknown>) => Signal;

/** The built-in signal types and their factories. */
const BUILT_IN: ReadonlyMap<string, SignalFactory> = new Map<string, SignalFactory>([
  ['ials', (c) => createIals(c)],
  ['item-knn', (c) => createItemKnn(c)],
  ['ease', (c) => createEase(c)],
  ['popularity', (c) => createPopularity(c)],
  ['content', (c) => createContent(c)],
  ['trending', (c) => createTrending(c)],
]);

/** The built-in signal types, in registry order. */
export const BUILT_IN_SIGNAL_TYPES: readonly string[] = Object.freeze([...BUILT_IN.keys()]);

/** Signal types added with {@link registerSignal}. */
const registered = new Map<string, SignalFactory>();

/** A signal type is a short lower-case name: letters, digits and `-`, starting with a letter. */
const TYPE_PATTERN = /^[a-z][a-z0-9-]{0,39}$/;

/**
 * Adds a signal type that configs can name (`signals: [{ type: 'my-signal', weight: 1 }]`), for
 * every recommender created afterwards. The factory gets the signal's own config keys. A built-in
 * type cannot be replaced; registering a type again replaces the earlier factory only with
 * `{ replace: true }`. Register before loading a model file that uses the type.
 * @throws ConfigError for a malformed or taken type, or a factory that is not a function.
 * @example registerSignal('recency', (c) => new RecencySignal(c));
 */
export function registerSignal(type: string, factory: SignalFactory, options: { replace?: boolean } = {}): void {
  if (!TYPE_PATTERN.test(type)) {
    throw new ConfigError(`registerSignal: type ${JSON.stringify(type)} must match ${TYPE_PATTERN.source} (lower-case letters, digits, '-')`, 'type');
  }
  if (typeof factory !== 'function') throw new ConfigError(`registerSignal: the factory of ${JSON.stringify(type)} must be a function`, 'factory');
  if (BUILT_IN.has(type)) throw new ConfigError(`registerSignal: ${JSON.stringify(type)} is a built-in signal type and cannot be replaced`, 'type');
  if (registered.has(type) && options.replace !== true) {
    throw new ConfigError(`registerSignal: ${JSON.stringify(type)} is already registered (pass { replace: true } to replace it)`, 'type');
  }
  registered.set(type, factory);
}

/** Removes a registered signal type; true when it was registered (built-ins cannot be removed). */
export function unregisterSignal(type: string): boolean {
  return registered.delete(type);
}

/** Every signal type a config may name: the built-ins, then the registered ones in registration order. */
export function signalTypes(): string[] {
  return [...BUILT_IN.keys(), ...registered.keys()];
}

/** The factory of a signal type, or undefined. */
export function signalFactory(type: string): SignalFactory | undefined {
  return BUILT_IN.get(type) ?? registered.get(type);
}

/**
 * Creates the signal named by `type` with `config`; a ConfigError names the signal's position in
 * the config (`at`, e.g. `signals.2`) and lists the known types when `type` is unknown. Checks
 * that the factory kept its promise: the signal reports the type it was created for.
 */
export function createSignal(type: string, config: Record<string, unknown>, at: string): Signal {
  const factory = signalFactory(type);
  if (factory === undefined) {
    throw new ConfigError(`${at}.type: unknown signal type ${JSON.stringify(type)} (known: ${signalTypes().join(', ')})`, `${at}.type`);
  }
  let signal: Signal;
  try {
    signal = factory(config);
  } catch (error) {
    if (error instanceof ConfigError) {
      const path = error.path === undefined || error.path === '' ? at : `${at}.${error.path}`;
      throw new ConfigError(`${at}: ${error.message}`, path);
    }
    throw error;
  }
  if (signal === null || typeof signal !== 'object' || signal.type !== type) {
    throw new ConfigError(`${at}: the factory of ${JSON.stringify(type)} returned a signal of type ${JSON.stringify((signal as { type?: unknown } | null)?.type)}`, `${at}.type`);
  }
  return signal;
}
