import { describe, expect, it } from 'vitest';
import { FIXTURES, gfp } from './_gfp.js';

describe('gfp recommend --explain: readable arithmetic and terms', () => {
  it('each share reads normalised x weight / total of the weights with an opinion, and adds up to the blend', async () => {
    const r = await gfp('recommend', '--data', FIXTURES, '--user', 'u-0001', '--n', '20', '--explain');
    expect(r.code).toBe(0);
    // Hand-checked item: 1.000 x 1.0 / 3.1 = 0.323, 0.994 / 3.1 = 0.321, 0.293 / 3.1 = 0.094, 0.758 x 0.1 / 3.1 = 0.024;
    // trending has no opinion at the latest event, so its weight 2.0 is not in the total 3.1.
    expect(r.out).toContain(
      [
        '  #10 p-0165  Collectible kite  (m-010 mid)',
        '      ials: raw 0.361, normalised 1.000 x weight 1.0 / 3.1 = 0.323 of the blend',
        '      item-knn: raw 0.123, normalised 0.994 x weight 1.0 / 3.1 = 0.321 of the blend',
        '      content: raw 0.000, normalised 0.293 x weight 1.0 / 3.1 = 0.094 of the blend',
        '        cosine 0.000 with your interests; no single term stands out',
        '      trending: no opinion (its weight 2.0 left out of the total)',
        '      popularity: raw 5.303, normalised 0.758 x weight 0.1 / 3.1 = 0.024 of the blend',
        '      blended 0.762; proposed by ials, item-knn, popularity',
      ].join('\n'),
    );
    // Every share line's arithmetic holds to the printed precision, on all 20 items.
    const shares = [...r.out.matchAll(/normalised (\d\.\d{3}) x weight (\d+\.\d+) \/ (\d+\.\d+) = (\d\.\d{3}) of the blend/g)];
    expect(shares.length).toBeGreaterThanOrEqual(60);
    for (const [, n, w, total, share] of shares) {
      expect(Math.abs((Number(n) * Number(w)) / Number(total) - Number(share))).toBeLessThanOrEqual(0.0011);
    }
  });

  it('content lists only terms whose contribution shows at 3 decimals', async () => {
    const r = await gfp('recommend', '--data', FIXTURES, '--user', 'u-0001', '--user', 'u-0008', '--n', '20', '--explain');
    const terms = [...r.out.matchAll(/top terms: (.*)$/gm)].flatMap((m) => m[1]!.split(', '));
    expect(terms.length).toBeGreaterThan(10);
    for (const t of terms) expect(t).toMatch(/ (0\.00[1-9]|0\.0[1-9]\d|0\.[1-9]\d\d|1\.000)$/);
    expect(r.out).not.toMatch(/top terms: .*\b0\.000\b/);
  });
});
