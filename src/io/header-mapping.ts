import type { HeaderMapping } from './types.js';

/** Resolves a caller's header mapping to a Map from their column name to our field name. */
export function toHeaderMap(mapping: HeaderMapping | undefined): Map<string, string> {
  if (mapping === undefined) return new Map();
  return new Map(mapping instanceof Map ? mapping : (mapping as readonly (readonly [string, string])[]));
}

/** A column or field name as the loaders compare them: lower case, without white space, `_` and `-`. */
export function columnKey(name: string): string {
  return name.trim().toLowerCase().replace(/[\s_-]+/g, '');
}

/**
 * The field a column feeds: its mapped name, else the column name itself (trimmed), else the field
 * whose name it spells in another case or with `_`, `-` or spaces (`UserId`, `user_id` and
 * `USER ID` feed `userId`), or `undefined` when none of `fields` matches (such columns are ignored,
 * and the CSV loader reports them).
 */
export function fieldForColumn(
  column: string,
  mapping: ReadonlyMap<string, string>,
  fields: ReadonlySet<string>,
): string | undefined {
  const mapped = mapping.get(column) ?? mapping.get(column.trim());
  const name = mapped ?? column.trim();
  if (fields.has(name)) return name;
  if (mapped !== undefined) return undefined;
  const key = columnKey(name);
  for (const field of fields) if (columnKey(field) === key) return field;
  return undefined;
}

/** Keys remembered by a {@link keyResolver} (JSON records repeat a few keys; a file of ever-new keys stops being cached). */
const MAX_CACHED_KEYS = 1024;

/**
 * The field name each JSON key is stored under: {@link fieldForColumn}'s field, else the mapped
 * name, else the key itself (the schema ignores unknown keys). Memoised per key.
 */
export function keyResolver(mapping: ReadonlyMap<string, string>, fields: ReadonlySet<string>): (key: string) => string {
  const cache = new Map<string, string>();
  return (key) => {
    const known = cache.get(key);
    if (known !== undefined) return known;
    const field = fieldForColumn(key, mapping, fields) ?? mapping.get(key) ?? key;
    if (cache.size < MAX_CACHED_KEYS) cache.set(key, field);
    return field;
  };
}
