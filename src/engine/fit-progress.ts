/** Where a fit is: building the dataset, fitting a signal, or done. */
export interface FitProgress {
  /** `dataset`: the records are being indexed; `signal`: `signal` starts fitting; `done`: every signal is fitted. */
  readonly stage: 'dataset' | 'signal' | 'done';
  /** Name of the signal that starts fitting (stage `signal`), else null. */
  readonly signal: string | null;
  /** Signals fitted so far. */
  readonly done: number;
  /** Signals to fit. */
  readonly total: number;
}

/** Options of `fit`, `fitRecords` and `fitAsync`. */
export interface FitOptions {
  /** Decay reference time, epoch ms. @default the latest event */
  readonly now?: number | undefined;
  /** Called as the fit moves on: once for the dataset, once as each signal starts, once at the end (for progress displays). */
  readonly onProgress?: ((progress: FitProgress) => void) | undefined;
}

/** The progress reports of one fit of the signals named `names`, each a no-op without `onProgress`. */
export interface FitReporter {
  dataset(): void;
  /** Signal `i` starts. */
  signal(i: number): void;
  done(): void;
}

/** A {@link FitReporter} calling `onProgress` (nothing when it is undefined). */
export function fitReporter(names: readonly string[], onProgress: FitOptions['onProgress']): FitReporter {
  const total = names.length;
  const report = (stage: FitProgress['stage'], done: number): void => onProgress?.({ stage, signal: stage === 'signal' ? names[done]! : null, done, total });
  return { dataset: () => report('dataset', 0), signal: (i) => report('signal', i), done: () => report('done', total) };
}
