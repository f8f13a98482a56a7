import { ValidationError } from '../../errors.js';

/**
 * Column positions of `names` in a header row (cells trimmed, compared case-sensitively unless
 * `ignoreCase`); a name may be a list of alternatives (`['Book-Publisher', 'Publisher']`), the
 * first present wins.
 *
 * @throws ValidationError naming the file, the header line and the first missing column.
 * @example columnsOf('r.csv', 1, ['userId', 'movieId'], ['movieId']) // [1]
 */
export function columnsOf(
  path: string,
  line: number,
  header: readonly string[],
  names: readonly (string | readonly string[])[],
  ignoreCase = false,
): number[] {
  const fold = (s: string): string => (ignoreCase ? s.trim().toLowerCase() : s.trim());
  const cells = header.map(fold);
  return names.map((name) => {
    const options = typeof name === 'string' ? [name] : name;
    for (const option of options) {
      const at = cells.indexOf(fold(option));
      if (at >= 0) return at;
    }
    const label = options.join('" or "');
    throw new ValidationError([
      { source: path, line, field: options[0]!, reason: `missing required column "${label}" (header: ${header.join(',')})` },
    ]);
  });
}
