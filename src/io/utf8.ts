/**
 * Strict UTF-8 decoding for the loaders: invalid bytes are found and reported instead of turning
 * into U+FFFD silently (two different ids with different bad bytes would merge into one).
 */

const strict = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
const lenient = new TextDecoder('utf-8', { fatal: false, ignoreBOM: true });

/**
 * Number of bytes at the end of `bytes` that begin a UTF-8 sequence the buffer does not complete
 * (0 to 3): they belong with the next chunk of a stream.
 */
export function incompleteTail(bytes: Uint8Array): number {
  const n = bytes.length;
  for (let k = 1; k <= 3 && k <= n; k++) {
    const c = bytes[n - k]!;
    if ((c & 0xc0) === 0x80) continue; // a continuation byte: look further back for the lead
    const need = c >= 0xf0 ? 4 : c >= 0xe0 ? 3 : c >= 0xc0 ? 2 : 1;
    return need > k ? k : 0;
  }
  return 0;
}

/**
 * Offset of the first byte of `bytes[from, to)` that does not start a valid UTF-8 sequence
 * (overlong forms, surrogates and code points above U+10FFFF are invalid, as are sequences cut
 * off at `to`), or -1 when the range is valid.
 *
 * @example firstInvalidUtf8(Buffer.from([0x61, 0xff])) // 1
 */
export function firstInvalidUtf8(bytes: Uint8Array, from = 0, to = bytes.length): number {
  let i = from;
  while (i < to) {
    const c = bytes[i]!;
    if (c < 0x80) {
      i++;
      continue;
    }
    const need = c >= 0xc2 && c <= 0xdf ? 1 : c >= 0xe0 && c <= 0xef ? 2 : c >= 0xf0 && c <= 0xf4 ? 3 : 0;
    if (need === 0 || i + need >= to) return i;
    const second = bytes[i + 1]!;
    const lo = c === 0xe0 ? 0xa0 : c === 0xf0 ? 0x90 : 0x80;
    const hi = c === 0xed ? 0x9f : c === 0xf4 ? 0x8f : 0xbf;
    if (second < lo || second > hi) return i;
    for (let k = 2; k <= need; k++) if ((bytes[i + k]! & 0xc0) !== 0x80) return i;
    i += need + 1;
  }
  return -1;
}

/** `bytes[from, to)` as text, or `undefined` when they are not valid UTF-8. */
export function decodeStrict(bytes: Uint8Array, from = 0, to = bytes.length): string | undefined {
  try {
    return strict.decode(bytes.subarray(from, to));
  } catch {
    return undefined;
  }
}

/** `bytes[from, to)` as text with U+FFFD for invalid bytes (only for messages and rejected rows). */
export function decodeLenient(bytes: Uint8Array, from = 0, to = bytes.length): string {
  return lenient.decode(bytes.subarray(from, to));
}

/** The reason given for invalid UTF-8 at byte `offset` of a file, with the byte's value. */
export function invalidUtf8Reason(byte: number, offset: number): string {
  return (
    `invalid UTF-8 (byte 0x${byte.toString(16).padStart(2, '0')} at byte offset ${offset} of the file): ` +
    "the file must be UTF-8: re-encode it (iconv -f latin1 -t utf-8); from code, loadMarketplace and the CSV loaders read Latin-1 with encoding: 'latin1'"
  );
}
