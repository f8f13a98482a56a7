/**
 * True for a code point of the Han script (CJK unified ideographs, extensions A to H and the
 * compatibility ideographs). Range checks, no regex, so it is cheap inside per-character loops.
 */
export function isHanCodePoint(cp: number): boolean {
  return (
    (cp >= 0x4e00 && cp <= 0x9fff) ||
    (cp >= 0x3400 && cp <= 0x4dbf) ||
    (cp >= 0xf900 && cp <= 0xfaff) ||
    (cp >= 0x20000 && cp <= 0x323af) ||
    cp === 0x3007
  );
}
