import type { EvalProgress } from '../evaluation/runner/types.js';

/** When progress is shown: `auto` on a terminal only, `on` also in logs (one line per step), `off` never. */
export type ProgressMode = 'auto' | 'on' | 'off';

/** The stream a progress line is written to (process.stderr, or a test double). */
export interface ProgressStream {
  write(text: string): unknown;
  readonly isTTY?: boolean;
  readonly columns?: number;
}

/** One line of progress on stderr, redrawn in place on a terminal. */
export interface ProgressLine {
  /** True when updates are shown. */
  readonly active: boolean;
  /** Shows `label`, with `done/total` and a bar when a total is given. Cheap when called often (redraws are throttled). */
  update(label: string, done?: number, total?: number): void;
  /** Removes the line from a terminal (call when the work ends, also on error). */
  stop(): void;
}

/** Options of {@link createProgressLine}. */
export interface ProgressLineOptions {
  readonly mode?: ProgressMode;
  /** @default process.stderr */
  readonly stream?: ProgressStream;
  /** Milliseconds now. @default Date.now */
  readonly clock?: () => number;
}

/** Least time between two redraws of the same step on a terminal, ms. */
const TTY_EVERY_MS = 100;
/** Least time between two lines of the same step in a log (`--progress` without a terminal), ms. */
const LOG_EVERY_MS = 2000;
const BAR = 24;

/** `label done/total [#####-----]`, or `label done` / `label` without a total. */
export function formatProgress(label: string, done?: number, total?: number): string {
  if (done === undefined) return label;
  if (total === undefined || total <= 0) return `${label} ${done}`;
  const filled = Math.max(0, Math.min(BAR, Math.round((done / total) * BAR)));
  return `${label} ${done}/${total} [${'#'.repeat(filled)}${'-'.repeat(BAR - filled)}]`;
}

const NONE: ProgressLine = { active: false, update: () => undefined, stop: () => undefined };

/**
 * A progress line for long CLI steps. On a terminal (`auto` or `on`) it is redrawn in place at
 * most every 100 ms and erased by `stop()`; with `on` and no terminal (a CI log) it prints one
 * line per step, at most every 2 s while a step lasts; otherwise it does nothing.
 *
 * @example const p = createProgressLine({ mode: 'auto' }); p.update('fit ials', 1, 6); ...; p.stop()
 */
export function createProgressLine(options: ProgressLineOptions = {}): ProgressLine {
  const mode = options.mode ?? 'auto';
  const stream = options.stream ?? process.stderr;
  const tty = stream.isTTY === true;
  if (mode === 'off' || (mode === 'auto' && !tty)) return NONE;
  const clock = options.clock ?? Date.now;
  let lastLabel: string | undefined;
  let lastAt = -Infinity;
  let drawn = false;
  return {
    active: true,
    update(label, done, total) {
      const now = clock();
      const finished = done !== undefined && total !== undefined && done >= total;
      if (label === lastLabel && !finished && now - lastAt < (tty ? TTY_EVERY_MS : LOG_EVERY_MS)) return;
      lastLabel = label;
      lastAt = now;
      const text = formatProgress(label, done, total);
      if (tty) {
        const width = (stream.columns ?? 80) - 1;
        stream.write(`\r\u001b[2K${text.length > width ? text.slice(0, width) : text}`);
        drawn = true;
      } else {
        stream.write(`${text}\n`);
      }
    },
    stop() {
      if (drawn) stream.write('\r\u001b[2K');
      drawn = false;
      lastLabel = undefined;
    },
  };
}

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
  readonly stream?: ProgressStream;
}

/**
 * A progress bar on stderr for evaluation progress (`run (1/3) phase done/total [bar]`), shown
 * only when the stream is a terminal and not `quiet`; otherwise a no-op (CI logs stay clean).
 */
export function createEvalProgress(options: EvalProgressOptions = {}): EvalProgressDisplay {
  const line = createProgressLine({ mode: options.quiet === true ? 'off' : 'auto', ...(options.stream !== undefined ? { stream: options.stream } : {}) });
  if (!line.active) return { onProgress: undefined, stop: () => undefined };
  return {
    onProgress: (p) => line.update(`${p.run} (${p.runIndex + 1}/${p.runs}) ${p.phase}`, p.done, p.total),
    stop: () => line.stop(),
  };
}

/**
 * Runs `work` with a progress bar (see {@link createEvalProgress}) and removes the bar afterwards,
 * also when `work` throws; when `work` returns a promise, once it settles. `work` gets the
 * callback to pass as `onProgress` (undefined: no bar).
 */
export function withEvalProgress<T>(quiet: boolean, work: (onProgress: ((progress: EvalProgress) => void) | undefined) => T): T {
  const progress = createEvalProgress({ quiet });
  let result: T;
  try {
    result = work(progress.onProgress);
  } catch (error) {
    progress.stop();
    throw error;
  }
  if (result instanceof Promise) return result.finally(() => progress.stop()) as T;
  progress.stop();
  return result;
}
