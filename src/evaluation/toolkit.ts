/**
 * The offline evaluation toolkit: splitters, metrics, propensity-corrected metrics and their
 * propensity models, statistics, the runner and sweeps, config files (schema and parser), reports
 * and the regression gate. Re-exported by the
 * `goods-find-people/evaluation` entry.
 */
export * from './split/index.js';
export * from './metrics/index.js';
export * from './stats/index.js';
export * from './report/index.js';
export { evaluateLists, type UserList, type MetricSummary, type ListsEvaluation, type EvaluateListsOptions } from './evaluate-lists.js';
export {
  gate,
  parseTolerance,
  parseToleranceSpec,
  type GateOptions,
  type GateCheck,
  type GateResult,
  type Tolerance,
} from './gate.js';
export { renderGateMarkdown, renderGateJUnit, renderGateErrorMarkdown, renderGateErrorJUnit, type GateInputs } from './gate-summary.js';
export * from './runner/index.js';
export * from './propensity/index.js';
export * from './config/index.js';
export {
  runSweep,
  expandSweep,
  defaultTradeoffAxes,
  sweepMetrics,
  type SweepGrid,
  type ModelSweep,
  type SweepRunResult,
} from './sweep-run.js';
