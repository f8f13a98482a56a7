import cliProgress from 'cli-progress';
import type { EvalProgress } from '../evaluation/runner/types.js';

/** A progress display for evaluation runs. */
export interface EvalProgressDisplay {
  /** Pass to `evaluate` / `runSweep` as `onProgress`; undefined when no bar is shown. */
  readonly onProgress: ((progress: EvalProgress) => void) | undefined;
  /** Removes the bar (call when the run ends, also on error). */
  stop(): void;
}

/** Options of {@link createEvalProgress}. */
export interface EvalProgressOptions {
  /** `--quiet`: no bar. */
  readonly quiet?: boolean;
  /** Where the bar goes. @default process.stderr */
  readonly stream?: NodeJS.WriteStream;
}

/**
 * A cli-progress bar on stderr for evaluation progress (`run [bar] phase done/total`), shown only
 * when the stream is a terminal and not `quiet`; otherwise a no-op (CI logs stay clean).
 */
export function createEvalProgress(options: EvalProgressOptions = {}): EvalProgressDisplay {
  const stream = options.stream ?? process.stderr;
  if (options.quiet === true || stream.isTTY !== true) return { onProgress: undefined, stop: () => undefined };
  const bar = new cliProgress.SingleBar(
    { stream, format: '{run} [{bar}] {phase} {value}/{total}', hideCursor: true, clearOnComplete: true, barsize: 30 },
    cliProgress.Presets.shades_classic,
  );
  let started = false;
  let current = '';
  return {
    onProgress: (p) => {
      const key = `${p.runIndex}:${p.phase}`;
      const payload = { run: `${p.run} (${p.runIndex + 1}/${p.runs})`, phase: p.phase };
      if (!started) {
        bar.start(p.total, p.done, payload);
        started = true;
      } else if (key !== current) {
        bar.setTotal(p.total);
      }
      current = key;
      bar.update(p.done, payload);
    },
    stop: () => {
      if (started) bar.stop();
    },
  };
}

/**
 * Runs `work` with a progress bar (see {@link createEvalProgress}) and removes the bar afterwards,
 * also when `work` throws. `work` gets the callback to pass as `onProgress` (undefined: no bar).
 */
export function withEvalProgress<T>(quiet: boolean, work: (onProgress: ((progress: EvalProgress) => void) | undefined) => T): T {
  const progress = createEvalProgress({ quiet });
  try {
    return work(progress.onProgress);
  } finally {
    progress.stop();
  }
}
