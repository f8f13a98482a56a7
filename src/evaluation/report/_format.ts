/** Internal: a number with `digits` decimals; `-` for undefined. */
export function _num(value: number | undefined, digits = 4): string {
  return value === undefined ? '-' : value.toFixed(digits);
}

/** Internal: pads cells into aligned columns (first column left-aligned, the rest right-aligned). */
export function _alignRows(rows: readonly (readonly string[])[]): string[] {
  const widths: number[] = [];
  for (const row of rows) row.forEach((cell, i) => (widths[i] = Math.max(widths[i] ?? 0, cell.length)));
  return rows.map((row) => row.map((cell, i) => (i === 0 ? cell.padEnd(widths[i]!) : cell.padStart(widths[i]!))).join('  ').trimEnd());
}

/** Internal: a Markdown table cell (pipes and newlines escaped). */
export function _mdCell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');
}

/** Internal: a CSV field (RFC 4180 quoting when needed). */
export function _csvField(text: string): string {
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** Internal: escapes text for XML content and attribute values. */
export function _xml(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;')
    .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/g, '');
}
