import type { EvalReport } from './types.js';

const pct = (x: number): string => `${(100 * x).toFixed(1)}%`;

/**
 * Lines describing a report's propensity model and fairness population for the table headers:
 * which model (and how it was fitted), the weight cap, held-out interactions and effective sample
 * size, each run's unsupported exposure share, and every warning (`WARNING: ...`). Empty for a
 * report without either.
 */
export function propensityLines(report: EvalReport): string[] {
  const lines: string[] = [];
  const f = report.fairness;
  if (f !== undefined && f.merchants === 'evidence') {
    lines.push(`fairness metrics cover the ${f.covered} merchants with evidence (a product with training interactions) of ${f.total}`);
  }
  const p = report.propensity;
  if (p === undefined) return lines;
  lines.push(`propensity model ${p.description}`);
  lines.push(
    `corrected metrics (${p.estimators.join(', ')}): ${p.heldOutInteractions} held-out interactions, effective sample size ${p.effectiveSampleSize.toFixed(1)}, mean weight ${p.meanWeight.toFixed(3)}, weights clipped at ${p.clip} (${p.clipped} clipped)`,
  );
  const shares = report.runs.filter((r) => r.propensity !== undefined).map((r) => `${r.name} ${pct(r.propensity!.unsupportedExposure)}`);
  if (shares.length > 0) lines.push(`exposure on items the log cannot value (unsupported): ${shares.join(', ')}`);
  for (const w of p.warnings) lines.push(`WARNING: ${w}`);
  return lines;
}
