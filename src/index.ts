/**
 * goods-find-people: the core entry. Runs in any JS runtime (no Node-only modules);
 * nothing happens on import.
 */
export * from './errors.js';
export * from './schema/index.js';
export * from './dataset/index.js';
export * from './signals/index.js';
export * from './engine/index.js';
export * from './fairness/index.js';
export * from './parallel/index.js';
