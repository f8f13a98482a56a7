/**
 * goods-find-people/simulation: the seeded synthetic marketplace generator with its ground
 * truth (and the feedback-loop simulator). Runs in any JS runtime.
 */
export * from './marketplace/index.js';
