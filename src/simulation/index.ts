/**
 * goods-find-people/simulation: the seeded synthetic marketplace generator with its ground
 * truth, and the feedback-loop simulator (exposure -> clicks -> refit, compared across configs
 * on identical seeds). Runs in any JS runtime.
 */
export * from './marketplace/index.js';
export * from './feedback-loop/index.js';
