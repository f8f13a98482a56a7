/**
 * Poisson tail probabilities for the burst gates: how likely a count at least this high is by
 * chance at an expected rate. Pure arithmetic, no allocation.
 */

/** Natural log of the gamma function (Lanczos, g = 7, 9 terms; relative error below 1e-14). */
export function logGamma(x: number): number {
  const c = [
    0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059,
    12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7,
  ];
  if (x < 0.5) return Math.log(Math.PI / Math.abs(Math.sin(Math.PI * x))) - logGamma(1 - x);
  const z = x - 1;
  let a = c[0]!;
  const t = z + 7.5;
  for (let i = 1; i < 9; i++) a += c[i]! / (z + i);
  return 0.5 * Math.log(2 * Math.PI) + (z + 0.5) * Math.log(t) - t + Math.log(a);
}

/** `log P(X = i)` for X ~ Poisson(mean), i >= 0, mean > 0. */
function logTerm(i: number, mean: number): number {
  return -mean + i * Math.log(mean) - logGamma(i + 1);
}

/**
 * `P(X >= k)` for `X ~ Poisson(mean)`: the chance of a count of at least `k` when `mean` is
 * expected (a probability in [0, 1]). Summed from the terms at k outward in log space, so a large
 * mean or count neither underflows nor loses the tail to `1 - cdf` cancellation (relative error
 * about 1e-13 where the tail is below 1/2).
 *
 * @throws RangeError for a negative or non-finite `mean`, or a `k` that is not a finite integer.
 * @example poissonTail(3, 0.5) // 1 - e^-0.5 (1 + 0.5 + 0.125) = 0.014388
 */
export function poissonTail(k: number, mean: number): number {
  if (!Number.isInteger(k)) throw new RangeError(`poissonTail: k must be an integer, got ${k}`);
  if (!(mean >= 0 && Number.isFinite(mean))) throw new RangeError(`poissonTail: mean must be finite and >= 0, got ${mean}`);
  if (k <= 0) return 1;
  if (mean === 0) return 0;
  if (k > mean) {
    // Upper tail: terms fall by mean / (i + 1) < 1 from i = k on.
    let term = Math.exp(logTerm(k, mean));
    let sum = 0;
    for (let i = k; term > 0 && term > sum * 1e-17; i++) {
      sum += term;
      term *= mean / (i + 1);
    }
    return Math.min(1, sum);
  }
  // Lower part, from i = k - 1 down: terms fall by i / mean <= 1 going down.
  let term = Math.exp(logTerm(k - 1, mean));
  let cdf = 0;
  for (let i = k - 1; i >= 0 && term > cdf * 1e-17; i--) {
    cdf += term;
    term *= i / mean;
  }
  return Math.max(0, 1 - cdf);
}
