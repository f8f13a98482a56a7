import { describe, expect, it } from 'vitest';
import { fromBase64, toBase64 } from '../../src/_internal/base64.js';

const bytes = (n: number): Uint8Array => Uint8Array.from({ length: n }, (_, i) => (i * 37 + 11) & 255);

describe('base64', () => {
  it('matches RFC 4648 test vectors', () => {
    const enc = new TextEncoder();
    const cases: Array<[string, string]> = [
      ['', ''],
      ['f', 'Zg=='],
      ['fo', 'Zm8='],
      ['foo', 'Zm9v'],
      ['foob', 'Zm9vYg=='],
      ['fooba', 'Zm9vYmE='],
      ['foobar', 'Zm9vYmFy'],
    ];
    for (const [plain, coded] of cases) {
      expect(toBase64(enc.encode(plain))).toBe(coded);
      expect(new TextDecoder().decode(fromBase64(coded))).toBe(plain);
    }
  });

  it("agrees with Node's Buffer for every length remainder and round-trips", () => {
    for (const n of [1, 2, 3, 254, 255, 256, 12_289, 100_000]) {
      const b = bytes(n);
      const coded = toBase64(b);
      expect(coded).toBe(Buffer.from(b).toString('base64'));
      expect(fromBase64(coded)).toEqual(b);
    }
  });

  it('refuses a bad length or a character outside the alphabet', () => {
    expect(() => fromBase64('abc')).toThrow('base64 length 3 is not a multiple of 4');
    expect(() => fromBase64('ab!d')).toThrow('invalid base64 character at 2');
  });
});
