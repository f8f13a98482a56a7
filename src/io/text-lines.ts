import { createReadStream } from 'node:fs';
import { createGunzip } from 'node:zlib';
import type { Readable } from 'node:stream';
import { FormatError, ValidationError } from '../errors.js';
import { decodeLenient, decodeStrict, firstInvalidUtf8, invalidUtf8Reason } from './utf8.js';

/** One line of a text file with its 1-based line number (line terminators removed). */
export interface TextLine {
  readonly line: number;
  readonly text: string;
  /**
   * Set when the line held invalid UTF-8 (only with `invalidUtf8: 'flag'`; `text` then carries
   * U+FFFD there): the offset in `text` of the first bad byte's U+FFFD, and the reason.
   */
  readonly invalidUtf8?: { readonly at: number; readonly reason: string };
}

/** Options of {@link readTextLines}. */
export interface TextLinesOptions {
  /** Text encoding. @default 'utf8' */
  readonly encoding?: 'utf8' | 'latin1';
  /** Gunzip the file first. @default true when the path ends in `.gz` */
  readonly gzip?: boolean;
  /**
   * What invalid UTF-8 does: `error` throws a ValidationError naming the file and line; `flag`
   * yields the line with `invalidUtf8` set for the caller to reject. @default 'error'
   */
  readonly invalidUtf8?: 'error' | 'flag';
}

const LF = 10;
const CR = 13;

/**
 * Streams the lines of a text file (optionally gzipped), numbered from 1, including blank lines;
 * `\n`, `\r\n` and `\r` end a line; a UTF-8 byte-order mark at the start is dropped. UTF-8 is
 * decoded strictly: invalid bytes are never silently replaced (see `invalidUtf8`).
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
  const latin1 = options.encoding === 'latin1';
  const flag = options.invalidUtf8 === 'flag';
  let n = 0;
  let fileOffset = 0; // byte offset of the current chunk in the (decompressed) file
  let lineOffset = 0; // byte offset where the pending line starts
  let pending: Buffer[] = []; // bytes of the pending line from earlier chunks (one long line stays linear)
  let skipLf = false;
  const toLine = (bytes: Buffer, at: number): TextLine => {
    n++;
    if (latin1) return { line: n, text: bytes.toString('latin1') };
    let text = decodeStrict(bytes);
    let invalid: TextLine['invalidUtf8'];
    if (text === undefined) {
      const bad = firstInvalidUtf8(bytes);
      const reason = invalidUtf8Reason(bytes[bad]!, at + bad);
      if (!flag) throw new ValidationError([{ source: path, line: n, field: '', reason }]);
      const before = decodeLenient(bytes, 0, bad);
      invalid = { at: before.length, reason };
      text = before + decodeLenient(bytes, bad);
    }
    if (n === 1 && text.charCodeAt(0) === 0xfeff) text = text.slice(1);
    return { line: n, text, ...(invalid !== undefined ? { invalidUtf8: invalid } : {}) };
  };
  const take = (chunk: Buffer, from: number, to: number): Buffer => {
    const piece = chunk.subarray(from, to);
    if (pending.length === 0) return piece;
    const whole = Buffer.concat([...pending, piece]);
    pending = [];
    return whole;
  };
  try {
    for await (const chunk of input as AsyncIterable<Buffer>) {
      let start = 0;
      if (skipLf) {
        skipLf = false;
        if (chunk[0] === LF) {
          start = 1;
          lineOffset = fileOffset + 1;
        }
      }
      for (let i = start; i < chunk.length; i++) {
        const c = chunk[i]!;
        if (c !== LF && c !== CR) continue;
        yield toLine(take(chunk, start, i), lineOffset);
        if (c === CR) {
          if (i + 1 >= chunk.length) skipLf = true;
          else if (chunk[i + 1] === LF) i++;
        }
        start = i + 1;
        lineOffset = fileOffset + start;
      }
      if (start < chunk.length) pending.push(chunk.subarray(start));
      fileOffset += chunk.length;
    }
    if (pending.length > 0) yield toLine(take(Buffer.alloc(0), 0, 0), lineOffset);
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    if (typeof code === 'string' && code.startsWith('Z_')) {
      throw new FormatError(`${path}: not a valid gzip file (${(error as Error).message}), after line ${n}`, { cause: error });
    }
    throw error;
  } finally {
    input.destroy();
    file.destroy();
  }
}
