import type { RowPlace, RowProblem } from './record-sink.js';
import { cutValue } from './row-record.js';
import { readTextLines } from './text-lines.js';

/** Where a line that is not JSON goes: a record sink's `reject`. */
export interface JsonLineRejecter {
  reject(raw: unknown, place: RowPlace, problems: readonly RowProblem[]): void;
}

/**
 * Parses a JSON-lines file (`.gz` gunzipped) line by line: blank lines are skipped, a line that is
 * not JSON or holds invalid UTF-8 is rejected through `sink` with its line number, every other line yields its value and
 * its place (0-based index among non-blank lines, 1-based physical line).
 */
export async function* readJsonLines(path: string, sink: JsonLineRejecter): AsyncGenerator<{ value: unknown; place: RowPlace }> {
  let index = 0;
  for await (const { line, text, invalidUtf8 } of readTextLines(path, { invalidUtf8: 'flag' })) {
    if (text.trim() === '') continue;
    const place = { index: index++, line };
    if (invalidUtf8 !== undefined) {
      // Never parsed with U+FFFD in place of the bytes: two different ids would merge into one.
      sink.reject(cutValue(text), place, [{ field: jsonKeyBefore(text, invalidUtf8.at), value: cutValue(text), reason: invalidUtf8.reason }]);
      continue;
    }
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch (error) {
      sink.reject(cutValue(text), place, [{ field: '', value: cutValue(text), reason: `invalid JSON (${(error as Error).message})` }]);
      continue;
    }
    yield { value, place };
  }
}

/**
 * The key of the JSON member that `text[at]` falls in, read from the last `"key":` before it
 * (`''` when there is none): names the field of an invalid byte in a line that cannot be parsed.
 *
 * @example jsonKeyBefore('{"userId":"u\uFFFD1"}', 12) // 'userId'
 */
export function jsonKeyBefore(text: string, at: number): string {
  let key = '';
  for (const m of text.slice(0, at).matchAll(/"((?:[^"\\]|\\.)*)"\s*:/g)) key = m[1]!;
  try {
    return JSON.parse(`"${key}"`) as string;
  } catch {
    return key;
  }
}
