import type { z } from 'zod';
import { ValidationError, type ValidationIssue } from '../errors.js';
import { validateRecord, type RejectedRecord } from '../schema/validate.js';
import type { EntityName, FileCount, LoadMode } from './types.js';

/** Where a row sits in its file: 0-based data-row index and 1-based physical line. */
export interface RowPlace {
  readonly index: number;
  readonly line?: number;
}

/** A problem found before schema validation (column count, field size, malformed JSON). */
export interface RowProblem {
  readonly field: string;
  readonly value?: unknown;
  readonly reason: string;
}

/**
 * Collects the rows of one file: validates them with a schema, keeps the good records and either
 * throws at the first bad row (`fail`) or keeps it as a RejectedRecord (`collect`).
 * Nothing is dropped silently: every row read is loaded, rejected or counted as a duplicate.
 */
export class RecordSink<S extends z.ZodType> {
  readonly records: z.output<S>[] = [];
  readonly rejected: RejectedRecord[] = [];
  rows = 0;
  duplicates = 0;

  constructor(
    readonly schema: S,
    readonly entity: EntityName,
    readonly source: string,
    readonly mode: LoadMode,
  ) {}

  /** Validates `raw`; returns the record (also kept in `records`) or `undefined` when rejected. */
  accept(raw: unknown, place: RowPlace, keep = true): z.output<S> | undefined {
    this.rows++;
    const r = validateRecord(this.schema, raw, { source: this.source, ...place });
    if (r.ok) {
      if (keep) this.records.push(r.value);
      return r.value;
    }
    this.#rejectIssues(raw, place, r.issues);
    return undefined;
  }

  /** Rejects a row for problems found before validation (counts it as read). */
  reject(raw: unknown, place: RowPlace, problems: readonly RowProblem[]): void {
    this.rows++;
    this.rejectAccepted(raw, place, problems);
  }

  /** Rejects a row already counted by `accept(raw, place, false)` (e.g. a valid event of an unknown product). */
  rejectAccepted(raw: unknown, place: RowPlace, problems: readonly RowProblem[]): void {
    const issues = problems.map(
      (p): ValidationIssue => ({
        source: this.source,
        ...(place.line !== undefined ? { line: place.line } : {}),
        index: place.index,
        field: p.field,
        ...(p.value !== undefined ? { value: p.value } : {}),
        reason: p.reason,
      }),
    );
    this.#rejectIssues(raw, place, issues);
  }

  /** Marks a valid row as a duplicate of an earlier one (it is counted, not loaded). */
  duplicate(): void {
    this.duplicates++;
  }

  /** Per-file counts so far. */
  count(): FileCount {
    return {
      entity: this.entity,
      source: this.source,
      rows: this.rows,
      loaded: this.rows - this.rejected.length - this.duplicates,
      rejected: this.rejected.length,
      duplicates: this.duplicates,
    };
  }

  #rejectIssues(raw: unknown, place: RowPlace, issues: ValidationIssue[]): void {
    if (this.mode === 'fail') throw new ValidationError(issues);
    this.rejected.push({ index: place.index, ...(place.line !== undefined ? { line: place.line } : {}), raw, issues });
  }
}
