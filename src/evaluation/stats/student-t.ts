import { ConfigError } from '../../errors.js';
import { regularisedIncompleteBeta } from './incomplete-beta.js';

/**
 * Cumulative distribution function of Student's t with `df` degrees of freedom (df > 0).
 * @example studentTCdf(0, 5) // 0.5
 */
export function studentTCdf(t: number, df: number): number {
  if (!(df > 0)) throw new ConfigError(`degrees of freedom must be positive, got ${df}`, 'df');
  if (t === Number.POSITIVE_INFINITY) return 1;
  if (t === Number.NEGATIVE_INFINITY) return 0;
  const tail = 0.5 * regularisedIncompleteBeta(df / (df + t * t), df / 2, 0.5);
  return t >= 0 ? 1 - tail : tail;
}

/**
 * Quantile of Student's t: the `t` with `studentTCdf(t, df) = p`, for p in (0, 1) (bisection on
 * the CDF, then Newton polishing; about 1e-12).
 * @example studentTQuantile(0.975, 10) // 2.228138852
 */
export function studentTQuantile(p: number, df: number): number {
  if (!(p > 0 && p < 1)) throw new ConfigError(`probability must be in (0, 1), got ${p}`, 'p');
  if (!(df > 0)) throw new ConfigError(`degrees of freedom must be positive, got ${df}`, 'df');
  if (p === 0.5) return 0;
  if (p < 0.5) return -studentTQuantile(1 - p, df);
  let lo = 0;
  let hi = 1;
  while (studentTCdf(hi, df) < p) hi *= 2;
  for (let i = 0; i < 200 && hi - lo > 1e-13 * Math.max(1, hi); i++) {
    const mid = (lo + hi) / 2;
    if (studentTCdf(mid, df) < p) lo = mid;
    else hi = mid;
  }
  return (lo + hi) / 2;
}
