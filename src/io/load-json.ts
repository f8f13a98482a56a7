import { readFile } from 'node:fs/promises';
import type { z } from 'zod';
import { FormatError, ValidationError } from '../errors.js';
import type { EntitySpec } from './entity-specs.js';
import { DEFAULT_MAX_FIELD_BYTES } from './field-size.js';
import { finishRecord } from './finish-record.js';
import { keyResolver, toHeaderMap } from './header-mapping.js';
import { jsonKeyBefore, readJsonLines } from './json-lines.js';
import { RecordSink, type RowPlace, type RowProblem } from './record-sink.js';
import { cutValue, fieldSizeProblem } from './row-record.js';
import type { FileLoadOptions, FileLoadResult, RecordCheck } from './types.js';
import { decodeLenient, decodeStrict, firstInvalidUtf8, invalidUtf8Reason } from './utf8.js';

/** The ValidationError of a JSON file holding invalid UTF-8: its line, the key it falls in, the byte. */
function invalidJsonBytes(path: string, bytes: Buffer): ValidationError {
  const bad = firstInvalidUtf8(bytes);
  const before = decodeLenient(bytes, 0, bad);
  const lineStart = Math.max(before.lastIndexOf('\n'), before.lastIndexOf('\r')) + 1;
  const line = before.split(/\r\n|\r|\n/).length;
  return new ValidationError([
    { source: path, line, field: jsonKeyBefore(before, before.length), value: cutValue(before.slice(lineStart)), reason: invalidUtf8Reason(bytes[bad]!, bad) },
  ]);
}

/**
 * Validates one parsed JSON value as a record of `spec`: renames keys through `fieldOf` (the header
 * mapping, then keys named like a field in another case or spelling),
 * checks string sizes, runs the spec's prepare step, then the schema.
 */
function acceptJsonValue<S extends z.core.$ZodType>(
  sink: RecordSink<S>,
  spec: EntitySpec<S>,
  value: unknown,
  place: RowPlace,
  fieldOf: (key: string) => string,
  maxBytes: number,
  check: RecordCheck | undefined,
): void {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    sink.reject(value, place, [{ field: '', value, reason: 'expected a JSON object' }]);
    return;
  }
  const record: Record<string, unknown> = {};
  const problems: RowProblem[] = [];
  for (const [key, v] of Object.entries(value)) {
    const field = fieldOf(key);
    if (typeof v === 'string') {
      const big = fieldSizeProblem(field, v, maxBytes);
      if (big !== undefined) {
        problems.push(big);
        record[field] = cutValue(v);
        continue;
      }
    }
    // Own-property write: a key named __proto__ from JSON.parse stays a plain field.
    Object.defineProperty(record, field, { value: v, enumerable: true, writable: true, configurable: true });
  }
  finishRecord(sink, spec, record, place, problems, check);
}

/**
 * Loads one entity from a JSON file holding an array of objects. Issues carry the array index
 * (a JSON array has no per-record line).
 *
 * @throws FormatError when the file is not JSON or not an array; ValidationError in `fail` mode,
 *   and in any mode when the file holds invalid UTF-8 (naming the line and the key).
 */
export async function loadJsonFile<S extends z.core.$ZodType>(
  path: string,
  spec: EntitySpec<S>,
  options: FileLoadOptions = {},
): Promise<FileLoadResult<z.output<S>>> {
  const bytes = await readFile(path);
  const text = decodeStrict(bytes);
  if (text === undefined) throw invalidJsonBytes(path, bytes);
  let parsed: unknown;
  try {
    parsed = JSON.parse(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);
  } catch (error) {
    throw new FormatError(`${path}: not valid JSON (${(error as Error).message})`, { cause: error });
  }
  if (!Array.isArray(parsed)) throw new FormatError(`${path}: expected a JSON array of ${spec.entity}`);
  const sink = new RecordSink(spec.schema, spec.entity, path, options.mode ?? 'fail', options.onProgress);
  const fieldOf = keyResolver(toHeaderMap(options.headers), new Set(spec.fields));
  const maxBytes = options.maxFieldBytes ?? DEFAULT_MAX_FIELD_BYTES;
  for (let i = 0; i < parsed.length; i++) acceptJsonValue(sink, spec, parsed[i], { index: i }, fieldOf, maxBytes, options.check);
  return { records: sink.records, rejected: sink.rejected, count: sink.count() };
}

/**
 * Loads one entity from an NDJSON file (one JSON object per line; blank lines skipped; `.gz`
 * gunzipped). A line that is not JSON is a bad row like any other, with its line number.
 */
export async function loadNdjsonFile<S extends z.core.$ZodType>(
  path: string,
  spec: EntitySpec<S>,
  options: FileLoadOptions = {},
): Promise<FileLoadResult<z.output<S>>> {
  const sink = new RecordSink(spec.schema, spec.entity, path, options.mode ?? 'fail', options.onProgress);
  const fieldOf = keyResolver(toHeaderMap(options.headers), new Set(spec.fields));
  const maxBytes = options.maxFieldBytes ?? DEFAULT_MAX_FIELD_BYTES;
  for await (const { value, place } of readJsonLines(path, sink)) acceptJsonValue(sink, spec, value, place, fieldOf, maxBytes, options.check);
  return { records: sink.records, rejected: sink.rejected, count: sink.count() };
}
