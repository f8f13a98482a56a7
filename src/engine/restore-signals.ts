import type { Dataset } from '../dataset/dataset.js';
import { FormatError } from '../errors.js';
import type { FitContext } from '../signals/signal.js';
import type { SignalSlot } from './signal-slots.js';
import type { SavedSignal } from './state.js';

/**
 * Installs saved signal states into a recommender's slots, in blend order: each slot imports its
 * saved state, or is refitted on the dataset when it has none (or cannot import).
 * @throws FormatError when the saved signals do not match the slots or a state does not fit (names it).
 */
export function restoreSignals(slots: readonly SignalSlot[], saved: readonly SavedSignal[], dataset: Dataset, context: FitContext): void {
  if (saved.length !== slots.length) throw new FormatError(`model file: ${saved.length} signal states for ${slots.length} configured signals`);
  slots.forEach((slot, i) => {
    const s = saved[i]!;
    if (s.type !== slot.signal.type) throw new FormatError(`model file: signal ${i} is of type ${s.type}, the config says ${slot.signal.type}`);
    if (s.name !== null && s.name !== slot.name) throw new FormatError(`model file: signal ${i} is named ${s.name}, the config says ${slot.name}`);
    try {
      if (s.state !== null && slot.signal.importState !== undefined) slot.signal.importState(s.state, dataset, context);
      else slot.signal.fit(dataset, context);
    } catch (error) {
      throw new FormatError(`model file: signals.${i} (${slot.name}): ${(error as Error).message}`, { cause: error });
    }
  });
}
