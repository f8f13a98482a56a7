import { oversizeBytes } from './field-size.js';
import type { RowProblem } from './record-sink.js';

/** Longest preview of an oversized value kept in an issue or a rejected row. */
const PREVIEW = 200;

/** Cuts a long string for issues and rejected rows. */
export function cutValue(text: string): string {
  return text.length > PREVIEW ? `${text.slice(0, PREVIEW - 3)}...` : text;
}

/** The problem of a string longer than `maxBytes`, or `undefined`. */
export function fieldSizeProblem(field: string, text: string, maxBytes: number): RowProblem | undefined {
  const bytes = oversizeBytes(text, maxBytes);
  if (bytes === undefined) return undefined;
  return { field, value: cutValue(text), reason: `field longer than ${maxBytes} bytes (got ${bytes} bytes)` };
}

