/**
 * The encoding of the traditional-to-simplified table (han-fold-table.ts): plain ASCII text that
 * stays small once a bundler has minified it and a server has gzipped it (about 8 KB for the
 * 3,226 pairs, against 12 KB for code point differences in base 36 and the simplified characters
 * themselves, which bundlers write as `\uXXXX` escapes).
 *
 * Numbers are written in 85 digits, the printable ASCII characters from `(` to `~` without `\`
 * and `` ` `` (no quote, no escape in any JS string). A digit below 60 is a number's last digit;
 * the 25 others lead it, most significant first (bijective, so no number has two spellings).
 * The traditional characters are written as the differences between consecutive code points
 * (ascending, from 0). Each simplified form is written as a signed difference from one of three
 * references, whichever is shortest: the traditional character itself, or the simplified form of
 * the pair before, or of the pair before that (runs such as 訂計訃 -> 订计讣 step along together);
 * the code is `zigzag(difference) * 3 + reference`.
 *
 * scripts/make-han-fold-table.ts encodes with {@link encodeFoldPairs}; the fold decodes with
 * {@link forEachFoldPair}.
 */

/** Digits in all: `(` (0x28) to `~` (0x7e) without `\` (0x5c) and `` ` `` (0x60). */
const DIGITS = 85;
/** Digit values below this end a number; the others lead it. */
const LAST = 60;
/** References a simplified form's difference is taken from (the character, the previous two forms). */
const REFERENCES = 3;

/** The value of the digit with char code `code` (0 to 84). */
function digitValue(code: number): number {
  return code - 0x28 - (code > 0x5c ? 1 : 0) - (code > 0x60 ? 1 : 0);
}

/** The digit of value `value` (0 to 84). */
function digitChar(value: number): string {
  const code = value + 0x28;
  return String.fromCharCode(code >= 0x5c ? (code + 1 >= 0x60 ? code + 2 : code + 1) : code);
}

/** Calls `visit` with each number written in `text`, in order. */
function forEachNumber(text: string, visit: (value: number) => void): void {
  let lead = 0;
  for (let i = 0; i < text.length; i++) {
    const digit = digitValue(text.charCodeAt(i));
    if (digit < LAST) {
      visit(lead * LAST + digit);
      lead = 0;
    } else lead = lead * (DIGITS - LAST) + digit - LAST + 1;
  }
}

/**
 * `value` (a non-negative safe integer) in the table's digits.
 *
 * @example encodeNumber(59) // 'e'; encodeNumber(60) // 'f('; encodeNumber(1560) // 'ff('
 */
export function encodeNumber(value: number): string {
  if (!Number.isSafeInteger(value) || value < 0) throw new RangeError(`encodeNumber: ${value} is not a non-negative safe integer`);
  let out = digitChar(value % LAST);
  for (let rest = Math.floor(value / LAST); rest > 0; rest = Math.floor(rest / (DIGITS - LAST))) {
    rest -= 1;
    out = digitChar(LAST + (rest % (DIGITS - LAST))) + out;
  }
  return out;
}

/** The numbers written in `text`, in order (the inverse of joined {@link encodeNumber}s). */
export function decodeNumbers(text: string): number[] {
  const out: number[] = [];
  forEachNumber(text, (value) => out.push(value));
  return out;
}

/** A signed integer as a non-negative one: 0, -1, 1, -2, 2 -> 0, 1, 2, 3, 4. */
function zigzag(value: number): number {
  return value < 0 ? -2 * value - 1 : 2 * value;
}

/** The table's two strings: the traditional characters and their simplified forms. */
export interface EncodedFoldPairs {
  readonly from: string;
  readonly to: string;
}

/**
 * Encodes `pairs` of code points (traditional, simplified), in ascending order of the first, as
 * the table stores them.
 */
export function encodeFoldPairs(pairs: readonly (readonly [number, number])[]): EncodedFoldPairs {
  let from = '';
  let to = '';
  let previous = 0;
  pairs.forEach(([f, t], i) => {
    if (f <= previous && i > 0) throw new RangeError(`encodeFoldPairs: code points not ascending at pair ${i} (U+${f.toString(16)})`);
    from += encodeNumber(f - previous);
    previous = f;
    const references = [f, pairs[i - 1]?.[1] ?? 0, pairs[i - 2]?.[1] ?? 0];
    let shortest: string | undefined;
    for (let r = 0; r < REFERENCES; r++) {
      const code = encodeNumber(zigzag(t - references[r]!) * REFERENCES + r);
      if (shortest === undefined || code.length < shortest.length) shortest = code;
    }
    to += shortest;
  });
  return { from, to };
}

/** Calls `visit` with each pair (traditional, simplified code points) of an encoded table, in order. */
export function forEachFoldPair(from: string, to: string, visit: (from: number, to: number) => void): void {
  const codes = decodeNumbers(to);
  let cp = 0;
  let i = 0;
  let before = 0;
  let last = 0;
  forEachNumber(from, (delta) => {
    cp += delta;
    const code = codes[i++]!;
    const reference = code % REFERENCES;
    const z = (code - reference) / REFERENCES;
    const folded = (reference === 0 ? cp : reference === 1 ? last : before) + (z % 2 === 1 ? -(z + 1) / 2 : z / 2);
    before = last;
    last = folded;
    visit(cp, folded);
  });
}
