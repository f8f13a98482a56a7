import type { Signal } from '../signals/signal.js';
import type { RecommenderConfig } from './config.js';
import { createSignal } from './signal-registry.js';

/** One signal of a recommender's blend: its instance name, the signal and its blend weight. */
export interface SignalSlot {
  /** Unique in the blend: the config's `name`, else the type (`<type>-2` for a second one, ...). */
  readonly name: string;
  readonly signal: Signal;
  /** Blend weight (non-negative). */
  readonly weight: number;
}

/**
 * The instance name of each signal of a config: its `name`, else its type, with `-2`, `-3` ...
 * for later signals of a type already named (skipping names taken).
 * @example signalNames([{ type: 'ials' }, { type: 'ials' }, { type: 'content', name: 'text' }]) // ['ials', 'ials-2', 'text']
 */
export function signalNames(specs: ReadonlyArray<{ readonly type: string; readonly name?: string | undefined }>): string[] {
  const taken = new Set<string>(specs.flatMap((s) => (s.name === undefined ? [] : [s.name])));
  return specs.map((spec) => {
    if (spec.name !== undefined) return spec.name;
    let name = spec.type;
    for (let k = 2; taken.has(name); k++) name = `${spec.type}-${k}`;
    taken.add(name);
    return name;
  });
}

/**
 * Creates the blend's signals from a parsed config, each named by {@link signalNames}.
 * @throws ConfigError naming `signals.<i>` for an unknown type or a bad signal config.
 */
export function createSignalSlots(config: RecommenderConfig): SignalSlot[] {
  const names = signalNames(config.signals);
  return config.signals.map((spec, i) => {
    const { type, weight, name: _name, ...rest } = spec;
    return { name: names[i]!, signal: createSignal(type, rest, `signals.${i}`), weight };
  });
}
