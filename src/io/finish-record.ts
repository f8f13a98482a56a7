import type { z } from 'zod';
import { fillAbsent, type EntitySpec } from './entity-specs.js';
import type { RecordSink, RowPlace, RowProblem } from './record-sink.js';

/**
 * Finishes one record read from a file (CSV row or JSON object): marks absent optional fields,
 * runs the spec's prepare step when no problem was found so far, then rejects the record with its
 * problems or hands it to the sink's schema validation.
 */
export function finishRecord<S extends z.ZodType>(
  sink: RecordSink<S>,
  spec: EntitySpec<S>,
  record: Record<string, unknown>,
  place: RowPlace,
  problems: RowProblem[],
): void {
  fillAbsent(spec, record);
  if (problems.length === 0 && spec.prepare !== undefined) {
    const problem = spec.prepare(record);
    if (problem !== undefined) problems.push(problem);
  }
  if (problems.length > 0) sink.reject(record, place, problems);
  else sink.accept(record, place);
}
