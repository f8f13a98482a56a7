import type { Recommender } from '../engine/recommender.js';
import type { Signal } from '../signals/signal.js';
import type { ProgressLine } from './progress.js';

/**
 * Runs `work` (a fit of `rec`) showing which signal is being fitted (`fit 2/6: item-knn`) on
 * `progress`, after `fit 0/6: dataset` while the dataset is built. Each signal's `fit` is wrapped on the instance for the duration of `work` and
 * restored afterwards, also when `work` throws.
 *
 * @example withFitProgress(rec, progress, () => rec.fitRecords(data))
 */
export function withFitProgress<T>(rec: Recommender, progress: ProgressLine, work: () => T): T {
  if (!progress.active) return work();
  const signals = rec.signals;
  const restore: Array<() => void> = [];
  signals.forEach((signal, i) => {
    const fit = signal.fit;
    const own = Object.prototype.hasOwnProperty.call(signal, 'fit');
    (signal as { fit: Signal['fit'] }).fit = (...args) => {
      progress.update(`fit ${i + 1}/${signals.length}: ${rec.slots[i]!.name}`, i, signals.length);
      fit.apply(signal, args);
    };
    restore.push(() => {
      if (own) (signal as { fit: Signal['fit'] }).fit = fit;
      else delete (signal as { fit?: Signal['fit'] }).fit;
    });
  });
  try {
    // Until the first signal starts, the records are being validated and indexed.
    progress.update(`fit 0/${signals.length}: dataset`, 0, signals.length);
    const out = work();
    progress.update('fit', signals.length, signals.length);
    return out;
  } finally {
    for (const undo of restore) undo();
    progress.stop();
  }
}
