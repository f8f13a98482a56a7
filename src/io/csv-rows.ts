import { createReadStream } from 'node:fs';
import { ValidationError } from '../errors.js';
import { CsvParser, CsvSyntaxError, type CsvRow } from './csv-parser.js';
import { decodeLenient, decodeStrict, firstInvalidUtf8, incompleteTail, invalidUtf8Reason } from './utf8.js';

export type { CsvRow } from './csv-parser.js';

/** Options of {@link readCsvRows}. */
export interface CsvReadOptions {
  /** Field separator (one character). @default ',' */
  readonly delimiter?: string;
  /** Quote character, or `null` for files without quoting (MovieLens `u.item`). @default '"' */
  readonly quote?: string | null;
  /** Text encoding of the file. @default 'utf8' */
  readonly encoding?: 'utf8' | 'latin1';
  /**
   * What invalid UTF-8 does: `error` throws a ValidationError naming the file, line and column;
   * `flag` yields the row with `invalidUtf8` set (its cells carry U+FFFD there) for the caller to
   * reject. Never silently replaced. @default 'error'
   */
  readonly invalidUtf8?: 'error' | 'flag';
}

/**
 * Streams the rows of a CSV file (RFC 4180: `"` quoting with `""` escapes, `\n`, `\r\n` or `\r`
 * line ends, white space around a quoted field ignored) with the physical line each
 * row starts on (a quoted field holding line breaks makes the following rows' lines larger).
 * Blank lines are skipped but counted; a UTF-8 byte-order mark is dropped; UTF-8 is decoded
 * strictly (see `invalidUtf8`). Broken quoting (an unterminated quote, text after a closing
 * quote) cannot be read past, so it throws a ValidationError in any mode, naming the line where
 * the broken row starts.
 *
 * @example for await (const { line, cells } of readCsvRows('events.csv')) ...
 */
export async function* readCsvRows(path: string, options: CsvReadOptions = {}): AsyncGenerator<CsvRow> {
  const parser = new CsvParser(options.delimiter ?? ',', options.quote === undefined ? '"' : options.quote);
  const latin1 = options.encoding === 'latin1';
  const flag = options.invalidUtf8 === 'flag';
  const input = createReadStream(path);
  let carry: Uint8Array = new Uint8Array(0);
  let offset = 0; // file offset of carry[0]
  let first = true;
  /** Parses `text`, dropping a byte-order mark at the very start of the file. */
  const parse = (text: string): CsvRow[] => {
    if (first && text.length > 0) {
      first = false;
      if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
    }
    return parser.push(text);
  };
  /** Parses valid UTF-8 bytes; marks each invalid byte (U+FFFD in the cell) or throws. */
  const parseUtf8 = (bytes: Uint8Array, at: number): CsvRow[] => {
    const text = decodeStrict(bytes);
    if (text !== undefined) return parse(text);
    const rows: CsvRow[] = [];
    for (let pos = 0; pos < bytes.length; ) {
      const bad = firstInvalidUtf8(bytes, pos);
      const end = bad < 0 ? bytes.length : bad;
      rows.push(...parse(decodeLenient(bytes, pos, end)));
      if (bad < 0) break;
      const reason = invalidUtf8Reason(bytes[bad]!, at + bad);
      if (!flag) {
        throw new ValidationError([{ source: path, line: parser.line, field: `column ${parser.column + 1}`, reason }]);
      }
      parser.markInvalidUtf8(reason);
      rows.push(...parse('\uFFFD'));
      pos = bad + 1;
    }
    return rows;
  };
  try {
    for await (const chunk of input as AsyncIterable<Buffer>) {
      if (latin1) {
        yield* parse(chunk.toString('latin1'));
        continue;
      }
      const bytes = carry.length === 0 ? chunk : Buffer.concat([carry, chunk]);
      const cut = bytes.length - incompleteTail(bytes);
      yield* parseUtf8(bytes.subarray(0, cut), offset);
      carry = bytes.slice(cut);
      offset += cut;
    }
    if (carry.length > 0) yield* parseUtf8(carry, offset);
    yield* parser.end();
  } catch (error) {
    if (error instanceof CsvSyntaxError) {
      throw new ValidationError([
        { source: path, line: error.line, field: '', reason: `malformed CSV: ${error.reason}; the file cannot be read past it` },
      ]);
    }
    throw error;
  } finally {
    input.destroy();
  }
}
