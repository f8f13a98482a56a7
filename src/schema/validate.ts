import type * as z from 'zod/mini';
import { safeParseEnglish } from '../_internal/zod-english.js';
import { ValidationError, type ValidationIssue } from '../errors.js';

/** How a batch of records treats a bad one: throw at the first, or keep going and report. */
export type ValidationMode = 'fail' | 'collect';

/** A record that failed validation, with every reason. */
export interface RejectedRecord {
  /** 0-based index of the record in its input. */
  readonly index: number;
  /** 1-based line in the source file, when known. */
  readonly line?: number;
  /** The raw record as received. */
  readonly raw: unknown;
  /** Every problem found in the record. */
  readonly issues: readonly ValidationIssue[];
}

/** Outcome of validating a batch: the good records and the rejected ones, nothing dropped. */
export interface ValidationResult<T> {
  readonly records: T[];
  readonly rejected: RejectedRecord[];
}

/** Where a record sits, for error messages. */
export interface RecordLocation {
  readonly source: string;
  readonly index?: number;
  readonly line?: number;
}

function fieldValue(raw: unknown, path: readonly PropertyKey[]): unknown {
  let cur: unknown = raw;
  for (const key of path) {
    if (cur === null || typeof cur !== 'object') return undefined;
    if (!Object.prototype.hasOwnProperty.call(cur, key)) return undefined;
    cur = (cur as Record<PropertyKey, unknown>)[key];
  }
  return cur;
}

/** Turns zod's issues for one record into library issues naming source, line, field and value. */
export function toValidationIssues(error: z.core.$ZodError, raw: unknown, where: RecordLocation): ValidationIssue[] {
  return error.issues.map((iss) => {
    const field = iss.path.map(String).join('.');
    const value = fieldValue(raw, iss.path);
    const reason = value === undefined && iss.code === 'invalid_type' ? 'required' : iss.message;
    return {
      source: where.source,
      ...(where.line !== undefined ? { line: where.line } : {}),
      ...(where.index !== undefined ? { index: where.index } : {}),
      field,
      ...(value !== undefined ? { value } : {}),
      reason,
    };
  });
}

/**
 * Validates one record; returns the parsed value or the list of issues.
 *
 * @example validateRecord(EventSchema, row, { source: 'events.csv', line: 7 })
 */
export function validateRecord<S extends z.core.$ZodType>(
  schema: S,
  raw: unknown,
  where: RecordLocation,
): { ok: true; value: z.output<S> } | { ok: false; issues: ValidationIssue[] } {
  const parsed = safeParseEnglish(schema, raw);
  if (parsed.success) return { ok: true, value: parsed.data };
  return { ok: false, issues: toValidationIssues(parsed.error, raw, where) };
}

/**
 * Validates an array of records. In `fail` mode the first bad record throws a
 * {@link ValidationError}; in `collect` mode good records are returned and bad ones come back in
 * `rejected` with their reasons.
 */
export function validateRecords<S extends z.core.$ZodType>(
  schema: S,
  rows: readonly unknown[],
  options: { source: string; mode?: ValidationMode },
): ValidationResult<z.output<S>> {
  const records: z.output<S>[] = [];
  const rejected: RejectedRecord[] = [];
  const mode = options.mode ?? 'fail';
  for (let i = 0; i < rows.length; i++) {
    const raw = rows[i];
    const r = validateRecord(schema, raw, { source: options.source, index: i });
    if (r.ok) records.push(r.value);
    else if (mode === 'fail') throw new ValidationError(r.issues);
    else rejected.push({ index: i, raw, issues: r.issues });
  }
  return { records, rejected };
}
