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

/** The single Han characters among `tokens` that a longer token also holds. */
export function coveredHanChars(tokens: readonly string[]): Set<string> {
  const singles = new Set<string>();
  for (const t of tokens) {
    const cp = t.codePointAt(0)!;
    if (t.length === (cp > 0xffff ? 2 : 1) && isHanCodePoint(cp)) singles.add(t);
  }
  const covered = new Set<string>();
  if (singles.size === 0) return covered;
  for (const t of tokens) {
    if (singles.has(t) || t.length < 2) continue;
    for (const ch of t) if (singles.has(ch)) covered.add(ch);
  }
  return covered;
}
