import type { ProgressStream } from './progress.js';

/** Where CLI commands write: injectable so tests can capture output without spawning. */
export interface CliIo {
  out(text: string): void;
  err(text: string): void;
  /** Where progress lines go (the process's stderr); absent: no progress is shown. */
  readonly progress?: ProgressStream;
}

/** The process's stdout and stderr. */
export const processIo: CliIo = {
  out: (text) => process.stdout.write(text.endsWith('\n') ? text : `${text}\n`),
  err: (text) => process.stderr.write(text.endsWith('\n') ? text : `${text}\n`),
  progress: process.stderr,
};
