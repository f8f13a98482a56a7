import { describe, expect, it } from 'vitest';
import { FIXTURES, gfp } from './_gfp.js';

describe('gfp recommend --explain: readable arithmetic and terms', () => {
  it('each share reads normalised x weight / total (the weights with an opinion, shrunk by the prior), and adds up to the blend', async () => {
    const r = await gfp('recommend', '--data', FIXTURES, '--user', 'u-0001', '--n', '20', '--explain');
    expect(r.code).toBe(0);
    // Hand-checked item: item-kNN has no opinion on it, so 3.0 of the weight 4.0 has one; the prior
    // (strength 2 x 4.0 = 8.0) makes the total 4.0 x (3.0 + 8.0) / (4.0 + 8.0) = 3.667, and
    // 0.787 / 3.667 = 0.215, 0.632 / 3.667 = 0.172, 0.291 / 3.667 = 0.079 add up to the blend 0.466.
    expect(r.out).toContain(
      [
        '  #10 p-0256  Flagship smartphone  (m-016 head)',
        '      ials: raw 0.117, normalised 0.787 x weight 1.0 / 3.667 = 0.215 of the blend',
        '      item-knn: no opinion (its weight 1.0 left out of the total)',
        '      content: raw 0.087, normalised 0.632 x weight 1.0 / 3.667 = 0.172 of the blend',
        '        cosine 0.087 with your interests; top terms: electron 0.062, 数码 0.025',
        '      trending: no opinion (its weight 0.0 left out of the total)',
        '      popularity: raw 2.570, normalised 0.291 x weight 1.0 / 3.667 = 0.079 of the blend',
        '      evidence: signals with 3.0 of the weight 4.0 have an opinion; the prior (strength 8.0) makes the total 3.667',
        '      blended 0.466; proposed by ials, content, popularity',
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
