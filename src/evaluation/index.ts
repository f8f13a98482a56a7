/**
 * goods-find-people/evaluation: splitters, metrics, statistics, the evaluation runner, reports,
 * the regression gate and the blend tuner. Runs in any JS runtime.
 */
export * from './toolkit.js';
export * from './tune/index.js';
