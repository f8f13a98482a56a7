import type { RowProblem } from './record-sink.js';

/**
 * Parses a topic's heat cell, `TIMESTAMP=COUNT|TIMESTAMP=COUNT`, into `[{ timestamp, count }]`
 * (both still strings; the TopicSchema converts and checks them). A pair without `=` is a problem.
 *
 * @example parseHeatCell('2024-07-26T20:00:00Z=120|2024-07-27T20:00:00Z=300')
 * // [{ timestamp: '2024-07-26T20:00:00Z', count: '120' }, { timestamp: '2024-07-27T20:00:00Z', count: '300' }]
 */
export function parseHeatCell(cell: string): { timestamp: string; count: string }[] | RowProblem {
  const out: { timestamp: string; count: string }[] = [];
  const parts = cell.split('|');
  for (let i = 0; i < parts.length; i++) {
    const part = parts[i]!.trim();
    if (part === '') continue;
    const eq = part.lastIndexOf('=');
    if (eq < 0) return { field: `heat.${i}`, value: part, reason: 'expected TIMESTAMP=COUNT' };
    out.push({ timestamp: part.slice(0, eq).trim(), count: part.slice(eq + 1).trim() });
  }
  return out;
}

/** Splits a `|`-separated id list, dropping empty entries. */
export function splitIdList(cell: string): string[] {
  return cell
    .split('|')
    .map((s) => s.trim())
    .filter((s) => s.length > 0);
}
