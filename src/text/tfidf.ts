/**
 * Smoothed TF-IDF inverse document frequency of a term found in `df` of `live` documents:
 * `ln((1 + N) / (1 + df)) + 1` (natural log; at least 1). A term no document has (df 0) gets the
 * largest value, `ln(1 + N) + 1`.
 *
 * @example tfidfIdf(3, 1) // ln 2 + 1 = 1.69314...
 */
export function tfidfIdf(live: number, df: number): number {
  return Math.log((1 + live) / (1 + df)) + 1;
}

/**
 * L2 norm of the un-normalised TF-IDF vector with entries `tf[k] idf[k]` (`idf` holds each entry's
 * idf, at least as long as `tf`), summed in entry order; 0 for no entries.
 *
 * @example tfidfNorm(Float32Array.of(3, 4), Float64Array.of(1, 1)) // 5
 */
export function tfidfNorm(tf: Float32Array, idf: Float64Array): number {
  let s = 0;
  for (let k = 0; k < tf.length; k++) {
    const w = tf[k]! * idf[k]!;
    s += w * w;
  }
  return Math.sqrt(s);
}

/**
 * The weights `tf[k] idf[k] / norm` of an L2-normalised TF-IDF vector, with `norm` from
 * {@link tfidfNorm} (> 0), as float32.
 *
 * @example tfidfWeights(Float32Array.of(3, 4), Float64Array.of(1, 1), 5) // Float32Array [0.6, 0.8]
 */
export function tfidfWeights(tf: Float32Array, idf: Float64Array, norm: number): Float32Array {
  const weights = new Float32Array(tf.length);
  for (let k = 0; k < tf.length; k++) weights[k] = (tf[k]! * idf[k]!) / norm;
  return weights;
}
