import type { ProductSchema } from '../../schema/entities.js';
import type { RecordSink, RowPlace, RowProblem } from '../record-sink.js';
import { fieldSizeProblem } from '../row-record.js';

/** A product row before validation; `title` and `description` are checked for size when strings. */
export interface RawProduct {
  readonly id: unknown;
  readonly title: unknown;
  readonly description?: string;
  readonly [key: string]: unknown;
}

/**
 * Adds one product row to `sink`: rejected when its title or description is longer than
 * `maxBytes` (the value cut in the rejected row) or when it fails the schema; counted as a
 * duplicate when `known` already holds its id (the first record wins); kept otherwise.
 */
export function addProduct(
  sink: RecordSink<typeof ProductSchema>,
  raw: RawProduct,
  place: RowPlace,
  known: Set<string>,
  maxBytes: number,
): void {
  const problems: RowProblem[] = [];
  const cut: Record<string, unknown> = { ...raw };
  for (const field of ['title', 'description'] as const) {
    const text = raw[field];
    const big = typeof text === 'string' ? fieldSizeProblem(field, text, maxBytes) : undefined;
    if (big !== undefined) {
      problems.push(big);
      cut[field] = big.value;
    }
  }
  if (problems.length > 0) {
    sink.reject(cut, place, problems);
    return;
  }
  const product = sink.accept(raw, place, false);
  if (product === undefined) return;
  if (known.has(product.id)) {
    sink.duplicate();
    return;
  }
  known.add(product.id);
  sink.records.push(product);
}
