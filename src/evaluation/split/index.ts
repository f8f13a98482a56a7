export type { SplitCheckOptions, SplitReport, SplitResult } from './types.js';
export { temporalSplit, type TemporalSplitOptions } from './temporal.js';
export { leaveLastNSplit, type LeaveLastNOptions } from './leave-last-n.js';
export { randomHoldoutSplit, type RandomHoldoutOptions } from './random-holdout.js';
