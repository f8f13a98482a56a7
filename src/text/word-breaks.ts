/**
 * Fast word segmentation of normalised, lower-cased text: the same words as `Intl.Segmenter`
 * (see icu-words.ts), without calling ICU for pure-ASCII runs.
 *
 * The fast path cuts the text at ASCII separators (space, controls \t\n\v\f\r and the punctuation
 * ICU never joins to a word: `! # $ % & ( ) * + - / < = > ? @ [ \ ] ^ \` { | } ~`). ICU always breaks
 * before such a separator and never starts a word with one, so the pieces between separators
 * segment independently. A piece of ASCII letters, digits and the mid-word punctuation `. ' : , ;`
 * is split here by UAX #29 rules WB5-WB12 (`a.b`, `don't`, `a:b` between letters; `3.14`, `2,000`,
 * `1;2` between digits); any other piece (non-ASCII, `_`, `"`, other controls) goes to ICU with its
 * preceding separator as context, so a leading combining mark attaches to it as in the whole text.
 */
import { MEMO_MAX_CHARS, isMemoised, memoIcuWords, type WordSink } from './icu-words.js';

// Character classes of the fast path (code units below 128; everything else is HARD).
const HARD = 0; // ICU decides (non-ASCII, `_` ExtendNumLet, `"` Double_Quote, rare controls)
const SEP = 1; // always a break before and after, never part of a word
const LETTER = 2; // ALetter
const DIGIT = 3; // Numeric
const MID_NUM_LET = 4; // `.` MidNumLet, `'` Single_Quote: joins letter-letter and digit-digit
const MID_LETTER = 5; // `:` MidLetter: joins letter-letter
const MID_NUM = 6; // `,` `;` MidNum: joins digit-digit

const CLASS = new Uint8Array(128);
for (const c of '\t\n\v\f\r !#$%&()*+-/<=>?@[\\]^`{|}~') CLASS[c.charCodeAt(0)] = SEP;
for (let c = 0x61; c <= 0x7a; c++) CLASS[c] = LETTER;
for (let c = 0x41; c <= 0x5a; c++) CLASS[c] = LETTER;
for (let c = 0x30; c <= 0x39; c++) CLASS[c] = DIGIT;
CLASS[0x2e] = MID_NUM_LET;
CLASS[0x27] = MID_NUM_LET;
CLASS[0x3a] = MID_LETTER;
CLASS[0x2c] = MID_NUM;
CLASS[0x3b] = MID_NUM;

function classAt(text: string, i: number): number {
  const c = text.charCodeAt(i);
  return c < 128 ? CLASS[c]! : HARD;
}

/** True when a mid-word character of class `mid` between classes `left` and `right` joins them (WB6/7, WB11/12). */
function joins(left: number, mid: number, right: number): boolean {
  if (left !== right) return false;
  if (mid === MID_NUM_LET) return true;
  return mid === MID_LETTER ? left === LETTER : left === DIGIT;
}

/** Splits a piece of letters, digits and mid-word punctuation (bounded by separators or the text ends). */
function asciiPiece(text: string, from: number, to: number, sink: WordSink): void {
  let i = from;
  while (i < to) {
    if (classAt(text, i) >= MID_NUM_LET) {
      i++; // a mid-word character not between two joinable characters is a segment of its own
      continue;
    }
    let j = i + 1;
    for (;;) {
      while (j < to && classAt(text, j) < MID_NUM_LET) j++;
      if (j + 1 < to) {
        const right = classAt(text, j + 1);
        if (right < MID_NUM_LET && joins(classAt(text, j - 1), classAt(text, j), right)) {
          j += 2;
          continue;
        }
      }
      break;
    }
    sink.asciiWord(text.slice(i, j), i);
    i = j;
  }
}

/** End of the piece starting at `i` (the next separator or `to`), and whether it holds a HARD character. */
function pieceEnd(text: string, i: number, to: number): number {
  let hard = false;
  let j = i;
  for (; j < to; j++) {
    const k = classAt(text, j);
    if (k === SEP) break;
    if (k === HARD) hard = true;
  }
  return hard ? -j - 1 : j;
}

/**
 * Sends the words of `text[from, to)` to `sink`, exactly the word-like segments `icuWords` gives
 * for the same range, calling ICU only for pieces that are not plain ASCII. Linear time.
 *
 * With `misses`, sends nothing and instead appends the ICU pieces the memo lacks (for
 * `prefetchPieces`).
 */
export function fastWords(text: string, from: number, to: number, sink: WordSink, misses?: string[]): void {
  let i = from;
  while (i < to) {
    if (classAt(text, i) === SEP) {
      i++;
      continue;
    }
    const end = pieceEnd(text, i, to);
    if (end >= 0) {
      if (misses === undefined) asciiPiece(text, i, end, sink);
      i = end;
      continue;
    }
    // A run of pieces needing ICU (separated by separators only) goes to ICU in one call.
    let regionEnd = -end - 1;
    for (;;) {
      let k = regionEnd;
      while (k < to && classAt(text, k) === SEP) k++;
      if (k >= to) break;
      const next = pieceEnd(text, k, to);
      if (next >= 0) break;
      regionEnd = -next - 1;
    }
    const start = i > from ? i - 1 : from;
    if (misses === undefined) memoIcuWords(text, start, regionEnd, sink);
    else if (regionEnd - start <= MEMO_MAX_CHARS) {
      const piece = text.slice(start, regionEnd);
      if (!isMemoised(piece)) misses.push(piece);
    }
    i = regionEnd;
  }
}
