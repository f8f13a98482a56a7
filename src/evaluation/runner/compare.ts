import type { RunResult } from '../report/types.js';
import { pairedRandomisationTest, pairedTTest } from '../stats/paired-tests.js';
import { mean } from '../stats/summary.js';
import { _pairPerUser } from './pair-users.js';

/** Paired comparison of one metric between two runs on the same users. */
export interface MetricComparison {
  readonly label: string;
  /** Means over the paired users. */
  readonly meanA: number;
  readonly meanB: number;
  /** Mean of `b - a` per user. */
  readonly meanDifference: number;
  /** Number of paired users. */
  readonly n: number;
  /** Two-sided p-value of the paired t-test. */
  readonly pairedT: number;
  /** Two-sided p-value of the paired sign-flip randomisation test. */
  readonly randomisation: number;
}

/** Options of {@link compareRuns}. */
export interface CompareOptions {
  /** Users behind run A's per-user vectors (a report's `users`); with `usersB`, pairs by user id. */
  readonly usersA?: readonly string[];
  /** Users behind run B's per-user vectors; absent: both runs follow `usersA` (same report). */
  readonly usersB?: readonly string[];
  /** Metrics to compare. @default every label with per-user vectors in both runs */
  readonly labels?: readonly string[];
  /** Randomisation test rounds and seed. @default 10000 rounds, seed 42 */
  readonly rounds?: number;
  readonly seed?: number;
}

/**
 * Compares run B with run A metric by metric on their per-user vectors: mean difference `b - a`,
 * a paired t-test and a paired randomisation test (two-sided p-values). Runs of one report share
 * its `users`; runs of two reports are paired by user id (give both reports' `users`).
 * Aggregate metrics (no per-user vector) are skipped.
 *
 * @throws DataError when vectors cannot be paired.
 * @example compareRuns(report.runs[0], report.runs[1])[0] // { label: 'ndcg@10', meanDifference: 0.012, pairedT: 0.003, ... }
 */
export function compareRuns(a: RunResult, b: RunResult, options: CompareOptions = {}): MetricComparison[] {
  const labels = options.labels ?? Object.keys(a.metrics);
  const out: MetricComparison[] = [];
  const own = (run: RunResult, label: string) => (Object.prototype.hasOwnProperty.call(run.metrics, label) ? run.metrics[label] : undefined);
  for (const label of labels) {
    const va = own(a, label)?.perUser;
    const vb = own(b, label)?.perUser;
    if (va === undefined || vb === undefined) continue;
    const [x, y] = _pairPerUser(va, vb, options.usersA, options.usersB ?? options.usersA);
    const t = pairedTTest(x, y);
    const r = pairedRandomisationTest(x, y, { ...(options.rounds === undefined ? {} : { rounds: options.rounds }), ...(options.seed === undefined ? {} : { seed: options.seed }) });
    out.push({ label, meanA: mean(x), meanB: mean(y), meanDifference: t.meanDifference, n: t.n, pairedT: t.pValue, randomisation: r.pValue });
  }
  return out;
}
