/** Markdown output of the benchmarks. */

/** A GitHub Markdown table; the first column left-aligned, the others right-aligned. */
export function markdownTable(headers: readonly string[], rows: readonly (readonly string[])[]): string {
  const cell = (s: string): string => s.replace(/\|/g, '\\|');
  const lines = [`| ${headers.map(cell).join(' | ')} |`, `|${headers.map((_, i) => (i === 0 ? ' --- ' : ' ---: ')).join('|')}|`];
  for (const row of rows) lines.push(`| ${row.map(cell).join(' | ')} |`);
  return lines.join('\n');
}

/** A number with `digits` decimals, or `n/a` for undefined / NaN. */
export function fmt(value: number | undefined, digits = 4): string {
  return value === undefined || Number.isNaN(value) ? 'n/a' : value.toFixed(digits);
}

/** `ours / reference` as `1.23x`, or `n/a`. */
export function ratio(ours: number, reference: number | undefined, digits = 2): string {
  return reference === undefined || !(reference > 0) ? 'n/a' : `${(ours / reference).toFixed(digits)}x`;
}
