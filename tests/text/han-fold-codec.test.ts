/**
 * The ASCII encoding of the traditional-to-simplified table (text/han-fold-codec): numbers in 85
 * digits, pairs as code point differences from one of three references.
 */
import { describe, expect, it } from 'vitest';
import { decodeNumbers, encodeFoldPairs, encodeNumber, forEachFoldPair } from '../../src/text/han-fold-codec.js';
import { FOLD_FROM, FOLD_TO } from '../../src/text/han-fold-table.js';

/** The pairs of an encoded table, as an array. */
function decodePairs(from: string, to: string): Array<[number, number]> {
  const out: Array<[number, number]> = [];
  forEachFoldPair(from, to, (f, t) => out.push([f, t]));
  return out;
}

describe('encodeNumber / decodeNumbers', () => {
  it('writes numbers below 60 as one last digit and larger ones with leading digits (hand-computed)', () => {
    // Digits are ( ) * ... [ ] ^ _ a b ... ~ : value 0 is '(', 51 is '[', 52 skips '\' to ']',
    // 55 skips '`' to 'a', 59 is 'e'; leading digits 60..84 are 'f'..'~'.
    expect(['(', ')', '[', ']', 'a', 'e'].map((d) => decodeNumbers(d)[0])).toEqual([0, 1, 51, 52, 55, 59]);
    expect(encodeNumber(0)).toBe('(');
    expect(encodeNumber(59)).toBe('e');
    // 60 = (1 lead) * 60 + 0; 1559 = 25 * 60 + 59, the largest with one leading digit.
    expect(encodeNumber(60)).toBe('f(');
    expect(encodeNumber(1559)).toBe('~e');
    // 1560 = ((1 lead) * 25 + (1 lead)) * 60 + 0.
    expect(encodeNumber(1560)).toBe('ff(');
  });

  it('round-trips every number up to 100,000 and the largest code point, in ASCII without quotes or escapes', () => {
    const values = [...Array.from({ length: 100_001 }, (_, i) => i), 0x10ffff, 2 ** 40];
    const text = values.map(encodeNumber).join('');
    expect(decodeNumbers(text)).toEqual(values);
    expect(text).toMatch(/^[(-[\]-_a-~]+$/);
    expect(new Set(text).size).toBe(85);
  });

  it('refuses negative and fractional numbers', () => {
    expect(() => encodeNumber(-1)).toThrow(RangeError);
    expect(() => encodeNumber(1.5)).toThrow(/1\.5 is not a non-negative safe integer/);
  });
});

describe('encodeFoldPairs / forEachFoldPair', () => {
  it('round-trips pairs that fold up, down, outside the BMP and along a run', () => {
    const pairs: Array<[number, number]> = [
      [0x346f, 0x3454], // down by 27
      [0x5f9e, 0x4ece], // 從 -> 从, far down
      [0x8a02, 0x8ba2], // 訂 -> 订
      [0x8a08, 0x8ba1], // 計 -> 计: one below the previous form
      [0x8a0a, 0x4e00], // far down
      [0x8a0c, 0x8ba3], // two above the form before the previous
      [0x2005e, 0x2003e], // astral to astral
      [0x2a6d6, 0x4e00], // astral to BMP
    ];
    const encoded = encodeFoldPairs(pairs);
    expect(decodePairs(encoded.from, encoded.to)).toEqual(pairs);
    // 計 is written from the previous form (zigzag(-1) * 3 + 1 = 4, one digit), shorter than from
    // itself (zigzag(0x199) * 3 = 2454, three digits); U+8A0C from the form before the previous
    // (zigzag(2) * 3 + 2 = 14, one digit).
    const codes = decodeNumbers(encoded.to);
    expect([codes[3], codes[5]]).toEqual([4, 14]);
    expect(encodeNumber(2454)).toHaveLength(3);
  });

  it('refuses pairs out of code point order', () => {
    expect(() => encodeFoldPairs([[0x8a08, 0x8ba1], [0x8a02, 0x8ba2]])).toThrow(/not ascending at pair 1 \(U\+8a02\)/);
  });

  it('the committed table decodes to 3,226 ascending pairs that re-encode to the same text', () => {
    const pairs = decodePairs(FOLD_FROM, FOLD_TO);
    expect(pairs).toHaveLength(3226);
    expect(pairs.every(([f], i) => i === 0 || f > pairs[i - 1]![0])).toBe(true);
    expect(encodeFoldPairs(pairs)).toEqual({ from: FOLD_FROM, to: FOLD_TO });
  });
});
