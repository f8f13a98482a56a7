export type {
  EvalReport,
  RunResult,
  MetricResult,
  DatasetInfo,
  SplitInfo,
  JsonValue,
  EvaluatedUsersInfo,
  NotEvaluatedCounts,
  PropensityInfo,
  RunPropensityInfo,
  FairnessPopulationInfo,
  ProtocolInfo,
  MerchantTierCounts,
} from './types.js';
export { createRunResult, runMetrics, splitInfo, type RunResultInput } from './build.js';
export { EvalReportSchema, RunResultSchema, MetricResultSchema, PropensityInfoSchema, ProtocolInfoSchema, parseEvalReport, readEvalReportJson } from './schema.js';
export { propensityLines } from './propensity-lines.js';
export { placeLabels, boxesOverlap, type Box } from './label-placement.js';
export { renderConsoleTable, renderMarkdown, renderJson, renderCsv, reportHeader, reportLabels, reportPhases, type TableOptions } from './render.js';
export {
  sweepFromReport,
  renderSweepTable,
  renderTradeoffSvg,
  niceTicks,
  type Sweep,
  type SweepPoint,
  type SweepTableOptions,
  type TradeoffChartOptions,
} from './sweep.js';
