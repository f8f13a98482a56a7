import type { RowPlace, RowProblem } from './record-sink.js';
import { cutValue } from './row-record.js';
import { readTextLines } from './text-lines.js';

/** Where a line that is not JSON goes: a record sink's `reject`. */
export interface JsonLineRejecter {
  reject(raw: unknown, place: RowPlace, problems: readonly RowProblem[]): void;
}

/**
 * Parses a JSON-lines file (`.gz` gunzipped) line by line: blank lines are skipped, a line that is
 * not JSON is rejected through `sink` with its line number, every other line yields its value and
 * its place (0-based index among non-blank lines, 1-based physical line).
 */
export async function* readJsonLines(path: string, sink: JsonLineRejecter): AsyncGenerator<{ value: unknown; place: RowPlace }> {
  let index = 0;
  for await (const { line, text } of readTextLines(path)) {
    if (text.trim() === '') continue;
    const place = { index: index++, line };
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
