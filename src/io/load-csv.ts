import type { z } from 'zod';
import { ValidationError } from '../errors.js';
import { readCsvRows, type CsvReadOptions } from './csv-rows.js';
import type { EntitySpec } from './entity-specs.js';
import { DEFAULT_MAX_FIELD_BYTES } from './field-size.js';
import { finishRecord } from './finish-record.js';
import { fieldForColumn, toHeaderMap } from './header-mapping.js';
import { RecordSink, type RowProblem } from './record-sink.js';
import { cutValue, fieldSizeProblem } from './row-record.js';
import type { FileLoadOptions, FileLoadResult } from './types.js';

/** Options of {@link loadCsvFile}. */
export interface CsvLoadOptions extends FileLoadOptions, CsvReadOptions {}

/**
 * Loads one entity from a CSV file with a header row: maps columns to fields (caller mapping
 * first, then columns named like a field, in any case and with or without `_`, `-` and spaces;
 * others are ignored and listed in the count's `ignoredColumns`), checks each row's column count and field
 * sizes, treats an empty optional cell as absent, and validates every row with the entity's schema.
 * A row holding invalid UTF-8 is a bad row naming its line and field (never loaded with U+FFFD).
 *
 * @throws ValidationError in `fail` mode at the first bad row (file, line, field, value, reason),
 *   and in any mode when the header lacks a required column, holds invalid UTF-8 or the quoting is broken.
 */
export async function loadCsvFile<S extends z.core.$ZodType>(
  path: string,
  spec: EntitySpec<S>,
  options: CsvLoadOptions = {},
): Promise<FileLoadResult<z.output<S>>> {
  const sink = new RecordSink(spec.schema, spec.entity, path, options.mode ?? 'fail', options.onProgress);
  const maxBytes = options.maxFieldBytes ?? DEFAULT_MAX_FIELD_BYTES;
  const mapping = toHeaderMap(options.headers);
  const fieldSet = new Set(spec.fields);
  let columns: readonly string[] | undefined;
  let fieldOf: (string | undefined)[] = [];
  let index = 0;
  for await (const { line, cells, invalidUtf8 } of readCsvRows(path, { ...options, invalidUtf8: 'flag' })) {
    if (columns === undefined) {
      if (invalidUtf8 !== undefined) throw new ValidationError([{ source: path, line: invalidUtf8.line, field: '', reason: `header: ${invalidUtf8.reason}` }]);
      columns = cells;
      fieldOf = headerFields(path, line, cells, spec, mapping, fieldSet);
      continue;
    }
    const place = { index: index++, line };
    if (invalidUtf8 !== undefined) {
      // Never loaded with U+FFFD in place of the bytes: two different ids would merge into one.
      const column = columns[invalidUtf8.column];
      const field = fieldOf[invalidUtf8.column] ?? (column !== undefined ? column : `column ${invalidUtf8.column + 1}`);
      const value = cells[invalidUtf8.column];
      sink.reject(cells.map(cutValue), { ...place, line: invalidUtf8.line }, [
        { field, ...(value !== undefined ? { value: cutValue(value) } : {}), reason: invalidUtf8.reason },
      ]);
      continue;
    }
    if (cells.length !== columns.length) {
      sink.reject(cells.map(cutValue), place, [
        { field: '', reason: `expected ${columns.length} columns, got ${cells.length}` },
      ]);
      continue;
    }
    const problems: RowProblem[] = [];
    const record: Record<string, unknown> = {};
    for (let c = 0; c < cells.length; c++) {
      const field = fieldOf[c];
      if (field === undefined) continue;
      const cell = cells[c]!;
      const big = fieldSizeProblem(field, cell, maxBytes);
      if (big !== undefined) {
        problems.push(big);
        record[field] = cutValue(cell);
      } else if (cell !== '' || spec.required.has(field)) {
        record[field] = cell;
      }
    }
    finishRecord(sink, spec, record, place, problems, options.check);
  }
  const ignored = (columns ?? []).filter((c, i) => fieldOf[i] === undefined && c.trim() !== '');
  return { records: sink.records, rejected: sink.rejected, count: { ...sink.count(), ...(ignored.length > 0 ? { ignoredColumns: ignored } : {}) } };
}

function headerFields(
  path: string,
  line: number,
  header: readonly string[],
  spec: EntitySpec,
  mapping: ReadonlyMap<string, string>,
  fieldSet: ReadonlySet<string>,
): (string | undefined)[] {
  const fieldOf = header.map((column) => fieldForColumn(column, mapping, fieldSet));
  const seen = new Map<string, string>();
  for (let c = 0; c < header.length; c++) {
    const field = fieldOf[c];
    if (field === undefined) continue;
    const earlier = seen.get(field);
    if (earlier !== undefined) {
      throw new ValidationError([
        { source: path, line, field, value: header[c], reason: `columns "${earlier}" and "${header[c]}" both map to field "${field}"` },
      ]);
    }
    seen.set(field, header[c]!);
  }
  for (const field of spec.required) {
    if (!seen.has(field)) throw new ValidationError([{ source: path, line, field, reason: missingColumnReason(field, header) }]);
  }
  return fieldOf;
}

/** Separators a CSV file written by a spreadsheet in another locale or a database export may use. */
const OTHER_SEPARATORS: ReadonlyArray<readonly [string, string]> = [
  [';', 'semicolon'],
  ['\t', 'tab'],
  ['|', 'pipe'],
];

/** Why a header lacks `field`: the header, how names are matched, and a file that is not comma-separated. */
function missingColumnReason(field: string, header: readonly string[]): string {
  const base = `missing required column "${field}" (header: ${header.join(',')})`;
  const only = header.length === 1 ? header[0]! : '';
  const separator = OTHER_SEPARATORS.find(([c]) => only.includes(c));
  if (separator !== undefined) {
    return `${base}: the header is one column holding ${separator[1]}s; the file looks ${separator[1]}-separated, and this loader reads comma-separated files (save it as CSV with commas, or from code pass \`delimiter\` to loadCsvFile or the entity loaders)`;
  }
  return `${base}: column names match ignoring case, spaces, '_' and '-'; from code, map other names to fields with the loader's \`headers\` option`;
}
