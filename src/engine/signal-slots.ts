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
 * Creates the blend's signals from a parsed config, each named: the config's `name`, else its
 * type, with `-2`, `-3` ... for later signals of a type already named (skipping names taken).
 * @throws ConfigError naming `signals.<i>` for an unknown type or a bad signal config.
 */
export function createSignalSlots(config: RecommenderConfig): SignalSlot[] {
  const taken = new Set<string>(config.signals.flatMap((s) => (s.name === undefined ? [] : [s.name])));
  return config.signals.map((spec, i) => {
    const { type, weight, name, ...rest } = spec;
    const signal = createSignal(type, rest, `signals.${i}`);
    let slotName = name;
    if (slotName === undefined) {
      slotName = type;
      for (let k = 2; taken.has(slotName); k++) slotName = `${type}-${k}`;
      taken.add(slotName);
    }
    return { name: slotName, signal, weight };
  });
}
