import { describe, expect, it } from 'vitest';
import { transpose } from '../../src/dataset/csr.js';
import { ForwardIndex } from '../../src/text/forward-index.js';

const counts = (terms: number[], tf: number[]) => ({ terms: Int32Array.from(terms), tf: Float32Array.from(tf), length: tf.reduce((a, b) => a + b, 0) });

describe('ForwardIndex', () => {
  it('gives new products the next slot and keeps live count, lengths and their mean', () => {
    const f = new ForwardIndex();
    expect(f.slotOf('a')).toBe(0);
    expect(f.slotOf('b')).toBe(1);
    expect(f.slotOf('a')).toBe(0);
    f.set(0, counts([1, 4], [2, 1]));
    f.set(1, counts([4], [6]));
    expect(f.live).toBe(2);
    expect(f.slots).toBe(2);
    expect(f.avgLength).toBe(4.5); // (3 + 6) / 2
    expect(f.lengthOf(1)).toBe(6);
    expect(Array.from(f.termsOf(0)!)).toEqual([1, 4]);
    expect(f.docOf('__proto__')).toBeUndefined();
  });

  it('clear empties the entry but keeps the slot; release frees it; the mean follows', () => {
    const f = new ForwardIndex();
    f.set(f.slotOf('a'), counts([0], [2]));
    f.set(f.slotOf('b'), counts([1], [4]));
    expect(Array.from(f.clear(0)!)).toEqual([0]);
    expect(f.clear(0)).toBeUndefined();
    expect(f.productIdAt(0)).toBe('a');
    expect(f.live).toBe(1);
    expect(f.avgLength).toBe(4);
    f.release('a');
    expect(f.productIdAt(0)).toBeUndefined();
    expect(f.docOf('a')).toBeUndefined();
    expect(f.slots).toBe(2);
    f.clear(1);
    expect(f.avgLength).toBe(0);
  });

  it('place puts a new product in a free slot and refuses a taken or far one', () => {
    const f = new ForwardIndex();
    f.set(f.slotOf('a'), counts([0], [1]));
    f.set(f.slotOf('b'), counts([0], [1]));
    f.clear(0);
    f.release('a');
    f.place('c', 0);
    expect(f.docOf('c')).toBe(0);
    expect(() => f.place('d', 1)).toThrow(/slot 1 is not free for "d" \(2 slots\)/);
    expect(() => f.place('d', 3)).toThrow(RangeError);
    f.place('b', 0); // held already: keeps its slot
    expect(f.docOf('b')).toBe(1);
    f.place('e', 2); // the next slot: taken by slotOf anyway
    expect(f.docOf('e')).toBeUndefined();
  });

  it('lays the live entries out as CSR whose transpose is the postings', () => {
    const f = new ForwardIndex();
    f.set(f.slotOf('a'), counts([0, 2], [1, 2]));
    f.slotOf('gap');
    f.set(f.slotOf('c'), counts([2], [3]));
    const m = f.toCsr(3);
    expect(Array.from(m.indptr)).toEqual([0, 2, 2, 3]);
    const t = transpose(m);
    expect(Array.from(t.indptr)).toEqual([0, 1, 1, 3]);
    expect(Array.from(t.indices)).toEqual([0, 0, 2]);
    expect(Array.from(t.values)).toEqual([1, 2, 3]);
  });
});
