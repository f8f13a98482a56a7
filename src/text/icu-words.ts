/**
 * Word segmentation by `Intl.Segmenter` (ICU: UAX #29 plus dictionaries for Han, Thai, ...), and a
 * bounded memo of the words of short pieces for the fast path, which product texts hit often
 * (tags, templated phrases). Creating a segment iterator costs about as much as segmenting a short
 * piece, so `prefetchPieces` segments many pieces in one call, joined by line feeds: ICU always
 * breaks before and after a line feed (UAX #29 WB3a/b) and no rule looks across one (a combining
 * mark after it starts afresh, as at the start of text), so each piece gets exactly its own words.
 */
import { detach } from './detach.js';

/** Receives the words of a text in reading order: `word` from ICU (any script), `asciiWord` from the fast path. */
export interface WordSink {
  /** A word-like segment starting at UTF-16 offset `start` of the normalised text. */
  word(word: string, start: number): void;
  /** A word of ASCII letters, digits and mid-word punctuation only (so no Han character) starting at UTF-16 offset `start`. */
  asciiWord(word: string, start: number): void;
}

/** The word segmenter, made on first use: creating one loads ICU's word data (about 30 ms), which an import must not pay. */
let segmenter: Intl.Segmenter | undefined;

function segments(text: string): Intl.Segments {
  segmenter ??= new Intl.Segmenter(undefined, { granularity: 'word' });
  return segmenter.segment(text);
}

/** Sends the word-like ICU segments of `text[from, to)` to `sink.word` (offsets absolute in `text`). */
export function icuWords(text: string, from: number, to: number, sink: WordSink): void {
  const slice = from === 0 && to === text.length ? text : text.slice(from, to);
  for (const seg of segments(slice)) {
    if (seg.isWordLike === true) sink.word(seg.segment, from + seg.index);
  }
}

/** Most pieces the memo holds (it is emptied when full; a few MB at most). */
const MEMO_MAX_ENTRIES = 20_000;
/** Longest piece the memo holds, in UTF-16 units. */
export const MEMO_MAX_CHARS = 64;
/** Pieces joined into one ICU call by `prefetchPieces`: at most this many, of at most BATCH_CHARS UTF-16 units in all (16 to 32 pieces measured fastest; longer calls get slower per unit). */
const BATCH_PIECES = 16;
const BATCH_CHARS = 512;

/** Words of a memoised piece: the words, and their offsets in the piece. */
interface PieceWords {
  readonly words: readonly string[];
  readonly starts: readonly number[];
}

const memo = new Map<string, PieceWords>();

/** Empties the piece memo (benchmarks use it to time a cold start; output never depends on it). */
export function clearPieceMemo(): void {
  memo.clear();
}

/** True when the memo holds `piece` (so a prefetch can skip it). */
export function isMemoised(piece: string): boolean {
  return memo.has(piece);
}

function remember(piece: string, words: string[], starts: number[]): void {
  if (memo.size >= MEMO_MAX_ENTRIES) memo.clear();
  memo.set(piece, { words, starts });
}

/**
 * `icuWords` for a piece, through the memo when it is at most MEMO_MAX_CHARS long: the same words
 * at the same offsets.
 */
export function memoIcuWords(text: string, from: number, to: number, sink: WordSink): void {
  if (to - from > MEMO_MAX_CHARS) {
    icuWords(text, from, to, sink);
    return;
  }
  let piece = text.slice(from, to);
  let found = memo.get(piece);
  if (found === undefined) {
    piece = detach(piece); // the memo must not keep the whole text alive
    const words: string[] = [];
    const starts: number[] = [];
    for (const seg of segments(piece)) {
      if (seg.isWordLike !== true) continue;
      words.push(seg.segment);
      starts.push(seg.index);
    }
    remember(piece, words, starts);
    found = memo.get(piece)!;
  }
  const { words, starts } = found;
  for (let k = 0; k < words.length; k++) sink.word(words[k]!, from + starts[k]!);
}

/** Segments `pieces[from, to)` in one ICU call over the pieces joined by line feeds, and memoises each. */
function segmentBatch(pieces: readonly string[], from: number, to: number): void {
  const joined = pieces.slice(from, to).join('\n');
  let p = from;
  let pieceStart = 0;
  let pieceEnd = pieces[p]!.length;
  let words: string[] = [];
  let starts: number[] = [];
  for (const seg of segments(joined)) {
    if (seg.isWordLike !== true) continue;
    while (seg.index >= pieceEnd) {
      remember(pieces[p]!, words, starts);
      words = [];
      starts = [];
      pieceStart = pieceEnd + 1;
      p++;
      pieceEnd = pieceStart + pieces[p]!.length;
    }
    words.push(seg.segment);
    starts.push(seg.index - pieceStart);
  }
  for (; p < to; p++) {
    remember(pieces[p]!, words, starts);
    words = [];
    starts = [];
  }
}

/**
 * Memoises the words of `pieces` (each at most MEMO_MAX_CHARS long) that the memo does not hold,
 * several pieces per ICU call. Output of the tokeniser never depends on it, only its speed.
 */
export function prefetchPieces(pieces: readonly string[]): void {
  const todo: string[] = [];
  const queued = new Set<string>();
  for (const piece of pieces) {
    if (piece.length > MEMO_MAX_CHARS || memo.has(piece) || queued.has(piece)) continue;
    queued.add(piece);
    todo.push(detach(piece));
  }
  let from = 0;
  while (from < todo.length) {
    let to = from;
    let chars = 0;
    while (to < todo.length && to - from < BATCH_PIECES && chars + todo[to]!.length <= BATCH_CHARS) chars += todo[to++]!.length + 1;
    segmentBatch(todo, from, to);
    from = to;
  }
}
