import { DataError } from '../../errors.js';
import { Rng } from '../../_internal/rng.js';
import { studentTCdf } from './student-t.js';
import { mean, sampleStd } from './summary.js';

/** Result of a paired comparison of run B against run A on the same users. */
export interface PairedTestResult {
  /** Mean of `b - a`. */
  readonly meanDifference: number;
  /** Two-sided p-value in [0, 1]. */
  readonly pValue: number;
  /** Number of pairs. */
  readonly n: number;
}

function differences(a: ArrayLike<number>, b: ArrayLike<number>): Float64Array {
  if (a.length !== b.length) {
    throw new DataError(`paired test needs vectors of equal length aligned by user, got ${a.length} and ${b.length}`);
  }
  const d = new Float64Array(a.length);
  for (let i = 0; i < a.length; i++) d[i] = b[i]! - a[i]!;
  return d;
}

/**
 * Paired t-test (two-sided) of per-user values `b` against `a` (same users, same order).
 * p = 1 when there are fewer than 2 pairs or all differences are 0; p = 0 when the differences
 * are a non-zero constant.
 * @example pairedTTest([1, 2, 3, 4], [2, 3, 4, 6]).pValue // t = 5, df = 3: 0.01539
 */
export function pairedTTest(a: ArrayLike<number>, b: ArrayLike<number>): PairedTestResult {
  const d = differences(a, b);
  const n = d.length;
  const m = mean(d);
  if (n < 2) return { meanDifference: m, pValue: 1, n };
  const sd = sampleStd(d);
  if (sd === 0) return { meanDifference: m, pValue: m === 0 ? 1 : 0, n };
  const t = m / (sd / Math.sqrt(n));
  const p = 2 * studentTCdf(-Math.abs(t), n - 1);
  return { meanDifference: m, pValue: Math.min(1, Math.max(0, p)), n };
}

/** Options of the paired randomisation test. */
export interface RandomisationOptions {
  /** Number of random sign-flip rounds. @default 10000 */
  readonly rounds?: number;
  /** Seed of the Rng. @default 42 */
  readonly seed?: number;
}

/**
 * Paired randomisation (sign-flip) test, two-sided: under the null each user's difference `b - a`
 * is equally likely to have either sign. p = (1 + #{rounds with |mean| >= |observed|}) / (1 + rounds).
 * Seeded and deterministic.
 */
export function pairedRandomisationTest(
  a: ArrayLike<number>,
  b: ArrayLike<number>,
  options: RandomisationOptions = {},
): PairedTestResult {
  const d = differences(a, b);
  const n = d.length;
  const observed = mean(d);
  if (n === 0) return { meanDifference: 0, pValue: 1, n };
  const rounds = options.rounds ?? 10_000;
  const rng = new Rng(options.seed ?? 42);
  const threshold = Math.abs(observed) * n - 1e-12 * Math.max(1, Math.abs(observed) * n);
  let extreme = 0;
  for (let r = 0; r < rounds; r++) {
    let s = 0;
    for (let i = 0; i < n; i++) s += (rng.nextUint32() & 1) === 0 ? d[i]! : -d[i]!;
    if (Math.abs(s) >= threshold) extreme++;
  }
  return { meanDifference: observed, pValue: (1 + extreme) / (1 + rounds), n };
}
