export {
  ClickModelSchema,
  ExplorationSchema,
  FeedbackLoopOptionsSchema,
  parseFeedbackLoopOptions,
  type ClickModel,
  type ClickModelInput,
  type Exploration,
  type FeedbackLoopOptions,
  type FeedbackLoopOptionsInput,
} from './options.js';
export { clickProbability, drawClicks, type UniformSource } from './click-model.js';
export type { ShownSlate } from './exploration.js';
export { truthPreferences, type UserPreferences } from './preferences.js';
export { sampleRoundUsers, clickSeed } from './sample-users.js';
export { createSlateMetrics, simulationMetricContext, type SlateMetrics, type SlateMetricsAccumulator } from './round-metrics.js';
export {
  simulateFeedbackLoop,
  type FeedbackLoopInput,
  type FeedbackLoopResult,
  type FeedbackLoopRound,
  type FeedbackLoopSummary,
} from './simulate.js';
export { compareFeedbackLoops, lambdaVariants, type FeedbackLoopVariant } from './compare.js';
export { feedbackLoopTables, meritErrorTable } from './table.js';
export { meritError, trueMeritShares } from './merit-error.js';
