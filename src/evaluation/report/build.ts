import type { MetricSummary } from '../evaluate-lists.js';
import type { SplitReport } from '../split/types.js';
import type { JsonValue, MetricResult, RunPropensityInfo, RunResult, SplitInfo } from './types.js';

/** Input of {@link createRunResult}: metric summaries and timings as Maps. */
export interface RunResultInput {
  readonly name: string;
  readonly config?: { readonly [key: string]: JsonValue };
  readonly metrics: ReadonlyMap<string, MetricSummary>;
  /** Seconds per phase. */
  readonly timings?: ReadonlyMap<string, number>;
  /** Keep per-user vectors in the report (needed for the gate's significance test). @default true */
  readonly keepPerUser?: boolean;
  /** With a propensity model: the run's unsupported exposure. */
  readonly propensity?: RunPropensityInfo;
}

/** Builds a {@link RunResult} (JSON shape) from Maps; label keys become own properties safely. */
export function createRunResult(input: RunResultInput): RunResult {
  const metrics: Record<string, MetricResult> = Object.create(null) as Record<string, MetricResult>;
  for (const [label, s] of input.metrics) {
    const result: MetricResult =
      s.perUser !== undefined && input.keepPerUser !== false
        ? { mean: s.mean, ci95: [s.ci95[0], s.ci95[1]], perUser: s.perUser }
        : { mean: s.mean, ci95: [s.ci95[0], s.ci95[1]] };
    Object.defineProperty(metrics, label, { value: result, enumerable: true, writable: true, configurable: true });
  }
  const timings: Record<string, number> = Object.create(null) as Record<string, number>;
  for (const [phase, seconds] of input.timings ?? []) {
    Object.defineProperty(timings, phase, { value: seconds, enumerable: true, writable: true, configurable: true });
  }
  return {
    name: input.name,
    config: input.config ?? {},
    metrics: { ...metrics },
    timings: { ...timings },
    ...(input.propensity === undefined ? {} : { propensity: { ...input.propensity } }),
  };
}

/** A run's metrics as a Map by label (the way to read a {@link RunResult} in code). */
export function runMetrics(run: RunResult): Map<string, MetricResult> {
  return new Map(Object.entries(run.metrics));
}

/** The {@link SplitInfo} of a splitter's report, with its parameters. */
export function splitInfo(report: SplitReport, params?: { readonly [key: string]: JsonValue }): SplitInfo {
  return {
    strategy: report.strategy,
    trainEvents: report.trainEvents,
    testEvents: report.testEvents,
    trainUsers: report.trainUsers,
    testUsers: report.testUsers,
    ...(report.droppedTestEvents > 0 ? { droppedTestEvents: report.droppedTestEvents, droppedUsers: report.usersWithoutTrain.length } : {}),
    ...(report.cutoff === undefined ? {} : { cutoff: report.cutoff }),
    ...(params === undefined ? {} : { params }),
  };
}
