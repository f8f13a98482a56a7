/** A typed array {@link grow} can enlarge (the kinds growable postings and scratch are kept in). */
export type GrowableArray = Int32Array | Float32Array | Float64Array | Uint8Array;

/**
 * `a` itself when it has at least `min` elements, else a new array of the same kind (over a new ArrayBuffer) holding `a`'s
 * elements, then zeros, with room for `max(min, 2 x a.length, 8)` elements (doubling keeps a run
 * of appends O(1) each, amortised).
 *
 * @example grow(Int32Array.of(4, 5), 3) // Int32Array [4, 5, 0, 0, 0, 0, 0, 0]
 */
export function grow<A extends GrowableArray>(a: A, min: number): A {
  if (a.length >= min) return a;
  const b = new (a.constructor as new (length: number) => A)(Math.max(min, a.length * 2, 8));
  b.set(a);
  return b;
}
