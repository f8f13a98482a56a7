const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
let lookup: Int16Array | undefined;

const ALPHABET_CODES = Uint8Array.from(ALPHABET, (c) => c.charCodeAt(0));
const PAD = 61; // '='

/** Standard base64 (with padding) of bytes; runs in any JS runtime (ASCII bytes, then one decode). */
export function toBase64(bytes: Uint8Array): string {
  const n = bytes.length;
  const out = new Uint8Array(Math.ceil(n / 3) * 4);
  let o = 0;
  let i = 0;
  for (; i + 2 < n; i += 3) {
    const v = (bytes[i]! << 16) | (bytes[i + 1]! << 8) | bytes[i + 2]!;
    out[o++] = ALPHABET_CODES[(v >> 18) & 63]!;
    out[o++] = ALPHABET_CODES[(v >> 12) & 63]!;
    out[o++] = ALPHABET_CODES[(v >> 6) & 63]!;
    out[o++] = ALPHABET_CODES[v & 63]!;
  }
  if (i < n) {
    const two = i + 1 < n;
    const v = (bytes[i]! << 16) | (two ? bytes[i + 1]! << 8 : 0);
    out[o++] = ALPHABET_CODES[(v >> 18) & 63]!;
    out[o++] = ALPHABET_CODES[(v >> 12) & 63]!;
    out[o++] = two ? ALPHABET_CODES[(v >> 6) & 63]! : PAD;
    out[o++] = PAD;
  }
  return new TextDecoder().decode(out);
}

/** Decodes standard base64; throws a RangeError on a character outside the alphabet or a bad length. */
export function fromBase64(text: string): Uint8Array {
  if (lookup === undefined) {
    lookup = new Int16Array(128).fill(-1);
    for (let i = 0; i < ALPHABET.length; i++) lookup[ALPHABET.charCodeAt(i)] = i;
  }
  if (text.length % 4 !== 0) throw new RangeError(`base64 length ${text.length} is not a multiple of 4`);
  let pad = 0;
  if (text.endsWith('==')) pad = 2;
  else if (text.endsWith('=')) pad = 1;
  const out = new Uint8Array((text.length / 4) * 3 - pad);
  let o = 0;
  for (let i = 0; i < text.length; i += 4) {
    let n = 0;
    for (let j = 0; j < 4; j++) {
      const code = text.charCodeAt(i + j);
      const v = code === 61 ? 0 : code < 128 ? lookup[code]! : -1;
      if (v < 0) throw new RangeError(`invalid base64 character at ${i + j}`);
      n = (n << 6) | v;
    }
    if (o < out.length) out[o++] = (n >> 16) & 255;
    if (o < out.length) out[o++] = (n >> 8) & 255;
    if (o < out.length) out[o++] = n & 255;
  }
  return out;
}
