import { createReadStream } from 'node:fs';
import { pipeline } from 'node:stream';
import { parse } from 'fast-csv';
import { ValidationError } from '../errors.js';
import { locateCsvSyntaxError } from './csv-syntax.js';

/** One parsed CSV row: its cells and the 1-based physical line where it starts. */
export interface CsvRow {
  readonly line: number;
  readonly cells: string[];
}

/** Options of {@link readCsvRows}. */
export interface CsvReadOptions {
  /** Field separator (one character). @default ',' */
  readonly delimiter?: string;
  /** Quote character, or `null` for files without quoting (MovieLens `u.item`). @default '"' */
  readonly quote?: string | null;
  /** Text encoding of the file. @default 'utf8' */
  readonly encoding?: 'utf8' | 'latin1';
}

/** Number of line breaks (`\r\n`, `\r` or `\n`) inside a string. */
export function countLineBreaks(text: string): number {
  if (text.indexOf('\n') < 0 && text.indexOf('\r') < 0) return 0;
  let n = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 10) n++;
    else if (c === 13) {
      n++;
      if (text.charCodeAt(i + 1) === 10) i++;
    }
  }
  return n;
}

/**
 * Streams the rows of a CSV file through fast-csv, with the physical line each row starts on
 * (a quoted field holding line breaks makes the following rows' lines larger). Blank lines are
 * skipped but counted; a UTF-8 byte-order mark is dropped. Broken quoting (an unterminated quote,
 * text after a closing quote) cannot be read past, so it throws a ValidationError in any mode,
 * naming the line where the broken row starts.
 *
 * @example for await (const { line, cells } of readCsvRows('events.csv')) ...
 */
export async function* readCsvRows(path: string, options: CsvReadOptions = {}): AsyncGenerator<CsvRow> {
  const parser = parse({
    headers: false,
    ignoreEmpty: false,
    delimiter: options.delimiter ?? ',',
    quote: options.quote === undefined ? '"' : options.quote,
    encoding: options.encoding ?? 'utf8',
  });
  const input = createReadStream(path);
  // Errors of either stream destroy the parser, which ends the loop below with that error.
  pipeline(input, parser, () => {});
  let line = 1;
  try {
    for await (const row of parser as AsyncIterable<string[]>) {
      const start = line;
      let breaks = 0;
      for (const cell of row) breaks += countLineBreaks(cell);
      line += 1 + breaks;
      if (row.length === 0) continue;
      yield { line: start, cells: row };
    }
  } catch (error) {
    if (error instanceof Error && error.message.startsWith('Parse Error')) {
      const found = await locateCsvSyntaxError(path, options);
      throw new ValidationError([
        {
          source: path,
          line: found?.line ?? line,
          field: '',
          reason:
            found !== undefined
              ? `malformed CSV: ${found.reason}; the file cannot be read past it`
              : `malformed CSV at or after this line (${error.message}); the file cannot be read past it`,
        },
      ]);
    }
    throw error;
  } finally {
    parser.destroy();
    input.destroy();
  }
}
