import { createReadStream } from 'node:fs';

/** Where and why a CSV file's quoting is broken. */
export interface CsvSyntaxProblem {
  /** 1-based physical line where the broken row starts. */
  readonly line: number;
  readonly reason: string;
}

/**
 * Scans a CSV file for the first row with broken quoting (text after a closing quote, or a quote
 * never closed) and returns the line that row starts on. Used only after fast-csv has failed,
 * since fast-csv reports neither the row nor the line.
 */
export async function locateCsvSyntaxError(
  path: string,
  options: { delimiter?: string; quote?: string | null; encoding?: 'utf8' | 'latin1' } = {},
): Promise<CsvSyntaxProblem | undefined> {
  const delimiter = options.delimiter ?? ',';
  const quote = options.quote === undefined ? '"' : options.quote;
  if (quote === null) return undefined;
  let line = 1;
  let recordStart = 1;
  let inQuotes = false;
  let afterQuote = false;
  let atFieldStart = true;
  let prevCr = false;
  const stream = createReadStream(path, { encoding: options.encoding ?? 'utf8' });
  try {
    for await (const chunk of stream as AsyncIterable<string>) {
      for (let i = 0; i < chunk.length; i++) {
        const c = chunk[i]!;
        const newline = c === '\n' || c === '\r';
        const counts = newline && !(c === '\n' && prevCr);
        prevCr = c === '\r';
        if (afterQuote) {
          afterQuote = false;
          if (c === quote) continue; // an escaped quote inside the quoted field
          inQuotes = false;
          if (c === delimiter) {
            atFieldStart = true;
            continue;
          }
          if (!newline) return { line: recordStart, reason: `unexpected ${JSON.stringify(c)} after a closing quote` };
        }
        if (inQuotes) {
          if (c === quote) afterQuote = true;
          else if (counts) line++;
          continue;
        }
        if (newline) {
          if (counts) line++;
          recordStart = line;
          atFieldStart = true;
        } else if (c === quote && atFieldStart) {
          inQuotes = true;
          atFieldStart = false;
        } else {
          atFieldStart = c === delimiter;
        }
      }
    }
  } finally {
    stream.destroy();
  }
  if (inQuotes && !afterQuote) return { line: recordStart, reason: 'a quoted field is never closed' };
  return undefined;
}
