import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import { createGunzip } from 'node:zlib';
import type { Readable } from 'node:stream';
import { FormatError } from '../errors.js';

/** One line of a text file with its 1-based line number (line terminators removed). */
export interface TextLine {
  readonly line: number;
  readonly text: string;
}

/** Options of {@link readTextLines}. */
export interface TextLinesOptions {
  /** Text encoding. @default 'utf8' */
  readonly encoding?: 'utf8' | 'latin1';
  /** Gunzip the file first. @default true when the path ends in `.gz` */
  readonly gzip?: boolean;
}

/**
 * Streams the lines of a text file (optionally gzipped), numbered from 1, including blank lines;
 * a UTF-8 byte-order mark at the start is dropped.
 */
export async function* readTextLines(path: string, options: TextLinesOptions = {}): AsyncGenerator<TextLine> {
  const file = createReadStream(path);
  const gzip = options.gzip ?? path.endsWith('.gz');
  let input: Readable = file;
  if (gzip) {
    const gunzip = createGunzip();
    file.on('error', (e) => gunzip.destroy(e));
    input = file.pipe(gunzip);
  }
  input.setEncoding(options.encoding === 'latin1' ? 'latin1' : 'utf8');
  const lines = createInterface({ input, crlfDelay: Infinity });
  let n = 0;
  try {
    for await (const text of lines) {
      n++;
      yield { line: n, text: n === 1 && text.charCodeAt(0) === 0xfeff ? text.slice(1) : text };
    }
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    if (typeof code === 'string' && code.startsWith('Z_')) {
      throw new FormatError(`${path}: not a valid gzip file (${(error as Error).message}), after line ${n}`, { cause: error });
    }
    throw error;
  } finally {
    lines.close();
    input.destroy();
    file.destroy();
  }
}
