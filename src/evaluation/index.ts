/**
 * goods-find-people/evaluation: splitters, metrics, statistics, the evaluation runner, reports
 * and the regression gate. Runs in any JS runtime.
 */
export * from './toolkit.js';
