/** The cells of one line, or why the line cannot be split. */
export type SplitLine = { readonly cells: string[] } | { readonly reason: string };

const QUOTE = 34; // "

/**
 * Splits one line of a delimited file whose records never span lines (Book-Crossing), leniently:
 * a field starting with `"` is quoted and ends at a `"` followed by the separator or the end of
 * the line; inside it `""` is one `"`, and any other `"` is kept as is (the Book-Crossing files
 * carry `\"` and stray quotes that strict CSV readers refuse). Unquoted fields are taken as they
 * are. A quoted field still open at the end of the line is a problem.
 *
 * @example splitDelimitedLine('1,"Love, Medicine",x', ',') // { cells: ['1', 'Love, Medicine', 'x'] }
 * @example splitDelimitedLine('"\\O\\"" Is for Outlaw""",y', ',') // { cells: ['\\O\\" Is for Outlaw"', 'y'] }
 */
export function splitDelimitedLine(text: string, separator: string): SplitLine {
  const sep = separator.charCodeAt(0);
  const cells: string[] = [];
  let i = 0;
  const n = text.length;
  for (;;) {
    if (text.charCodeAt(i) === QUOTE) {
      let cell = '';
      let from = ++i;
      for (;;) {
        if (i >= n) return { reason: `a quoted field is never closed on this line (field ${cells.length + 1})` };
        if (text.charCodeAt(i) !== QUOTE) {
          i++;
          continue;
        }
        const next = i + 1 < n ? text.charCodeAt(i + 1) : -1;
        if (next === -1 || next === sep) {
          cell += text.slice(from, i);
          i++;
          break;
        }
        // `""` is one quote; a lone quote inside the field is kept.
        cell += text.slice(from, i + 1);
        i += next === QUOTE ? 2 : 1;
        from = i;
      }
      cells.push(cell);
    } else {
      let end = text.indexOf(separator, i);
      if (end < 0) end = n;
      cells.push(text.slice(i, end));
      i = end;
    }
    if (i >= n) return { cells };
    i++; // the separator
    if (i === n) {
      cells.push('');
      return { cells };
    }
  }
}
