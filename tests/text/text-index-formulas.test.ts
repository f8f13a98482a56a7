import { describe, expect, it } from 'vitest';
import { bm25Idf, bm25TermScore } from '../../src/text/bm25.js';
import { tfidfIdf, tfidfNorm, tfidfWeights } from '../../src/text/tfidf.js';

describe('BM25 formulas', () => {
  it('idf = ln(1 + (N - df + 0.5) / (df + 0.5))', () => {
    expect(bm25Idf(3, 1)).toBeCloseTo(Math.log(8 / 3), 15); // 0.980829...
    expect(bm25Idf(3, 2)).toBeCloseTo(Math.log(1.6), 15);
    // A term in every document keeps a small positive idf.
    expect(bm25Idf(4, 4)).toBeCloseTo(Math.log(1 + 0.5 / 4.5), 15);
    expect(bm25Idf(4, 4)).toBeGreaterThan(0);
  });

  it('term score = idf tf (k1 + 1) / (tf + k1 (1 - b + b dl / avgdl)), by hand', () => {
    // idf ln 1.6 = 0.470004, tf 2, dl 4, avgdl 13/3: 0.470004 * 2 * 2.2 / (2 + 1.2 (0.25 + 0.75 * 12 / 13)) = 0.660546
    expect(bm25TermScore(Math.log(1.6), 2, 4, 13 / 3, 1.2, 0.75)).toBeCloseTo(0.660545641102115, 12);
    // b = 0: no length normalisation; k1 = 0: tf saturates at once (score = idf).
    expect(bm25TermScore(1, 3, 100, 1, 1.2, 0)).toBeCloseTo((3 * 2.2) / (3 + 1.2), 15);
    expect(bm25TermScore(0.7, 5, 9, 3, 0, 0.75)).toBeCloseTo(0.7, 15);
  });
});

describe('TF-IDF formulas', () => {
  it('idf = ln((1 + N) / (1 + df)) + 1, largest for a term no document has', () => {
    expect(tfidfIdf(3, 1)).toBeCloseTo(Math.log(2) + 1, 15);
    expect(tfidfIdf(3, 3)).toBe(1);
    expect(tfidfIdf(9, 0)).toBe(Math.log(10) + 1);
  });

  it('norm and weights of the vector tf x idf (3-4-5)', () => {
    const tf = Float32Array.of(3, 2);
    const idf = Float64Array.of(1, 2, 99); // longer than tf: the tail is not read
    expect(tfidfNorm(tf, idf)).toBe(5);
    expect(Array.from(tfidfWeights(tf, idf, 5))).toEqual([Math.fround(0.6), Math.fround(0.8)]);
    expect(tfidfNorm(new Float32Array(0), idf)).toBe(0);
  });
});
