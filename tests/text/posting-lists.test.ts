import { describe, expect, it } from 'vitest';
import { transpose } from '../../src/dataset/csr.js';
import { PostingLists } from '../../src/text/posting-lists.js';

const list = (p: PostingLists, t: number) => ({ docs: Array.from(p.docsOf(t).subarray(0, p.count(t))), tf: Array.from(p.tfOf(t).subarray(0, p.count(t))) });

describe('PostingLists', () => {
  it('appends and removes postings, keeping the others in order', () => {
    const p = new PostingLists();
    p.reserve(3);
    p.append(0, Int32Array.of(0, 2), Float32Array.of(1, 2));
    p.append(1, Int32Array.of(2), Float32Array.of(5));
    p.append(2, Int32Array.of(0, 2), Float32Array.of(0.5, 1.5));
    expect(list(p, 2)).toEqual({ docs: [0, 1, 2], tf: [2, 5, 1.5] });
    expect(p.count(1)).toBe(0);
    p.remove(1, Int32Array.of(2));
    expect(list(p, 2)).toEqual({ docs: [0, 2], tf: [2, 1.5] });
    p.remove(7, Int32Array.of(0)); // not there: nothing
    expect(list(p, 0)).toEqual({ docs: [0, 2], tf: [1, 0.5] });
  });

  it('grows a list past its capacity (copied out of a loaded view)', () => {
    const p = new PostingLists();
    // 2 terms x 2 documents: term 0 in doc 1 (tf 4), term 1 in docs 0 and 1.
    p.load(transpose({ rows: 2, cols: 2, indptr: Int32Array.of(0, 1, 3), indices: Int32Array.of(1, 0, 1), values: Float32Array.of(3, 4, 2) }));
    expect(list(p, 0)).toEqual({ docs: [1], tf: [4] });
    expect(list(p, 1)).toEqual({ docs: [0, 1], tf: [3, 2] });
    for (let d = 2; d < 40; d++) p.append(d, Int32Array.of(0), Float32Array.of(d));
    expect(p.count(0)).toBe(39);
    expect(list(p, 0).docs.slice(0, 3)).toEqual([1, 2, 3]);
    expect(list(p, 1)).toEqual({ docs: [0, 1], tf: [3, 2] }); // the neighbouring view untouched
  });
});
