import type { Dataset } from '../dataset/dataset.js';
import { DataError, FormatError } from '../errors.js';
import type { FitContext, Signal } from '../signals/signal.js';
import type { SignalSlot } from './signal-slots.js';
import type { SavedSignal } from './state.js';

/**
 * Fits each signal on the calling thread. A signal whose fit returns a promise (a custom signal
 * that fits only asynchronously) is refused: the recommender would otherwise serve before it is fitted.
 * @throws DataError naming the signal.
 */
export function fitSignalsSync(signals: readonly Signal[], dataset: Dataset, context: FitContext, starting?: (i: number) => void): void {
  for (const [i, s] of signals.entries()) {
    starting?.(i);
    if (s.fit(dataset, context) instanceof Promise) throw new DataError(`signal '${s.type}' fits only asynchronously: use fitAsync`);
  }
}

/** Fits each signal in turn, awaiting each (their heavy loops run on `context.runner`, if any); `starting(i)` before signal i. */
export async function fitSignalsAsync(signals: readonly Signal[], dataset: Dataset, context: FitContext, starting?: (i: number) => void): Promise<void> {
  for (const [i, s] of signals.entries()) {
    starting?.(i);
    await s.fit(dataset, context);
  }
}

/**
 * Restores each slot's signal from its saved state (or refits it on `dataset` when it saved none).
 * @throws FormatError naming the signal when the saved part does not match the config or fails to load.
 */
export function restoreSignals(slots: readonly SignalSlot[], saved: readonly SavedSignal[], dataset: Dataset, context: FitContext): void {
  if (saved.length !== slots.length) throw new FormatError(`model file: ${saved.length} signal states for ${slots.length} configured signals`);
  slots.forEach((slot, i) => {
    const part = saved[i]!;
    if (part.type !== slot.signal.type) throw new FormatError(`model file: signal ${i} is of type ${part.type}, the config says ${slot.signal.type}`);
    if (part.name !== null && part.name !== slot.name) throw new FormatError(`model file: signal ${i} is named ${part.name}, the config says ${slot.name}`);
    try {
      if (part.state !== null && slot.signal.importState !== undefined) slot.signal.importState(part.state, dataset, context);
      else fitSignalsSync([slot.signal], dataset, context);
    } catch (error) {
      throw new FormatError(`model file: signals.${i} (${slot.name}): ${(error as Error).message}`, { cause: error });
    }
  });
}
