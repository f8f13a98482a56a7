import type { HeaderMapping } from './types.js';

/** Resolves a caller's header mapping to a Map from their column name to our field name. */
export function toHeaderMap(mapping: HeaderMapping | undefined): Map<string, string> {
  if (mapping === undefined) return new Map();
  return new Map(mapping instanceof Map ? mapping : (mapping as readonly (readonly [string, string])[]));
}

/**
 * The field a column feeds: its mapped name, else the column name itself (trimmed), or
 * `undefined` when that is not one of `fields` (such columns are ignored).
 */
export function fieldForColumn(
  column: string,
  mapping: ReadonlyMap<string, string>,
  fields: ReadonlySet<string>,
): string | undefined {
  const name = mapping.get(column) ?? mapping.get(column.trim()) ?? column.trim();
  return fields.has(name) ? name : undefined;
}
