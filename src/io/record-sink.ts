import type { z } from 'zod';
import { ValidationError, type ValidationIssue } from '../errors.js';
import { validateRecord, type RejectedRecord } from '../schema/validate.js';
import type { EntityName, FileCount, LoadMode, LoadProgress } from './types.js';

/** Rows between two progress reports. */
const PROGRESS_EVERY = 10_000;

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
 * Nothing is dropped silently: every row read is loaded, rejected, skipped on request or counted
 * as a duplicate.
 */
export class RecordSink<S extends z.core.$ZodType> {
  readonly records: z.output<S>[] = [];
  readonly rejected: RejectedRecord[] = [];
  rows = 0;
  /** Rows whose id an earlier row had (rejected by {@link keepUnique}, or left out by {@link duplicate}). */
  duplicates = 0;
  /** Valid rows left out on request (e.g. events of unknown products with `unknownProducts: 'skip'`). */
  skipped = 0;
  /** Duplicates counted by {@link duplicate}: left out without a rejected row. */
  #quietDuplicates = 0;
  /** Where each key kept by {@link keepUnique} came from. */
  readonly #firstPlace = new Map<string, RowPlace>();

  constructor(
    readonly schema: S,
    readonly entity: EntityName,
    readonly source: string,
    readonly mode: LoadMode,
    readonly onProgress?: (progress: LoadProgress) => void,
  ) {}

  /** Validates `raw`; returns the record (also kept in `records`) or `undefined` when rejected. */
  accept(raw: unknown, place: RowPlace, keep = true): z.output<S> | undefined {
    this.#counted();
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
    this.#counted();
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

  /** Marks a valid row as a duplicate of an earlier one (it is counted, not loaded, the first wins). */
  duplicate(): void {
    this.duplicates++;
    this.#quietDuplicates++;
  }

  /** Leaves a valid row out on request (counted in `skipped`). */
  skip(): void {
    this.skipped++;
  }

  /** Keeps a record counted by `accept(raw, place, false)`. */
  keep(value: z.output<S>): void {
    this.records.push(value);
  }

  /**
   * Keeps a valid record unless an earlier row had the same `key`: then the row is a duplicate, an
   * error naming both rows in `fail` mode, a rejected row in `collect` mode (the first row wins),
   * counted in `duplicates` either way.
   */
  keepUnique(value: z.output<S>, raw: unknown, place: RowPlace, key: string, field: string, what: string): void {
    const first = this.#firstPlace.get(key);
    if (first === undefined) {
      this.#firstPlace.set(key, place);
      this.records.push(value);
      return;
    }
    this.duplicates++;
    const at = first.line !== undefined ? `line ${first.line}` : `index ${first.index}`;
    this.rejectAccepted(raw, place, [{ field, value: key, reason: `duplicate ${what} (the first is at ${at}; ids must be unique)` }]);
  }

  /** Per-file counts so far (also the final progress report). */
  count(): FileCount {
    this.onProgress?.({ entity: this.entity, source: this.source, rows: this.rows });
    return {
      entity: this.entity,
      source: this.source,
      rows: this.rows,
      loaded: this.rows - this.rejected.length - this.#quietDuplicates - this.skipped,
      rejected: this.rejected.length,
      duplicates: this.duplicates,
      ...(this.skipped > 0 ? { skipped: this.skipped } : {}),
    };
  }

  #counted(): void {
    this.rows++;
    if (this.onProgress !== undefined && this.rows % PROGRESS_EVERY === 0) this.onProgress({ entity: this.entity, source: this.source, rows: this.rows });
  }

  #rejectIssues(raw: unknown, place: RowPlace, issues: ValidationIssue[]): void {
    if (this.mode === 'fail') throw new ValidationError(issues);
    this.rejected.push({ index: place.index, ...(place.line !== undefined ? { line: place.line } : {}), raw, issues });
  }
}
