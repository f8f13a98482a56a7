/**
 * Pads cells into aligned columns (first column left-aligned, the rest right-aligned unless
 * `left` lists them), joined by two spaces. Width counts UTF-16 units plus one extra per
 * East Asian wide character, so Chinese titles line up in a terminal.
 */
export function alignColumns(rows: readonly (readonly string[])[], left: readonly number[] = [0]): string[] {
  const widths: number[] = [];
  for (const row of rows) row.forEach((cell, i) => (widths[i] = Math.max(widths[i] ?? 0, displayWidth(cell))));
  return rows.map((row) =>
    row
      .map((cell, i) => {
        const pad = ' '.repeat(Math.max(0, widths[i]! - displayWidth(cell)));
        return left.includes(i) ? cell + pad : pad + cell;
      })
      .join('  ')
      .trimEnd(),
  );
}

const WIDE = /[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]/g;

/** Terminal width of a string: wide (CJK) characters count twice. */
export function displayWidth(text: string): number {
  return text.length + (text.match(WIDE)?.length ?? 0);
}

/** Cuts `text` to at most `max` display columns, ending in an ellipsis when cut. */
export function truncateDisplay(text: string, max: number): string {
  if (displayWidth(text) <= max) return text;
  let out = '';
  let w = 0;
  for (const ch of text) {
    const cw = displayWidth(ch);
    if (w + cw > max - 1) break;
    out += ch;
    w += cw;
  }
  return `${out}…`;
}
