/**
 * Percentile ranks of scores among a request's candidates: what the reranker's
 * `popularityDamping` reads of the popularity baseline.
 */

/**
 * Percentile of each finite score among the finite scores, in [0, 1]: `(values below + (equal
 * values - 1) / 2) / (finite count - 1)` (0 the lowest, 1 the highest; ties share their mean
 * rank); NaN where the score is not finite (no opinion). A single finite score gets 0.
 * O(C log C).
 *
 * @example candidatePercentiles(Float32Array.of(3, NaN, 1, 3)) // Float32Array [0.75, NaN, 0, 0.75]
 */
export function candidatePercentiles(scores: Float32Array): Float32Array {
  const out = new Float32Array(scores.length).fill(Number.NaN);
  const finite: number[] = [];
  for (let c = 0; c < scores.length; c++) if (Number.isFinite(scores[c]!)) finite.push(c);
  const n = finite.length;
  if (n === 0) return out;
  finite.sort((a, b) => scores[a]! - scores[b]!);
  for (let i = 0; i < n; ) {
    let j = i + 1;
    while (j < n && scores[finite[j]!] === scores[finite[i]!]) j++;
    // Positions i .. j-1 tie: their mean rank is (i + j - 1) / 2.
    const q = n === 1 ? 0 : (i + j - 1) / 2 / (n - 1);
    for (let t = i; t < j; t++) out[finite[t]!] = q;
    i = j;
  }
  return out;
}
