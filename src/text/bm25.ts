/**
 * BM25 inverse document frequency of a term found in `df` of `live` documents:
 * `ln(1 + (N - df + 0.5) / (df + 0.5))` (natural log; positive for any df <= N).
 *
 * @example bm25Idf(3, 1) // ln(8 / 3) = 0.98082...
 */
export function bm25Idf(live: number, df: number): number {
  return Math.log(1 + (live - df + 0.5) / (df + 0.5));
}

/**
 * BM25 contribution of one term to one document: `idf tf (k1 + 1) / (tf + k1 (1 - b + b dl / avgdl))`,
 * where `tf` is the term's weighted frequency in the document, `docLength` (dl) the document's
 * weighted length and `avgdl` the mean over live documents (> 0). No allocation: the query loops call it per posting.
 *
 * @example bm25TermScore(Math.log(1.6), 2, 4, 13 / 3, 1.2, 0.75) // 0.66054...
 */
export function bm25TermScore(idf: number, tf: number, docLength: number, avgdl: number, k1: number, b: number): number {
  return (idf * tf * (k1 + 1)) / (tf + k1 * (1 - b + (b * docLength) / avgdl));
}
