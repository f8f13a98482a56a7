export type {
  CandidateProtocol,
  EvalDataset,
  EvalPhase,
  EvalProgress,
  EvaluateOptions,
  FixedSplit,
  LedgerProtocol,
  ModelSpec,
  SplitSpec,
} from './types.js';
export { evaluate, resolveMetrics, DEFAULT_EVAL_METRICS } from './evaluate.js';
export { evaluateAsync, type EvaluateAsyncOptions } from './evaluate-async.js';
export { compareRuns, type CompareOptions, type MetricComparison } from './compare.js';
