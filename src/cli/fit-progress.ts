import type { FitOptions, FitProgress } from '../engine/fit-progress.js';
import type { ProgressLine } from './progress.js';

/** The text of one fit progress report: `fit 0/6: dataset`, `fit 2/6: item-knn`, then `fit`. */
export function fitProgressText(p: FitProgress): string {
  if (p.stage === 'done') return 'fit';
  return p.stage === 'dataset' ? `fit 0/${p.total}: dataset` : `fit ${p.done + 1}/${p.total}: ${p.signal}`;
}

/**
 * Runs `work` (a fit given the `onProgress` option this returns) showing on `progress` which
 * signal is being fitted, through the fit's own progress reports; the line stops afterwards, also
 * when `work` throws.
 *
 * @example withFitProgress(progress, (onProgress) => rec.fitRecords(data, { onProgress }))
 */
export function withFitProgress<T>(progress: ProgressLine, work: (onProgress: FitOptions['onProgress']) => T): T {
  if (!progress.active) return work(undefined);
  try {
    return work((p) => progress.update(fitProgressText(p), p.done, p.total));
  } finally {
    progress.stop();
  }
}
