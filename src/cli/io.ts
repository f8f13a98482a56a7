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
  out: (text) => writeLine(process.stdout, text),
  err: (text) => writeLine(process.stderr, text),
  progress: process.stderr,
};

/** Writes `text` as a line unless the reader has gone away (a closed pipe: nothing more is written). */
function writeLine(stream: NodeJS.WriteStream, text: string): void {
  if (stream.destroyed || !stream.writable) return;
  stream.write(text.endsWith('\n') ? text : `${text}\n`);
}
