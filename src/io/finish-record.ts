import type { z } from 'zod';
import { fillAbsent, type EntitySpec } from './entity-specs.js';
import type { RecordSink, RowPlace, RowProblem } from './record-sink.js';
import type { RecordCheck } from './types.js';

/**
 * Finishes one record read from a file (CSV row or JSON object): marks absent optional fields,
 * runs the spec's prepare step when no problem was found so far, then rejects the record with its
 * problems or validates it with the sink's schema; a valid record then passes `check` (a problem
 * rejects it, `'skip'` leaves it out, counted) and, for entities with unique ids, the duplicate
 * check (see {@link RecordSink.keepUnique}).
 */
export function finishRecord<S extends z.core.$ZodType>(
  sink: RecordSink<S>,
  spec: EntitySpec<S>,
  record: Record<string, unknown>,
  place: RowPlace,
  problems: RowProblem[],
  check?: RecordCheck,
): void {
  fillAbsent(spec, record);
  if (problems.length === 0 && spec.prepare !== undefined) {
    const problem = spec.prepare(record);
    if (problem !== undefined) problems.push(problem);
  }
  if (problems.length > 0) {
    sink.reject(record, place, problems);
    return;
  }
  const value = sink.accept(record, place, false);
  if (value === undefined) return;
  const verdict = check?.(value as never);
  if (verdict === 'skip') sink.skip();
  else if (verdict !== undefined) sink.rejectAccepted(record, place, [verdict]);
  else if (spec.unique === undefined) sink.keep(value);
  else sink.keepUnique(value, record, place, String((value as Record<string, unknown>)[spec.unique.field]), spec.unique.field, spec.unique.what);
}
