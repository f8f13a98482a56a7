import type { RecommenderConfigInput } from '../../engine/index.js';
import { simulateFeedbackLoop, type FeedbackLoopInput, type FeedbackLoopResult } from './simulate.js';

/** One configuration of a comparison: a label and the recommender config it runs. */
export interface FeedbackLoopVariant {
  readonly label: string;
  readonly recommender: RecommenderConfigInput;
}

/**
 * Runs the same feedback loop (same marketplace, users, seeds and settings) once per variant, so
 * the runs differ only in the recommender config: the first round's users are the same in
 * every run, and a user's click draws in a round come from the same seed.
 *
 * @example compareFeedbackLoops({ marketplace, rounds: 10, variants: lambdaVariants([0, 0.2]) }).map((r) => r.summary.smallTierShare)
 */
export function compareFeedbackLoops(
  input: Omit<FeedbackLoopInput, 'recommender' | 'label'> & { readonly variants: readonly FeedbackLoopVariant[] },
): FeedbackLoopResult[] {
  const { variants, ...shared } = input;
  return variants.map((v) => simulateFeedbackLoop({ ...shared, recommender: v.recommender, label: v.label }));
}

/**
 * One variant per fairness lambda over a base recommender config (other fairness settings kept),
 * labelled `lambda=0.2`.
 *
 * @example lambdaVariants([0, 0.3]).map((v) => v.label) // ['lambda=0', 'lambda=0.3']
 */
export function lambdaVariants(lambdas: readonly number[], base: RecommenderConfigInput = {}): FeedbackLoopVariant[] {
  return lambdas.map((lambda) => ({
    label: `lambda=${lambda}`,
    recommender: { ...base, fairness: { ...base.fairness, rerank: { ...base.fairness?.rerank, lambda } } },
  }));
}
